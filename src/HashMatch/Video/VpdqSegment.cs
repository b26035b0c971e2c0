using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>A stretch of the query video whose hashed frames all matched one indexed video.</summary>
/// <param name="QueryStart">Timestamp (seconds) of the first matched query frame of the stretch.</param>
/// <param name="QueryEnd">Timestamp of the last matched query frame of the stretch.</param>
/// <param name="ComparedStart">Earliest timestamp of an indexed frame that the stretch's query frames matched.</param>
/// <param name="ComparedEnd">Latest timestamp of an indexed frame that the stretch's query frames matched.</param>
/// <param name="FrameCount">Query frames in the stretch.</param>
[Experimental(VideoApi.DiagnosticId)]
public readonly record struct VpdqSegment(double QueryStart, double QueryEnd, double ComparedStart, double ComparedEnd, int FrameCount);
