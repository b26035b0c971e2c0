namespace HashMatch.Server.Api.Contracts;

/// <summary>
/// One video entry as JSON: an id, its vPDQ hash (the reference's text file, one <c>frame,quality,pdq_hex,timestamp</c>
/// line per sampled frame) and/or its TMK+PDQF signature (the reference's <c>.tmk</c> file, base64), and what entries
/// carry besides.
/// </summary>
public sealed record VideoEntryJson
{
    /// <summary>The entry's id (removing an id removes every entry and video entry with it).</summary>
    public string? Id { get; init; }

    /// <summary>The vPDQ hash file's text (<c>hashmatch video hash --algorithm vpdq</c>, or the reference's <c>vpdq-hash-video</c>).</summary>
    public string? Vpdq { get; init; }

    /// <summary>The <c>.tmk</c> file's bytes, base64 (<c>hashmatch video hash --algorithm tmk</c>, or the reference's <c>tmk-hash-video</c>).</summary>
    public string? Tmk { get; init; }

    /// <summary>Category.</summary>
    public string? Category { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Where the entry came from.</summary>
    public string? Source { get; init; }

    /// <summary>A free note.</summary>
    public string? Note { get; init; }
}

/// <summary><c>POST /v1/banks/{name}/videos</c>: up to 100 video entries (one change).</summary>
public sealed record AddVideosRequest
{
    /// <summary>The video entries to add.</summary>
    public IReadOnlyList<VideoEntryJson>? Videos { get; init; }
}

/// <summary>How a video candidate matched: vPDQ's percentages and segments, or TMK's scores.</summary>
public sealed record VideoMatchJson
{
    /// <summary>vPDQ: percentage of the query's distinct compared frames that matched a frame of the entry.</summary>
    public double? QueryMatchPercent { get; init; }

    /// <summary>vPDQ: percentage of the entry's distinct compared frames that a query frame matched.</summary>
    public double? ComparedMatchPercent { get; init; }

    /// <summary>vPDQ: the query's distinct frames compared (quality 50 or more).</summary>
    public int? QueryFrames { get; init; }

    /// <summary>vPDQ: the entry's distinct frames compared.</summary>
    public int? ComparedFrames { get; init; }

    /// <summary>vPDQ: stretches of consecutive matched query frames, in query time.</summary>
    public IReadOnlyList<VideoSegmentJson>? Segments { get; init; }

    /// <summary>TMK: level-1 score (cosine similarity of the average frame features), −1..1.</summary>
    public double? Level1 { get; init; }

    /// <summary>TMK: level-2 score (the temporal match kernel at the best offset), 0..1.</summary>
    public double? Level2 { get; init; }
}

/// <summary>A stretch of the query whose sampled frames all matched the entry (seconds from each video's start).</summary>
public sealed record VideoSegmentJson
{
    /// <summary>First matched query frame's time.</summary>
    public required double QueryStart { get; init; }

    /// <summary>Last matched query frame's time.</summary>
    public required double QueryEnd { get; init; }

    /// <summary>Earliest time in the entry of a frame the stretch matched.</summary>
    public required double ComparedStart { get; init; }

    /// <summary>Latest time in the entry of a frame the stretch matched.</summary>
    public required double ComparedEnd { get; init; }

    /// <summary>Query frames in the stretch.</summary>
    public required int Frames { get; init; }
}

/// <summary>What was computed for an uploaded video.</summary>
public sealed record VideoQueryJson
{
    /// <summary>Frames hashed with vPDQ (one a second).</summary>
    public required int Frames { get; init; }

    /// <summary>Of those, the distinct hashes of quality 50 or more: what vPDQ compared (0 means nothing could match by vPDQ).</summary>
    public required int FramesCompared { get; init; }

    /// <summary>Whether a TMK signature was computed (only when an enabled bank holds TMK signatures).</summary>
    public required bool Tmk { get; init; }
}
