using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>Which frames a decoder delivers, at what size: the part of the frame sampling that decoding does.</summary>
[Experimental(VideoApi.DiagnosticId)]
public sealed record VideoFrameRequest
{
    /// <summary>Every decoded frame at its own size, in decoding order (vPDQ with every frame).</summary>
    public static VideoFrameRequest AllFrames { get; } = new();

    /// <summary>Output width; 0 keeps the stream's width. Set with <see cref="Height"/>.</summary>
    public int Width { get; init; }

    /// <summary>Output height; 0 keeps the stream's height.</summary>
    public int Height { get; init; }

    /// <summary>
    /// Resample time to this constant rate, duplicating or dropping frames as FFmpeg's <c>-r</c> does (TMK: 15);
    /// 0 delivers the decoded frames themselves.
    /// </summary>
    public int FramesPerSecond { get; init; }

    /// <summary>
    /// Deliver only decoded frames whose 0-based number is a multiple of this (vPDQ's frame interval); 1 delivers all.
    /// Ignored when <see cref="FramesPerSecond"/> resamples.
    /// </summary>
    public int FrameInterval { get; init; } = 1;

    /// <summary>
    /// Rotate frames as the container's display matrix says (FFmpeg's command-line default, which TMK's reference
    /// uses); false delivers stored frames, as vPDQ's in-process reference decoder does.
    /// </summary>
    public bool ApplyDisplayRotation { get; init; }
}
