using System.Buffers;
using System.Text.Json;
using HashMatch.Matching;

namespace HashMatch.Tests.Support;

/// <summary>
/// Every member of a <see cref="MatchCandidate"/> as text, for comparing candidates from two matchers: candidates are
/// results compared by reference, and this is what <c>hashmatch match --format jsonl</c> writes for one, so a member
/// added later is compared too.
/// </summary>
internal static class CandidateText
{
    public static string Of(MatchCandidate candidate)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            MatchCandidateJson.WriteMembers(json, candidate);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string[] Of(IEnumerable<MatchCandidate> candidates) => [.. candidates.Select(Of)];
}
