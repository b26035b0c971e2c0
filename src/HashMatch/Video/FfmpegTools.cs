using HashMatch.IO;

namespace HashMatch.Video;

/// <summary>Finds the <c>ffmpeg</c> and <c>ffprobe</c> executables, or says in one sentence what to install.</summary>
internal sealed record FfmpegTools(string Ffmpeg, string Ffprobe)
{
    /// <summary>Environment variable naming the <c>ffmpeg</c> executable (its folder must hold <c>ffprobe</c> too).</summary>
    internal const string EnvironmentVariable = "HASHMATCH_FFMPEG";

    internal const string InstallAdvice =
        "hashing videos needs FFmpeg's ffmpeg and ffprobe programs: install FFmpeg (Debian/Ubuntu: apt-get install ffmpeg; " +
        "Fedora: dnf install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set " + EnvironmentVariable +
        " to the ffmpeg executable";

    /// <summary>Resolves the tools for decoding <paramref name="input"/>.</summary>
    /// <exception cref="HashMatchException">Reason <see cref="HashMatchErrorReason.DecoderUnavailable"/>: a tool is missing.</exception>
    internal static FfmpegTools Locate(string? configuredFfmpeg, string input)
    {
        string? configured = configuredFfmpeg ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        string? ffmpeg, ffprobe;
        if (!string.IsNullOrEmpty(configured))
        {
            ffmpeg = ExecutableSearch.Find(configured);
            string folder = ffmpeg is null ? string.Empty : Path.GetDirectoryName(ffmpeg) ?? string.Empty;
            string probeName = "ffprobe" + Path.GetExtension(ffmpeg ?? string.Empty);
            ffprobe = ffmpeg is null ? null : File.Exists(Path.Combine(folder, probeName)) ? Path.Combine(folder, probeName) : ExecutableSearch.Find("ffprobe");
        }
        else
        {
            ffmpeg = ExecutableSearch.Find("ffmpeg");
            ffprobe = ExecutableSearch.Find("ffprobe");
        }

        if (ffmpeg is null || ffprobe is null)
        {
            string missing = ffmpeg is null ? (string.IsNullOrEmpty(configured) ? "ffmpeg is not on the PATH" : $"'{configured}' was not found") : "ffprobe was not found";
            throw new HashMatchException(input, HashMatchErrorReason.DecoderUnavailable, $"{missing}; {InstallAdvice}");
        }

        return new FfmpegTools(ffmpeg, ffprobe);
    }
}
