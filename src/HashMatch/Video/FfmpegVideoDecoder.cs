using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using HashMatch.IO;

namespace HashMatch.Video;

/// <summary>
/// Decodes videos by running Debian's (or any) <c>ffmpeg</c> and reading raw RGB24 frames from its standard output;
/// <c>ffprobe</c> reads the container format and the stream's size, rate and length first, so the format is checked
/// against <see cref="VideoContainerFormats"/> and every limit before a frame is decoded.
/// </summary>
/// <remarks>
/// <para>
/// Why a child process rather than binding libavcodec in-process: it is measured to be fast enough (docs/video.md),
/// it needs no native binding tied to one FFmpeg ABI, and a decoder that crashes or hangs on hostile input takes down
/// only the child, which is killed at the time limit.
/// </para>
/// <para>
/// Pixels: FFmpeg's swscale converts the decoded frames to RGB24 at their own size, as vPDQ's reference does
/// in-process, but with accurate rounding (<c>-sws_flags area+accurate_rnd</c>): the published vPDQ sample hashes
/// were made with a conversion that rounds so (0 bits on most frames), while the fast SIMD converter of current
/// x86 builds, which the reference gets by default, differs from them by a median 2 bits, and varies by CPU. Resized or time-resampled requests (TMK's 64×64 at 15 fps) use the same <c>-s</c> and
/// <c>-r</c> options as TMK's reference command line, with FFmpeg's default scaler. Display rotation is applied only
/// when <see cref="VideoFrameRequest.ApplyDisplayRotation"/> asks (TMK's command-line decoder applies it, vPDQ's
/// in-process decoder does not).
/// </para>
/// <para>
/// Input: both tools read only the named local file (<c>-protocol_whitelist file</c>) with an allowed container
/// demuxer (<see cref="VideoContainerFormats"/>); <c>ffmpeg</c> is given the probed demuxer with <c>-f</c>. A playlist
/// or list file that would make FFmpeg read other files is <see cref="HashMatchErrorReason.UnsupportedFormat"/>.
/// </para>
/// <para>
/// Work: the decoder refuses frames over <see cref="VideoDecodeOptions.MaxFramePixels"/> (<c>-max_pixels</c>), and
/// the filter graph's first filter, <c>trim</c>, ends decoding after one frame more than the decoded-frame limit
/// (<see cref="VideoDecodeOptions.MaxFrames"/>, lowered by <see cref="VideoDecodeOptions.MaxDecodedPixels"/>);
/// that extra frame is never delivered, but FFmpeg prints its number, which makes the call
/// <see cref="HashMatchErrorReason.TooLarge"/>. Counting there, before frames are sampled, bounds the frames FFmpeg
/// decodes rather than the frames hashed (issue 22, item 10b).
/// </para>
/// <para>
/// Damage: FFmpeg reports a truncated file as "partial file", and any other decoding error at log level "error";
/// these become <see cref="HashMatchErrorReason.Truncated"/> and <see cref="HashMatchErrorReason.Corrupt"/>,
/// unless <see cref="VideoDecodeOptions.AllowDamaged"/> accepts what decoded. Without it, FFmpeg runs with
/// <c>-xerror</c> and <c>-err_detect explode</c>, so the first detected error stops decoding (FFmpeg would otherwise
/// conceal it and decode the rest of a file whose hash is already lost). An MP4/MOV file that ends inside a box is
/// refused as truncated before FFmpeg starts.
/// </para>
/// </remarks>
[Experimental(VideoApi.DiagnosticId)]
public sealed class FfmpegVideoDecoder : IVideoDecoder
{
    /// <summary>The shared instance (the decoder holds no state).</summary>
    public static FfmpegVideoDecoder Instance { get; } = new();

    /// <summary>Bytes of <c>ffprobe</c> output accepted (its JSON for one stream is well under 1 KiB).</summary>
    private const int ProbeOutputLimit = 64 * 1024;

