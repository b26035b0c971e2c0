using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using HashMatch.Indexing;

namespace HashMatch.Video;

/// <summary>
/// Matches one vPDQ hash against many videos through a <see cref="HashIndex"/>: the distinct frame hashes of every
/// added video are indexed once, and a query looks up each of its distinct frames instead of comparing against every
/// video (ThreatExchange's <c>vpdq_index.py</c> does the same with FAISS).
/// </summary>
/// <remarks>
/// The percentages equal <see cref="VpdqMatcher.Match"/> on each pair (the tests check this). Adding and querying
/// from several threads at once is not supported; queries alone may run concurrently once no more videos are added.
/// </remarks>
[Experimental(VideoApi.DiagnosticId)]
public sealed class VpdqVideoIndex
{
    private readonly VpdqMatchOptions _options;
    private readonly Dictionary<PdqHash, int> _hashIds = [];
    private readonly List<List<int>> _videosByHash = [];
    private readonly List<Video> _videos = [];
    private readonly Dictionary<string, int> _videoOrdinals = new(StringComparer.Ordinal);
    private readonly List<IndexEntry> _pending = [];
    private readonly List<PdqHash> _hashesById = [];
    private HashIndex? _index;

    /// <summary>Creates an empty index that matches with <paramref name="options"/> (default thresholds when null).</summary>
    public VpdqVideoIndex(VpdqMatchOptions? options = null)
    {
        _options = options ?? VpdqMatchOptions.Default;
        _options.Validate();
    }

    /// <summary>Videos added.</summary>
    public int VideoCount => _videos.Count;

    /// <summary>Distinct frame hashes indexed (over all videos).</summary>
    public int HashCount => _hashIds.Count;

    /// <summary>Adds a video's frames (those below the quality threshold are not indexed).</summary>
    /// <exception cref="ArgumentException"><paramref name="videoId"/> was already added.</exception>
    public void Add(string videoId, IReadOnlyList<VpdqFrameHash> frames)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentNullException.ThrowIfNull(frames);
        if (_videoOrdinals.ContainsKey(videoId))
        {
            throw new ArgumentException($"A video with id '{videoId}' is already in the index.", nameof(videoId));
        }

        int ordinal = _videos.Count;
        var timestamps = new Dictionary<PdqHash, (double First, double Last)>();
        foreach (VpdqFrameHash frame in frames)
        {
            if (frame.Quality < _options.MinQuality)
            {
                continue;
            }

            if (timestamps.TryGetValue(frame.Hash, out var span))
            {
                timestamps[frame.Hash] = (Math.Min(span.First, frame.Timestamp), Math.Max(span.Last, frame.Timestamp));
                continue;
            }

            timestamps[frame.Hash] = (frame.Timestamp, frame.Timestamp);
            if (!_hashIds.TryGetValue(frame.Hash, out int id))
            {
                id = _hashIds.Count;
                _hashIds.Add(frame.Hash, id);
                _videosByHash.Add([]);
                _pending.Add(new IndexEntry(frame.Hash, id));
            }

            _videosByHash[id].Add(ordinal);
        }

