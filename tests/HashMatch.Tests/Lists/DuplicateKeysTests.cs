using HashMatch.Lists;

namespace HashMatch.Tests.Lists;

[Trait("Cost", "Slow")]
public sealed class DuplicateKeysTests
{
    [Fact]
    public void Repeats_across_sorted_chunks_are_found_with_their_first_line_in_line_order()
    {
        // 2.5 million keys (three chunks of 2^20), every 100,003rd repeating an earlier key from another chunk.
        var random = new Random(5);
        var keys = new DuplicateKeys();
        var first = new Dictionary<UInt128, int>();
        var expected = new List<(int, int)>();
        var seen = new List<UInt128>();
        for (int line = 1; line <= 2_500_000; line++)
        {
            UInt128 key = line % 100_003 == 0 ? seen[random.Next(seen.Count)] : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            seen.Add(key);
            if (!first.TryAdd(key, line))
            {
                expected.Add((line, first[key]));
            }

            keys.Add(key, line);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, keys.Repeats());
    }

    [Fact]
    public void No_keys_no_repeats()
    {
        Assert.Empty(new DuplicateKeys().Repeats());
    }
}