    /// <inheritdoc />
    public VideoInfo Probe(string path, VideoDecodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        CheckFile(path, options);
        VideoInfo info = ProbeStream(path, options, FfmpegTools.Locate(options.FfmpegPath, path), cancellationToken);
        CheckLimits(path, info, options);
        return info;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The probe runs first and FFmpeg after it (they used to overlap, saving tens of milliseconds per file): the
    /// decode needs the probed demuxer, to pass it with <c>-f</c>, and the probed frame size, for the decoded-pixel
    /// limit.
    /// </remarks>
    public IEnumerable<VideoFrame> ProbeAndReadFrames(string path, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ValidateRequest(request);
        ArgumentNullException.ThrowIfNull(options);
        return ReadFrames(path, Probe(path, options, cancellationToken), request, options, cancellationToken);
    }

    /// <summary>Checks that cost no process: the file exists, has bytes, and (MP4/MOV) does not end inside a box.</summary>
    private static void CheckFile(string path, VideoDecodeOptions options)
    {
        CheckReadable(path);
        if (!options.AllowDamaged && IsoMediaBoxes.EndsInsideABox(path))
        {
            throw new HashMatchException(path, HashMatchErrorReason.Truncated, "the file ends inside an MP4/MOV box: it was cut short");
        }
    }

    private static VideoInfo ProbeStream(string path, VideoDecodeOptions options, FfmpegTools tools, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", VideoContainerFormats.Whitelist, "-show_entries",
            "stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,nb_frames,duration:format=format_name,duration",
            "-of", "json", InputUrl(path),
        ];

        string json;
        int exitCode;
        string lastLine, stderr;
        using (var probe = FfmpegProcess.Start(tools.Ffprobe, arguments, path, options.Timeout, cancellationToken))
        {
            var buffer = new byte[ProbeOutputLimit];
            int length = probe.Output.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            exitCode = probe.WaitForExit();
            probe.ThrowIfStopped(path, options.Timeout);
            if (length == buffer.Length)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Corrupt, "ffprobe's description of the file is implausibly long");
            }

