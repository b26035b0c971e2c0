namespace HashMatch.Video;

/// <summary>
/// The FFmpeg demuxers a video file may be read with: self-contained container formats only, so that the bytes hashed
/// are the bytes of the file named, never of another file it points to.
/// </summary>
/// <remarks>
/// <para>
/// Why an allow-list: FFmpeg picks a demuxer from the file's content, whatever its name. A playlist or list demuxer
/// reads other files: an HLS playlist (<c>#EXTM3U</c>, demuxer <c>hls</c>) or an <c>ffconcat</c> list (<c>concat</c>)
/// named <c>x.mp4</c> makes FFmpeg decode the local videos it names, so the hash would be another file's (issue 22,
/// item 10a). The same holds for <c>image2</c> (file-name patterns), <c>tee</c>, <c>dash</c>, <c>webm_dash_manifest</c>,
/// <c>mpl2</c>/subtitle demuxers and the like; raw elementary streams and image demuxers are not video files either.
/// </para>
/// <para>
/// The list holds the containers video files come in: MP4/MOV/3GP (<c>mov</c>; its external data references,
/// <c>enable_drefs</c>, are off by default in FFmpeg), Matroska/WebM, AVI, FLV, MPEG transport and program streams
/// (<c>.ts</c>, <c>.m2ts</c>, <c>.mpg</c>, <c>.vob</c>), Ogg and ASF (<c>.wmv</c>). None of these opens another file.
/// </para>
/// <para>
/// It is enforced three ways with the one list: <c>ffprobe</c> and <c>ffmpeg</c> get <c>-format_whitelist</c>, which
/// FFmpeg checks after detecting the format and before the demuxer reads anything (libavformat
/// <c>avformat_open_input</c>: "Format not on whitelist"); the probe's answer is checked again here; and
/// <c>ffmpeg</c> is told the probed demuxer with <c>-f</c>, so it cannot detect another one. Both tools also get
/// <c>-protocol_whitelist file</c>, so no demuxer can open a network, <c>data:</c>, <c>subfile:</c> or <c>pipe:</c> URL.
/// </para>
/// </remarks>
internal static class VideoContainerFormats
{
    /// <summary>
    /// The allowed demuxers by FFmpeg's full name (what <c>ffprobe</c> reports as <c>format_name</c>, and what
    /// <c>-f</c> accepts).
    /// </summary>
    private static readonly string[] Demuxers =
    [
        "mov,mp4,m4a,3gp,3g2,mj2",
        "matroska,webm",
        "avi",
        "flv",
        "mpegts",
        "mpeg",
        "ogg",
        "asf",
    ];

    /// <summary>
    /// The value of FFmpeg's <c>-format_whitelist</c>: each demuxer's first name (FFmpeg matches any of a demuxer's
    /// names against the list, <c>av_match_list</c>).
    /// </summary>
    public static string Whitelist { get; } = string.Join(',', Demuxers.Select(d => d.Split(',')[0]));

    /// <summary>The allowed demuxers, for messages.</summary>
    public static string Described { get; } = string.Join("; ", Demuxers);

    /// <summary>True when <paramref name="formatName"/> (a probe's <c>format_name</c>) is an allowed demuxer.</summary>
    public static bool IsAllowed(string? formatName) => formatName is not null && Demuxers.Contains(formatName, StringComparer.Ordinal);

    /// <summary>
    /// The demuxer FFmpeg detected when it refused a file with "Format not on whitelist": the log line's context
    /// prefix, <c>[NAME @ 0x…]</c>; null when <paramref name="stderr"/> has no such refusal.
    /// </summary>
    public static string? RefusedFormat(string stderr)
    {
        foreach (string line in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.Contains("Format not on whitelist", StringComparison.Ordinal))
            {
                continue;
            }

            int at = line.IndexOf(" @ ", StringComparison.Ordinal);
            return line.StartsWith('[') && at > 1 ? line[1..at] : "unknown";
        }

        return null;
    }
}