        _videos.Add(new Video(videoId, timestamps));
        _videoOrdinals.Add(videoId, ordinal);
    }

    /// <summary>
    /// Every indexed video that shares at least one frame with <paramref name="query"/> (within the distance), best
    /// query percentage first; <see cref="VpdqMatchResult.IsMatch"/> says which pass the thresholds.
    /// </summary>
    public IReadOnlyList<VpdqVideoMatch> Query(IReadOnlyList<VpdqFrameHash> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        HashIndex index = Index();
        List<VpdqFrameHash> kept = [.. query.Where(f => f.Quality >= _options.MinQuality)];
        PdqHash[] distinct = VpdqMatcher.Filter(kept, 0);
        if (distinct.Length == 0)
        {
            return [];
        }

        // For each distinct query hash, the indexed hash ids it matched; then per video the matched sets.
        var matchedIds = new List<int>[distinct.Length];
        var found = new List<IndexMatch>();
        var perVideo = new Dictionary<int, (HashSet<int> Query, HashSet<int> Indexed)>();
        for (int q = 0; q < distinct.Length; q++)
        {
            found.Clear();
            index.Query(distinct[q], _options.MaxDistance, found);
            matchedIds[q] = [.. found.Select(m => (int)m.Id)];
            foreach (IndexMatch match in found)
            {
                foreach (int video in _videosByHash[(int)match.Id])
                {
                    if (!perVideo.TryGetValue(video, out var sets))
                    {
                        sets = ([], []);
                        perVideo[video] = sets;
                    }

                    sets.Query.Add(q);
                    sets.Indexed.Add((int)match.Id);
                }
            }
        }

        var queryOrdinal = new Dictionary<PdqHash, int>(distinct.Length);
        for (int q = 0; q < distinct.Length; q++)
        {
            queryOrdinal[distinct[q]] = q;
        }

        var results = new List<VpdqVideoMatch>(perVideo.Count);
        foreach (var (ordinal, sets) in perVideo)
        {
            Video video = _videos[ordinal];
            double queryPercent = sets.Query.Count * 100.0 / distinct.Length;
            double comparedPercent = sets.Indexed.Count * 100.0 / video.Timestamps.Count;
            var result = new VpdqMatchResult(queryPercent, comparedPercent, distinct.Length, video.Timestamps.Count,
                queryPercent >= _options.QueryMatchPercent && comparedPercent >= _options.ComparedMatchPercent);
            results.Add(new VpdqVideoMatch(video.Id, result, Segments(kept, queryOrdinal, sets.Query, matchedIds, video)));
        }

        results.Sort(static (a, b) =>
        {
            int byPercent = b.Result.QueryMatchPercent.CompareTo(a.Result.QueryMatchPercent);
            return byPercent != 0 ? byPercent : string.CompareOrdinal(a.VideoId, b.VideoId);
        });
        return results;
    }

    /// <summary>Runs of consecutive kept query frames whose hashes matched the video.</summary>
    private List<VpdqSegment> Segments(List<VpdqFrameHash> kept, Dictionary<PdqHash, int> queryOrdinal, HashSet<int> matchedQuery, List<int>[] matchedIds, Video video)
    {
        var ordered = kept.OrderBy(f => f.FrameNumber).ToList();
        var segments = new List<VpdqSegment>();
        VpdqSegment? open = null;
        foreach (VpdqFrameHash frame in ordered)
        {
            int q = queryOrdinal[frame.Hash];
            if (!matchedQuery.Contains(q))
            {
                if (open is { } finished)
                {
                    segments.Add(finished);
                    open = null;
                }

                continue;
            }

            // The indexed frames of this video that the query frame matched.
            double first = double.MaxValue, last = double.MinValue;
            foreach (int id in matchedIds[q])
            {
                if (video.Timestamps.TryGetValue(_hashesById[id], out var span))
                {
                    first = Math.Min(first, span.First);
                    last = Math.Max(last, span.Last);
                }
            }

            open = open is { } current
                ? current with { QueryEnd = frame.Timestamp, ComparedStart = Math.Min(current.ComparedStart, first), ComparedEnd = Math.Max(current.ComparedEnd, last), FrameCount = current.FrameCount + 1 }
                : new VpdqSegment(frame.Timestamp, frame.Timestamp, first, last, 1);
        }

        if (open is { } tail)
        {
            segments.Add(tail);
        }

        return segments;
    }

    private HashIndex Index()
    {
        if (_index is null || _pending.Count > 0)
        {
            foreach (IndexEntry entry in _pending)
            {
                _hashesById.Add(entry.Hash);
            }

            if (_index is null)
            {
                _index = HashIndex.CreateFor(CollectionsMarshal.AsSpan(_pending), _options.MaxDistance);
            }
            else
            {
                _index.AddRange(CollectionsMarshal.AsSpan(_pending));
            }

            _pending.Clear();
        }

        return _index;
    }

    private sealed record Video(string Id, Dictionary<PdqHash, (double First, double Last)> Timestamps);
}
