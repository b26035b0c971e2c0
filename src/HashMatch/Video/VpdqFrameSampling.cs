namespace HashMatch.Video;

/// <summary>
/// Which decoded frames vPDQ hashes and the timestamps it gives them, as the reference computes them
/// (<c>vpdq/cpp/vpdq/cpp/hashing/filehasher.cpp</c> and <c>hasher.h</c>).
/// </summary>
internal static class VpdqFrameSampling
{
    /// <summary>
    /// Hash every <c>n</c>-th decoded frame, <c>n = (int)(secondsPerHash × frameRate)</c> in double precision and at
    /// least 1 (so 0 seconds means every frame, and a rate below one frame per interval still hashes every frame).
    /// </summary>
    internal static int FrameInterval(double secondsPerHash, double framesPerSecond)
    {
        double product = secondsPerHash * framesPerSecond;
        return product >= 1 && product < int.MaxValue ? (int)product : 1;
    }

    /// <summary>
    /// The frame's timestamp in seconds: the reference divides in single precision, frame number by the rate
    /// stored as a float, and prints the float with three decimals.
    /// </summary>
    internal static double Timestamp(long frameNumber, double framesPerSecond) => (float)frameNumber / (float)framesPerSecond;
}
