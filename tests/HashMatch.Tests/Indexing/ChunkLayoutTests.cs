using HashMatch.Indexing;

namespace HashMatch.Tests.Indexing;

/// <summary>
/// Multi-index hashing with every chunk layout it builds — 16 × 16 and 8 × 32 bits and the layouts sized to the
/// list, whose chunks of 19–24 bits straddle the hash's 64-bit words — returns exactly the brute-force answer, with
/// the probing path forced at every radius (the cost model would scan small lists) and through the public index.
/// </summary>
public sealed class ChunkLayoutTests
{
    public static TheoryData<int, bool> Layouts()
    {
        var data = new TheoryData<int, bool>();
        foreach (int chunks in new[] { 8, 11, 12, 13, 14, 15, 16 })
        {
            data.Add(chunks, false);
            data.Add(chunks, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Probing_equals_the_naive_loop_for_every_radius_up_to_64(int chunks, bool clustered)
    {
        IndexEntry[] entries = clustered ? IndexData.Clustered(chunks, 3000) : IndexData.Entries(chunks, 3000);
        ChunkLayout layout = ChunkLayout.Even(chunks);
        var segment = new MultiIndexSegment(HashStore.From(entries), layout) { AlwaysProbe = true };
        PdqHash[] queries = IndexData.Queries(entries, chunks + 100, 9);
        var found = new List<IndexMatch>();

        // 8 chunks of 32 bits probe C(32, ≤ s) values per chunk: forced probing stops at r = 31 (44,000 probes).
        int maxRadius = layout.Width(0) > ChunkLayout.MaxDirectBits ? 31 : 64;
        for (int r = 0; r <= maxRadius; r++)
        {
            foreach (PdqHash query in queries)
            {
                Assert.True(segment.WouldProbe(query, r));
                found.Clear();
                segment.Search(query, r, found);
                found.Sort();
                Assert.True(IndexData.Naive(entries, query, r).SequenceEqual(found), $"{layout}, r = {r}: {found.Count} found");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Cost", "Slow")]
    public void Every_public_structure_equals_the_naive_loop_at_300_000_entries(bool clustered)
    {
        // Large enough for the sized layout to have 15 chunks of 17–18 bits and for every structure to probe at small
        // radii and scan at large ones.
        IndexEntry[] entries = clustered ? IndexData.Clustered(5, 300_000, centres: 256) : IndexData.Entries(5, 300_000);
        PdqHash[] queries = IndexData.Queries(entries, 6, 6);
        Assert.Equal(15, ChunkLayout.Sized(entries.Length).Count);
        List<IndexMatch>[] everything = [.. queries.Select(q => IndexData.Naive(entries, q, PdqHash.BitLength))];
        var found = new List<IndexMatch>();
        foreach (IndexKind kind in Enum.GetValues<IndexKind>())
        {
            HashIndex index = HashIndex.Create(kind, entries);
            foreach (int r in new[] { 0, 1, 2, 5, 8, 13, 16, 24, 31, 32, 40, 47, 48, 64 })
            {
                for (int q = 0; q < queries.Length; q++)
                {
                    found.Clear();
                    index.Query(queries[q], r, found);
                    Assert.True(everything[q].TakeWhile(m => m.Distance <= r).SequenceEqual(found), $"{kind}, r = {r}");
                }
            }
        }
    }

    [Fact]
    public void Chunks_straddling_words_extract_the_right_bits()
    {
        var random = new Random(4);
        foreach (int chunks in new[] { 8, 11, 12, 13, 14, 15, 16 })
        {
            ChunkLayout layout = ChunkLayout.Even(chunks);
            Assert.Equal(PdqHash.BitLength, layout.Widths.ToArray().Sum());
            for (int i = 0; i < 50; i++)
            {
                PdqHash hash = IndexData.RandomHash(random);
                Span<ulong> row = [hash.GetWord(0), hash.GetWord(1), hash.GetWord(2), hash.GetWord(3)];
                for (int c = 0; c < layout.Count; c++)
                {
                    uint expected = 0;
                    for (int b = 0; b < layout.Width(c); b++)
                    {
                        expected |= (hash.GetBit(layout.Start(c) + b) ? 1u : 0u) << b;
                    }

                    Assert.Equal(expected, layout.Extract(hash, c));
                    Assert.Equal(expected, ChunkLayout.Extract(row, 0, layout.Start(c), layout.Width(c)));
                }
            }
        }
    }

    [Theory]
    [InlineData(1_000, 16)]
    [InlineData(100_000, 16)]
    [InlineData(300_000, 15)]
    [InlineData(1_000_000, 14)]
    [InlineData(3_000_000, 13)]
    [InlineData(10_000_000, 12)]
    [InlineData(100_000_000, 11)]
    public void The_sized_layout_has_about_log2_N_bits_per_chunk(long rows, int chunks)
    {
        ChunkLayout layout = ChunkLayout.Sized(rows);
        Assert.Equal(chunks, layout.Count);
        Assert.All(layout.Widths.ToArray(), w => Assert.InRange(w, 16, ChunkLayout.MaxDirectBits));
        Assert.True(layout.Width(0) >= layout.Width(layout.Count - 1)); // the wider chunks first: they get the larger radius
    }

    [Fact]
    public void The_chooser_picks_the_sized_layout_for_large_lists_below_r_48()
    {
        Assert.Equal(IndexKind.LinearScan, HashIndex.ChooseKind(1_000, 31));
        Assert.Equal(IndexKind.MultiIndex16, HashIndex.ChooseKind(10_000, 31));
        Assert.Equal(IndexKind.MultiIndexSized, HashIndex.ChooseKind(HashIndex.SizedFrom, 31));
        Assert.Equal(IndexKind.MultiIndexSized, HashIndex.ChooseKind(100_000_000, 31));
        Assert.Equal(IndexKind.LinearScan, HashIndex.ChooseKind(100_000_000, 48));
    }

    [Theory]
    [InlineData(new[] { 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 15 })] // 255 bits
    [InlineData(new[] { 128, 128 })]                                                  // wider than 32
    [InlineData(new[] { 0, 32, 32, 32, 32, 32, 32, 32, 32 })]                        // an empty chunk
    public void Layouts_that_do_not_cover_the_hash_are_refused(int[] widths) =>
        Assert.Null(ChunkLayout.Of(widths));
}
