using HashMatch.Video;

namespace HashMatch.Tests.Video;

/// <summary>vPDQ video matching on the reference hashes: brute force, the index, and their agreement.</summary>
[Trait("Cost", "Integration")]
public sealed class VpdqMatchingTests(ITestOutputHelper output)
{
    private static IReadOnlyList<VpdqFrameHash> Reference(string clip) => VpdqFile.Read(VideoReference.ReferenceVpdqPath(clip));

    [Fact]
    public void A_video_matches_itself_fully_and_our_hash_matches_the_published_one()
    {
        VpdqMatchResult self = VpdqMatcher.Match(Reference("chair-19-sd-bar"), Reference("chair-19-sd-bar"));
        Assert.Equal((100.0, 100.0, true), (self.QueryMatchPercent, self.ComparedMatchPercent, self.IsMatch));

        VpdqMatchResult ours = VpdqMatcher.Match(VideoReference.OurVpdq("chair-19-sd-bar"), Reference("chair-19-sd-bar"));
        Assert.True(ours.IsMatch);
        Assert.Equal(100.0, ours.QueryMatchPercent);
    }

    [Fact]
    public void Chair_variants_match_and_chair_never_matches_pattern()
    {
        string[] chairs = [.. VideoReference.Clips.Where(c => c.StartsWith("chair-22", StringComparison.Ordinal) || c == "chair-orig-22-sd-bar")];
        string[] patterns = [.. VideoReference.Clips.Where(c => c.StartsWith("pattern", StringComparison.Ordinal))];
        foreach (string a in chairs)
        {
            foreach (string b in patterns)
            {
                VpdqMatchResult r = VpdqMatcher.Match(Reference(a), Reference(b));
                Assert.False(r.IsMatch, $"{a} vs {b}: {r}");
                Assert.True(r.QueryMatchPercent < 5, $"{a} vs {b}: {r}");
            }
        }

        // Re-encodings of the same 22-second chair clip (grey, sepia, original) share most frames.
        VpdqMatchResult grey = VpdqMatcher.Match(Reference("chair-22-sd-grey-bar"), Reference("chair-orig-22-sd-bar"));
        output.WriteLine($"grey vs orig: {grey}");
        Assert.True(grey.IsMatch);
    }

    [Fact]
    public void The_index_gives_the_brute_force_percentages_for_every_pair_and_reports_segments()
    {
        var index = new VpdqVideoIndex();
        foreach (string clip in VideoReference.Clips)
        {
            index.Add(clip, Reference(clip));
        }

        Assert.Throws<ArgumentException>(() => index.Add(VideoReference.Clips[0], Reference(VideoReference.Clips[0])));
        foreach (string query in VideoReference.Clips)
        {
            var found = index.Query(Reference(query)).ToDictionary(m => m.VideoId);
            foreach (string clip in VideoReference.Clips)
            {
                VpdqMatchResult brute = VpdqMatcher.Match(Reference(query), Reference(clip));
                if (found.TryGetValue(clip, out VpdqVideoMatch? hit))
                {
                    Assert.Equal(brute, hit.Result);
                    Assert.NotEmpty(hit.Segments);
                    Assert.InRange(hit.Segments.Sum(s => s.FrameCount), 1, Reference(query).Count(f => f.Quality >= 50));
                    Assert.All(hit.Segments, s => Assert.True(s.QueryStart <= s.QueryEnd && s.ComparedStart <= s.ComparedEnd));
                }
                else
                {
                    Assert.Equal(0, brute.QueryMatchPercent);
                }
            }

            // A video against itself: one segment covering its whole compared length.
            VpdqVideoMatch self = found[query];
            Assert.True(self.Result.IsMatch);
            var kept = Reference(query).Where(f => f.Quality >= 50).ToList();
            Assert.Equal(kept.Min(f => f.Timestamp), self.Segments[0].QueryStart);
            Assert.Equal(kept.Max(f => f.Timestamp), self.Segments[^1].QueryEnd);
        }
    }

    [Fact]
    public void A_clip_cut_from_a_video_is_found_with_its_time_range()
    {
        // The middle third of chair-19 as the query: all of its frames match, a third of the video's.
        IReadOnlyList<VpdqFrameHash> full = Reference("chair-19-sd-bar");
        var middle = full.Where(f => f.Timestamp >= 6 && f.Timestamp < 12).ToList();
        var index = new VpdqVideoIndex();
        index.Add("chair-19", full);
        index.Add("pattern", Reference("pattern-hd-no-bar"));
        VpdqVideoMatch hit = Assert.Single(index.Query(middle), m => m.Result.IsMatch);
        Assert.Equal("chair-19", hit.VideoId);
        Assert.Equal(100, hit.Result.QueryMatchPercent);
        Assert.InRange(hit.Result.ComparedMatchPercent, 20, 50);
        VpdqSegment longest = hit.Segments.MaxBy(s => s.FrameCount);
        output.WriteLine(string.Join(", ", hit.Segments));
        Assert.InRange(longest.ComparedStart, 5, 7);
        Assert.InRange(longest.ComparedEnd, 11, 13);
    }

    [Fact]
    public void Quality_and_distance_thresholds_are_applied()
    {
        PdqHash a = PdqHash.Parse("e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c");
        PdqHash b = new(a.GetWord(0) ^ 0x7FFF_FFFFUL, a.GetWord(1), a.GetWord(2), a.GetWord(3)); // 31 bits away
        PdqHash c = new(a.GetWord(0) ^ 0xFFFF_FFFFUL, a.GetWord(1), a.GetWord(2), a.GetWord(3)); // 32 bits away
        Assert.True(VpdqMatcher.Match([new(0, 90, a, 0)], [new(0, 90, b, 0)]).IsMatch);
        Assert.False(VpdqMatcher.Match([new(0, 90, a, 0)], [new(0, 90, c, 0)]).IsMatch);
        VpdqMatchResult lowQuality = VpdqMatcher.Match([new(0, 49, a, 0)], [new(0, 90, a, 0)]);
        Assert.Equal((0, false), (lowQuality.QueryFramesCompared, lowQuality.IsMatch));
        Assert.True(VpdqMatcher.Match([new(0, 49, a, 0)], [new(0, 49, a, 0)], new VpdqMatchOptions { MinQuality = 40 }).IsMatch);
    }
}
