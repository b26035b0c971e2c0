using HashMatch.Server.Storage;

namespace HashMatch.Tests.Server;

/// <summary>
/// Decision ids: well formed, never repeated, and ordered by time (so the store appends them instead of writing to
/// random index pages, docs/review.md "What recording costs").
/// </summary>
public sealed class DecisionIdTests
{
    [Fact]
    public void Ids_made_later_sort_later_and_ids_made_in_the_same_millisecond_differ()
    {
        var start = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        string[] ids = [.. Enumerable.Range(0, 2000).Select(i => DecisionRecord.NewId(start.AddMilliseconds(i / 4)))];

        Assert.All(ids, id => Assert.True(DecisionRecord.IsWellFormed(id), id));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        for (int i = 4; i < ids.Length; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 4], ids[i]) < 0, $"{ids[i - 4]} (made earlier) sorts after {ids[i]}");
        }

        // The time is the first 48 bits: 2026-12-07T12:00:00Z in milliseconds.
        Assert.StartsWith(start.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture), ids[0], StringComparison.Ordinal);
    }
}
