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
    public static string Generate(string path, string size, int rate, double seconds, params string[] codec) =>
        FromSource(path, $"testsrc=size={size}:rate={rate}", seconds, codec);

    /// <summary>
    /// Encodes <paramref name="seconds"/> of the lavfi source <paramref name="source"/> (for example
    /// <c>mandelbrot=size=320x240:rate=25</c>, whose frames have the detail PDQ needs to tell videos apart: the flat bars
    /// of <c>testsrc</c> move tens of bits when merely scaled) into <paramref name="path"/>.
    /// </summary>
    public static string FromSource(string path, string source, double seconds, params string[] codec) =>
        Run(path, ["-f", "lavfi", "-i", source, "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. codec, path]);

    /// <summary>Re-encodes <paramref name="input"/> into <paramref name="path"/> with the options given (a scale filter, another codec).</summary>
    public static string Convert(string input, string path, params string[] options) => Run(path, ["-i", input, .. options, path]);

    private static string Run(string path, string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-nostdin", "-v", "error", "-y", .. arguments])
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