            json = System.Text.Encoding.UTF8.GetString(buffer, 0, length);
            lastLine = probe.LastStderrLine;
            stderr = probe.Stderr;
        }

        if (exitCode != 0 && VideoContainerFormats.RefusedFormat(stderr) is { } refused)
        {
            throw NotAllowed(path, refused);
        }

        if (exitCode != 0)
        {
            bool isoMedia = IsoMediaBoxes.IsIsoMedia(path);
            throw isoMedia && (stderr.Contains("moov atom not found", StringComparison.Ordinal) || IsoMediaBoxes.EndsInsideABox(path))
                ? new HashMatchException(path, HashMatchErrorReason.Truncated, "the MP4/MOV index (moov box) is missing or cut short: the file ends early")
                : new HashMatchException(path, isoMedia ? HashMatchErrorReason.Corrupt : HashMatchErrorReason.UnsupportedFormat, $"not a readable video ({lastLine})");
        }

        return ParseProbe(path, json);
    }

    /// <inheritdoc />
    public IEnumerable<VideoFrame> ReadFrames(string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(info);
        ValidateRequest(request);
        ArgumentNullException.ThrowIfNull(options);
        CheckLimits(path, info, options);
        return ReadFramesIterator(path, info, request, options, cancellationToken);
    }

    private static void ValidateRequest(VideoFrameRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Width < 0 || request.Height < 0 || (request.Width == 0) != (request.Height == 0))
        {
            throw new ArgumentException("Width and height are both 0 (native size) or both positive.", nameof(request));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(request.FramesPerSecond, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.FrameInterval, nameof(request));
    }

    private static IEnumerable<VideoFrame> ReadFramesIterator(string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancellationToken)
    {
        FfmpegTools tools = FfmpegTools.Locate(options.FfmpegPath, path);
        using var ffmpeg = FfmpegProcess.Start(tools.Ffmpeg, Arguments(path, info, request, options), path, options.Timeout, cancellationToken);
        foreach (VideoFrame frame in Drain(ffmpeg, path, info, request, options))
        {
            yield return frame;
        }
    }

    /// <summary>Reads the started process's frames to the end, then turns its exit and messages into errors.</summary>
    private static IEnumerable<VideoFrame> Drain(FfmpegProcess ffmpeg, string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options)
    {
        int width = request.Width > 0 ? request.Width : info.Width;
        int height = request.Height > 0 ? request.Height : info.Height;
        int frameBytes = checked(width * height * 3);
        long maxFrames = request.FramesPerSecond > 0
            ? (long)Math.Ceiling(Math.Min(options.MaxDuration.TotalSeconds, info.Duration?.TotalSeconds ?? options.MaxDuration.TotalSeconds) * request.FramesPerSecond) + request.FramesPerSecond
            : options.MaxFrames;
        maxFrames = Math.Min(maxFrames, options.MaxFrames);
        long delivered = 0, decoded = 0;
        while (true)
        {
            byte[] pixels = ArrayPool<byte>.Shared.Rent(frameBytes);
            int read;
            try
            {
                read = ffmpeg.Output.ReadAtLeast(pixels.AsSpan(0, frameBytes), frameBytes, throwOnEndOfStream: false);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read < frameBytes)
            {
                ArrayPool<byte>.Shared.Return(pixels);
                break;
            }

            if (delivered >= maxFrames)
            {
                ArrayPool<byte>.Shared.Return(pixels);
                throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"the video has more than {maxFrames:N0} frames (limit)");
            }

            // Resampled frames are numbered in output order; selected frames keep their decoded number, which the
            // select filter makes a multiple of the interval.
            long number = request.FramesPerSecond > 0 ? delivered : decoded;
            decoded += request.FramesPerSecond > 0 ? 1 : request.FrameInterval;
            delivered++;
            yield return new VideoFrame(number, pixels, width, height);
        }

        int exitCode = ffmpeg.WaitForExit();
        ffmpeg.ThrowIfStopped(path, options.Timeout);
        string stderr = ffmpeg.Stderr;
        long decodeLimit = DecodedFrameLimit(info, options);
        if (stderr.Split('\n', StringSplitOptions.TrimEntries).Contains(FrameLimitMark(decodeLimit), StringComparer.Ordinal))
        {
            throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"FFmpeg decoded more than {decodeLimit:N0} frames, the limit for {info.Width}×{info.Height} frames (MaxFrames {options.MaxFrames:N0}, MaxDecodedPixels {options.MaxDecodedPixels:N0}); it was stopped");
        }

        // libavutil's av_image_check_size2 message when a frame passes -max_pixels: the stream grew after the probe.
        if (stderr.Contains("exceeds specified max pixel count", StringComparison.Ordinal))
        {
            throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"a frame is larger than the limit of {options.MaxFramePixels:N0} pixels, though the probe found {info.Width}×{info.Height}");
        }

        if (!options.AllowDamaged)
        {
            long? stated = info.FrameCount;
            bool shortOfFrames = request.FramesPerSecond == 0 && request.FrameInterval == 1 && stated is > 0 && delivered < stated * 9 / 10;
            bool partial = stderr.Contains("partial file", StringComparison.Ordinal);
            string truncated = $"the video data ends early ({delivered:N0} frames decoded{(stated is { } s ? $" of {s:N0}" : string.Empty)})";
            if (partial)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Truncated, truncated);
            }

            // At log level "error" a clean file prints nothing (checked on every reference clip); any message means
            // the decoder met damage. Checked before the frame count, since -xerror stops FFmpeg at the first error,
            // short of the stated frames.
            if (exitCode != 0 || FirstError(stderr) is not null)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"the video stream does not decode cleanly ({FirstError(stderr) ?? ffmpeg.LastStderrLine})");
            }

            if (shortOfFrames)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Truncated, truncated);
            }
        }
        else if (exitCode != 0 && delivered == 0)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"no frame decodes ({ffmpeg.LastStderrLine})");
        }
    }

    /// <summary>The FFmpeg command line for a request on a probed file (one process per file).</summary>
    internal static List<string> Arguments(string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options)
    {
        int width = request.Width > 0 ? request.Width : info.Width;
        int height = request.Height > 0 ? request.Height : info.Height;
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error" };
        if (!options.AllowDamaged)
        {
            // The first decoding error ends the run (exit status 1): the file is Corrupt whatever follows.
            arguments.AddRange(["-xerror", "-err_detect", "explode"]);
        }

        if (!request.ApplyDisplayRotation)
        {
            arguments.Add("-noautorotate");
        }

        arguments.AddRange(["-protocol_whitelist", "file", "-format_whitelist", VideoContainerFormats.Whitelist]);
        if (info.Format is { } format)
        {
            if (!VideoContainerFormats.IsAllowed(format))
            {
                throw NotAllowed(path, format);
            }

            arguments.AddRange(["-f", format]);
        }

        arguments.AddRange(["-max_pixels", options.MaxFramePixels.ToString(CultureInfo.InvariantCulture)]);
        arguments.AddRange(["-i", InputUrl(path), "-map", "0:v:0", "-an", "-sn", "-dn"]);

        // trim ends the input after limit + 1 decoded frames (FFmpeg then stops reading the file); that last frame is
        // dropped by select, which prints its number at level "error" (FFmpeg expression print(t, l)) for Drain to
        // find. select's n counts the frames it receives, which after trim are the decoded frames, in order.
        long limit = DecodedFrameLimit(info, options);
        string keep = request.FramesPerSecond == 0 && request.FrameInterval > 1
            ? string.Create(CultureInfo.InvariantCulture, $"not(mod(n\\,{request.FrameInterval}))")
            : "1";
        arguments.AddRange(["-vf", string.Create(CultureInfo.InvariantCulture, $"trim=end_frame={limit + 1},select='if(eq(n\\,{limit})\\,print(n\\,16)*0\\,{keep})'")]);
        if (request.FramesPerSecond > 0)
        {
            arguments.AddRange(["-r", request.FramesPerSecond.ToString(CultureInfo.InvariantCulture)]);
        }
        else
        {
            // Every selected frame exactly once (no duplication or dropping to a constant rate).
            arguments.AddRange(["-vsync", "passthrough"]);
        }

        if (request.Width == 0)
        {
            // Native size (vPDQ): YUV→RGB with accurate rounding, which reproduces the published vPDQ reference hashes
            // (FFmpeg's default fast SIMD converter moves them by a median 2 bits; docs/video.md).
            arguments.AddRange(["-sws_flags", "area+accurate_rnd"]);
        }

        // The size is always given, so a stream that changes resolution midway is scaled back to the probed size
        // and every frame on the pipe has the same length.
        arguments.AddRange(["-s", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        return arguments;
    }

    /// <summary>
    /// The path as an explicit <c>file:</c> URL, so a name that starts with '-' or contains ':' is never read as an
    /// option or a network protocol.
    /// </summary>
    private static string InputUrl(string path) => "file:" + Path.GetFullPath(path);

    /// <summary>
    /// Most frames FFmpeg may decode from the file: <see cref="VideoDecodeOptions.MaxFrames"/>, or fewer when
    /// <see cref="VideoDecodeOptions.MaxDecodedPixels"/> allows fewer frames of the probed size.
    /// </summary>
    private static long DecodedFrameLimit(VideoInfo info, VideoDecodeOptions options) =>
        Math.Max(0, Math.Min(options.MaxFrames, options.MaxDecodedPixels / Math.Max(1L, (long)info.Width * info.Height)));

    /// <summary>The line FFmpeg's <c>print(n, 16)</c> writes for the first frame over the limit (C's <c>%f</c>).</summary>
    private static string FrameLimitMark(long limit) => string.Create(CultureInfo.InvariantCulture, $"{limit}.000000");

    private static HashMatchException NotAllowed(string path, string format) =>
        new(path, HashMatchErrorReason.UnsupportedFormat, $"FFmpeg reads it as '{format}', which is not an allowed video container ({VideoContainerFormats.Described}): playlists, lists and image sequences can make FFmpeg read other files");

    private static string? FirstError(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static void CheckReadable(string path)
    {
        // A named pipe or device would make FFmpeg block or read forever: regular files only, as for images.
        using (FileStream stream = InputFile.OpenRead(path, bufferSize: 1))
        {
            if (stream.Length == 0)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Empty, "the file has no bytes");
            }
        }
    }

    internal static VideoInfo ParseProbe(string path, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string format = root.TryGetProperty("format", out JsonElement f) && f.TryGetProperty("format_name", out JsonElement n) ? n.GetString() ?? string.Empty : string.Empty;
            if (!VideoContainerFormats.IsAllowed(format))
            {
                // ffprobe already refuses these (-format_whitelist); checked again so the rule holds for any ffprobe.
                // (FFmpeg's "tty" demuxer, for one, renders any text file as an "ANSI art" video.)
                throw NotAllowed(path, format);
            }

            JsonElement? video = null;
            int streamCount = 0;
            if (root.TryGetProperty("streams", out JsonElement streams))
            {
                foreach (JsonElement stream in streams.EnumerateArray())
                {
                    streamCount++;
                    if (video is null && stream.TryGetProperty("codec_type", out JsonElement type) && type.GetString() == "video")
                    {
                        video = stream;
                    }
                }
            }

            if (video is not { } v)
            {
                throw streamCount == 0 && IsoMediaBoxes.IsIsoMedia(path)
                    ? new HashMatchException(path, HashMatchErrorReason.Truncated, "the MP4/MOV index describes no streams: the file ends early")
                    : new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, streamCount == 0 ? "no streams found" : "the file has no video stream");
            }

            int width = v.TryGetProperty("width", out JsonElement w) ? w.GetInt32() : 0;
            int height = v.TryGetProperty("height", out JsonElement h) ? h.GetInt32() : 0;
            if (width <= 0 || height <= 0)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"the video stream states no frame size ({width}×{height})");
            }

            double rate = Rational(v, "avg_frame_rate") is > 0 and var average ? average : Rational(v, "r_frame_rate");
            if (!(rate > 0) || !double.IsFinite(rate))
            {
                throw new HashMatchException(path, HashMatchErrorReason.Corrupt, "the video stream states no frame rate");
            }

            double? seconds = Number(v, "duration") ?? (root.TryGetProperty("format", out JsonElement fmt) ? Number(fmt, "duration") : null);
            TimeSpan? duration = seconds is { } s && s >= 0 && s < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(s) : null;
            long? frames = v.TryGetProperty("nb_frames", out JsonElement nb) && long.TryParse(nb.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count > 0 ? count : null;
            string codec = v.TryGetProperty("codec_name", out JsonElement c) ? c.GetString() ?? "unknown" : "unknown";
            return new VideoInfo(width, height, rate, duration, frames, codec) { Format = format };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"ffprobe's description cannot be read: {e.Message}", e);
        }
    }

    private static void CheckLimits(string path, VideoInfo info, VideoDecodeOptions options)
    {
        if ((long)info.Width * info.Height > options.MaxFramePixels)
        {
            throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"{info.Width}×{info.Height} frames exceed the limit of {options.MaxFramePixels:N0} pixels");
        }

        if (info.Duration is { } duration && duration > options.MaxDuration)
        {
            throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"the video lasts {duration}, over the limit of {options.MaxDuration}");
        }

        if (info.ExpectedFrames is { } frames && frames > options.MaxFrames)
        {
            throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"the video has {frames:N0} frames, over the limit of {options.MaxFrames:N0}");
        }

        if (info.ExpectedFrames is { } expected && (double)expected * info.Width * info.Height > options.MaxDecodedPixels)
        {
            throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"the video has {expected:N0} frames of {info.Width}×{info.Height}, over the limit of {options.MaxDecodedPixels:N0} decoded pixels");
        }
    }

    private static double Rational(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out JsonElement value) || value.GetString() is not { } text)
        {
            return 0;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double plain) ? plain : 0;
        }

        return long.TryParse(text.AsSpan(0, slash), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long numerator)
            && long.TryParse(text.AsSpan(slash + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long denominator)
            && numerator > 0 && denominator > 0
            ? (double)numerator / denominator
            : 0;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number)
            ? number
            : null;
}
