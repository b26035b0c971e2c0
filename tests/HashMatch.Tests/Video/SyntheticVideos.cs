using System.Diagnostics;

namespace HashMatch.Tests.Video;

/// <summary>
/// Small videos made at test time by FFmpeg from its synthetic sources (<c>testsrc</c>, lavfi), so hostile-input tests
/// need no stored media.
/// </summary>
internal static class SyntheticVideos
{
    /// <summary>
    /// Encodes <paramref name="seconds"/> of FFmpeg's <c>testsrc</c> pattern at <paramref name="size"/> and
    /// <paramref name="rate"/> into <paramref name="path"/>, with the codec options given (for example
    /// <c>-c:v libx264</c>); the container follows the file's extension.
    /// </summary>
    public static string Generate(string path, string size, int rate, double seconds, params string[] codec)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={size}:rate={rate}", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. codec, path])
        {
            info.ArgumentList.Add(argument);
        }

        using Process ffmpeg = Process.Start(info)!;
        string errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg could not make {path}: {errors}");
        return path;
    }
}
