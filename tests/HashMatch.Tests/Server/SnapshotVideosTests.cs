using HashMatch.Hashing;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Server.Indexing;
using HashMatch.Server.Storage;
using HashMatch.Video;

namespace HashMatch.Tests.Server;

/// <summary>
/// A snapshot's video index is built once per set of videos: snapshots published for image changes or settings share
/// it, and still match with their own banks' thresholds; a change to the videos makes a new one.
/// </summary>
public sealed class SnapshotVideosTests
{
    [Fact]
    public void Snapshots_with_the_same_videos_share_the_index_and_apply_their_own_thresholds()
    {
        var random = new Random(26);
        VpdqFrameHash[] frames = [.. Enumerable.Range(0, 10).Select(i => new VpdqFrameHash(i * 25, 100, RandomHashes.Next(random), i))];
        var video = new VideoEntry("v1", frames, null, null, EntryMetadata.None);
        var record = new BankRecord(1, new BankSettings { Name = "videos" }, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        BankIndex bank = BankIndex.Built(record, KnownList.Create("videos", [], record.Settings.Options), BankVideos.Of([video]), 1, TimeSpan.Zero);
        var options = new ImageHasherOptions();
        var first = new IndexSnapshot(1, [bank], options);

        // Four of the query's ten frames are the video's: 40 %, under the default 80.
        VpdqFrameHash[] query = [.. frames[..4], .. Enumerable.Range(4, 6).Select(i => new VpdqFrameHash(i * 25, 100, RandomHashes.Next(random), i))];
        Assert.Empty(first.Videos.Match(query, null, first));

        BankIndex loosened = bank.WithSettings(record with { Settings = record.Settings with { VpdqMatchPercent = 40 } });
        var second = new IndexSnapshot(2, [loosened], options, first);
        Assert.Same(first.Videos, second.Videos);
        VideoCandidate found = Assert.Single(second.Videos.Match(query, null, second));
        Assert.Equal(("videos", "v1", 60, 60), (found.Bank, found.EntryId, found.Distance, found.Threshold));

        var third = new IndexSnapshot(3, [loosened.WithChanges(new KnownListChanges(), false, loosened.Videos.Without("v1"))], options, second);
        Assert.NotSame(second.Videos, third.Videos);
        Assert.Empty(third.Videos.Match(query, null, third));

        // A disabled bank is left out of the index, which is then a new one too.
        var disabled = new IndexSnapshot(4, [loosened.WithSettings(record with { Settings = record.Settings with { Enabled = false } })], options, second);
        Assert.NotSame(second.Videos, disabled.Videos);
        Assert.Empty(disabled.Videos.Match(frames, null, disabled));
    }
}
