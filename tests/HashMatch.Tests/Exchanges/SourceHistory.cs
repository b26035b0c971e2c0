using HashMatch.Lists;

namespace HashMatch.Tests.Exchanges;

/// <summary>
/// A programme's list as a history of changes (additions, changes, withdrawals at increasing times, several at the
/// same time), made from a seed; its final state is what a bank kept in sync must end equal to.
/// </summary>
internal sealed class SourceHistory
{
    public SourceHistory(int seed, int ids, int events)
    {
        var random = new Random(seed);
        long time = 1_700_000_000;
        for (int i = 0; i < events; i++)
        {
            time += random.Next(0, 3) * random.Next(1, 400); // some events share a time
            string id = (1000 + random.Next(ids)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            bool withdraw = Latest.ContainsKey(id) && random.Next(5) == 0;
            var change = new SourceEvent(time, id, withdraw ? null : Hash(random), random.Next(3) == 0 ? "A1" : "B1", random.Next(2) == 0);
            Events.Add(change);
            Latest[id] = change;
        }
    }

    public List<SourceEvent> Events { get; } = [];

    /// <summary>Each id's last event.</summary>
    public Dictionary<string, SourceEvent> Latest { get; } = new(StringComparer.Ordinal);

    /// <summary>The ids the list holds at the end, with their PDQ hash.</summary>
    public IReadOnlyDictionary<string, PdqHash> Final() =>
        Latest.Values.Where(e => e.Pdq is not null).ToDictionary(e => e.Id, e => e.Pdq!.Value, StringComparer.Ordinal);

    /// <summary>The ids' last events ordered by time and id (what "changed since" APIs return).</summary>
    public List<SourceEvent> Ordered() => [.. Latest.Values.OrderBy(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal)];

    private static PdqHash Hash(Random random)
    {
        byte[] bytes = new byte[32];
        random.NextBytes(bytes);
        return PdqHash.FromBytes(bytes);
    }
}

/// <summary>One change of a source: at a time, an id gets a PDQ hash (or is withdrawn when null), a classification and a flag used for video.</summary>
internal sealed record SourceEvent(long Time, string Id, PdqHash? Pdq, string Classification, bool Flag)
{
    /// <summary>An MD5 derived from the PDQ hash (for the programmes that send exact hashes too).</summary>
    public string Md5 => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Pdq!.Value.ToByteArray()));

    public static ListEntry? Entry(SourceEvent e) => e.Pdq is null ? null : new ListEntry { Id = e.Id, Pdq = e.Pdq };
}
