using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Tests.Server;

/// <summary><c>GET /v1/banks/{name}/entries</c> (issue 28: the console's entry search) on both stores.</summary>
[Trait("Cost", "Integration")]
public sealed class EntrySearchTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Entries_are_found_by_id_text_and_pdq_distance_and_paged(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        var random = new Random(2828);
        ListEntry[] entries = [.. Enumerable.Range(0, 120).Select(i => new ListEntry
        {
            Id = $"e{i:D3}",
            Pdq = RandomHashes.Next(random),
            Quality = 90,
            Metadata = new EntryMetadata { Category = i % 10 == 0 ? "Cat_A" : "other", Note = i == 7 ? "100% sure" : null },
        })];
        await server.CreateBank("""{"name":"known"}""");
        await server.Import("known", MatchingApiTests.ToTsv(entries));
        async Task<string[]> Ids(string query, HttpClient? client = null, int expected = 200)
        {
            JsonElement found = await TestServer.Send(client ?? server.Write, HttpMethod.Get, $"/v1/banks/known/entries?{query}", null, expected);
            return expected != 200 ? [] : [.. found.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry").GetProperty("id").GetString()!)];
        }

        Assert.Equal(["e042"], await Ids("id=e042"));
        Assert.Equal(["e000", "e010", "e020"], await Ids("q=cat_a&limit=3")); // case-insensitive, in the order added
        Assert.Equal(["e030", "e040"], await Ids("q=CAT_A&offset=3&limit=2"));
        Assert.Equal(["e007"], await Ids("q=100%25")); // the % is text, not a wildcard
        Assert.Empty(await Ids("q=cat%25a")); // nor here: "cat%a" is in no entry
        Assert.Equal(50, (await Ids("")).Length);

        string near = RandomHashes.Flip(entries[5].Pdq!.Value, 9, random).ToString();
        JsonElement byHash = await TestServer.Send(server.Write, HttpMethod.Get, $"/v1/banks/known/entries?pdq={near}&max_distance=10", null);
        JsonElement only = Assert.Single(byHash.GetProperty("entries").EnumerateArray());
        Assert.Equal(("e005", 9, "other"), (only.GetProperty("entry").GetProperty("id").GetString(), only.GetProperty("distance").GetInt32(), only.GetProperty("entry").GetProperty("category").GetString()));
        Assert.Empty(await Ids($"pdq={near}&max_distance=8"));

        await Ids("pdq=xyz", expected: 400);
        await Ids("limit=501", expected: 400);
        await Ids($"pdq={near}&max_distance=97", expected: 400);
        await Ids("q=a", server.Read, expected: 403); // entries with their sources: the write scope, as export
    }
}
