using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Review;
using HashMatch.Server.Storage;
using HashMatch.Video;

namespace HashMatch.Server.Indexing;

/// <summary>
/// The enabled banks' video entries of one snapshot, matched as the references match videos: vPDQ through one
/// library <see cref="VpdqVideoIndex"/> over every video's frames (frames of quality 50 or more within 31 bits, as
/// ThreatExchange does; each bank's <see cref="BankSettings.VpdqMatchPercent"/> of the query's frames, 80 % by
/// default), TMK by comparing the query's signature with each stored one (level 1 first, level 2 only when level 1
/// passes, both at the bank's <see cref="BankSettings.TmkMatchPercent"/>, the reference's 0.70 by default). Built on
/// the first video query after the enabled banks' videos changed (snapshots with the same videos share it), not when
/// a snapshot is published: image-only services never pay for it. Thread-safe once built.
/// </summary>
internal sealed class SnapshotVideos
{
    private readonly VpdqVideoIndex _vpdq = new(VpdqOptions);
    private readonly List<(string Bank, VideoEntry Video)> _byOrdinal = [];
    private readonly List<(string Bank, VideoEntry Video)> _tmk = [];

    public SnapshotVideos(IEnumerable<BankIndex> enabledBanks)
    {
        foreach (BankIndex bank in enabledBanks)
        {
            foreach (VideoEntry video in bank.Videos.All)
            {
                if (video.Vpdq is { } frames)
                {
                    // The index wants unique ids; ids repeat across banks (and may within one), so videos go in by ordinal.
                    _vpdq.Add(_byOrdinal.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), frames);
                    _byOrdinal.Add((bank.Name, video));
                }

                if (video.Tmk is not null)
                {
                    _tmk.Add((bank.Name, video));
                }
            }
        }

        _ = _vpdq.Query([]); // builds the hash index now, so that concurrent queries only read it
    }

    /// <summary>
    /// vPDQ's frame thresholds (ThreatExchange's: quality 50, distance 31), with no percentage: the index reports every
    /// video sharing a frame, and each bank's percentage decides.
    /// </summary>
    public static VpdqMatchOptions VpdqOptions { get; } = VpdqMatchOptions.Default with { QueryMatchPercent = 0, ComparedMatchPercent = 0 };

    /// <summary>
    /// The videos <paramref name="frames"/> (and <paramref name="tmk"/>, when given) match, vPDQ candidates first
    /// (best query percentage first), then TMK ones (best level 2 first); verdicts are Match here, and become Excluded later
    /// when an exclusion bank matched the query by any technology (the caller sees the exact-hash candidates too). A stored signature not comparable with the query's
    /// (another TMK configuration) is skipped.
    /// </summary>
    /// <remarks>
    /// The thresholds are the banks' in <paramref name="snapshot"/>, the snapshot asking: this index may have been
    /// built for an earlier one with the same videos (<see cref="IndexSnapshot"/>), whose settings may differ.
    /// </remarks>
    public List<VideoCandidate> Match(IReadOnlyList<VpdqFrameHash> frames, TmkHash? tmk, IndexSnapshot snapshot)
    {
        var candidates = new List<VideoCandidate>();
        foreach (VpdqVideoMatch match in _vpdq.Query(frames))
        {
            var (bank, video) = _byOrdinal[int.Parse(match.VideoId, System.Globalization.CultureInfo.InvariantCulture)];
            int percent = snapshot.Bank(bank)!.Record.Settings.VpdqMatchPercent;
            if (match.Result.QueryMatchPercent >= percent)
            {
                candidates.Add(new VideoCandidate(bank, video.Id, MatchTechnologies.Vpdq, video.Metadata, match.Result, match.Segments, null, MatchVerdict.Match, 100 - percent));
            }
        }

        if (tmk is not null)
        {
            var scored = new List<VideoCandidate>();
            foreach (var (bank, video) in _tmk)
            {
                int percent = snapshot.Bank(bank)!.Record.Settings.TmkMatchPercent;
                float threshold = percent / 100f;
                float level1;
                try
                {
                    level1 = TmkScorer.Level1(tmk, video.Tmk!);
                }
                catch (ArgumentException)
                {
                    continue;
                }

                if (level1 < threshold)
                {
                    continue;
                }

                var score = new TmkScore(level1, TmkScorer.Level2(tmk, video.Tmk!));
                if (score.IsMatch(threshold, threshold))
                {
                    scored.Add(new VideoCandidate(bank, video.Id, MatchTechnologies.Tmk, video.Metadata, null, null, score, MatchVerdict.Match, 100 - percent));
                }
            }

            candidates.AddRange(scored.OrderByDescending(c => c.Tmk!.Value.Level2));
        }

        return candidates;
    }

    /// <summary>
    /// Whether a candidate of bank <paramref name="bank"/> matched for an exclusion bank: then every match of the query
    /// (exact or video) becomes <see cref="MatchVerdict.Excluded"/>, as the library does for images.
    /// </summary>
    public static bool IsExclusion(IndexSnapshot snapshot, string bank) => snapshot.Bank(bank)?.Record.Settings.Options.Role == ListRole.Exclusion;
}
