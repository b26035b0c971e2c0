using System.Text.Json;
using HashMatch.Server.Api.Contracts;

namespace HashMatch.Server.Api;

/// <summary>
/// Reads a <c>/v1/lookup</c> body, <c>{"hashes":[{...},...]}</c>, one hash object at a time, so that the count is
/// checked as the array is read: binding the whole array first let 33 MB of <c>{}</c> cost 1.3 GB and 12.6 s before
/// the 10,000 check said no (issue 22, finding 5). At most <see cref="MaxHashes"/> + 1 objects are ever built.
/// </summary>
internal static class LookupBody
{
    /// <summary>Most hashes one lookup may carry.</summary>
    public const int MaxHashes = 10_000;

    /// <summary>What the body's JSON is, for messages.</summary>
    public const string Shape = "the body is {\"hashes\":[{\"pdq\":\"<64 hex digits>\",\"quality\":90},{\"md5\":\"...\"},...]}";

    /// <summary>The hashes of the body, or the problem to answer (400 malformed, 413 more than <see cref="MaxHashes"/>).</summary>
    public static (List<LookupHash>? Hashes, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem) Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        List<LookupHash>? hashes = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, Problems.Result(400, "No hashes", Shape));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isHashes = reader.ValueTextEquals("hashes"u8);
                reader.Read();
                if (!isHashes)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return (null, Problems.Result(400, "No hashes", Shape));
                }

                hashes = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (hashes.Count == MaxHashes)
                    {
                        return (null, Problems.Result(413, "Too many hashes", $"more than {MaxHashes:N0} hashes; at most {MaxHashes:N0} per request"));
                    }

                    LookupHash? hash = JsonSerializer.Deserialize(ref reader, ServerJson.Default.LookupHash);
                    if (hash is null)
                    {
                        return (null, Problems.Result(400, "Invalid hash", $"hashes[{hashes.Count}]: null"));
                    }

                    hashes.Add(hash);
                }
            }
        }
        catch (JsonException e)
        {
            return (null, Problems.Result(400, "Malformed JSON", $"{e.Message} ({Shape})"));
        }

        return hashes is { Count: > 0 } ? (hashes, null) : (null, Problems.Result(400, "No hashes", Shape));
    }
}
