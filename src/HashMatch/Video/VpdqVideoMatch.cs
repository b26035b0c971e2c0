using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>An indexed video that shares frames with a query, with the percentages and where the frames are.</summary>
/// <param name="VideoId">The id the video was added under.</param>
/// <param name="Result">Match percentages and decision, as <see cref="VpdqMatcher"/> computes them for the pair.</param>
/// <param name="Segments">Stretches of consecutive matched query frames, in query time order.</param>
[Experimental(VideoApi.DiagnosticId)]
public sealed record VpdqVideoMatch(string VideoId, VpdqMatchResult Result, IReadOnlyList<VpdqSegment> Segments);
