using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>One hashed video frame: vPDQ's per-frame feature (reference: <c>vpdqFeature</c>).</summary>
/// <param name="FrameNumber">0-based number of the frame among all decoded frames.</param>
/// <param name="Quality">PDQ quality of the frame, 0..100; matching ignores frames below 50 by default.</param>
/// <param name="Hash">PDQ hash of the whole frame.</param>
/// <param name="Timestamp">Seconds from the start: frame number ÷ the stream's average frame rate.</param>
[Experimental(VideoApi.DiagnosticId)]
public readonly record struct VpdqFrameHash(int FrameNumber, int Quality, PdqHash Hash, double Timestamp);
