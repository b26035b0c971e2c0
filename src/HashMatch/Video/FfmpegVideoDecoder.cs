using System.Buffers;
using System.Globalization;
using System.Text.Json;
using HashMatch.IO;

namespace HashMatch.Video;

/// <summary>
/// Decodes videos by running Debian's (or any) <c>ffmpeg</c> and reading raw RGB24 frames from its standard output;
/// <c>ffprobe</c> reads the stream's size, rate and length first, so every limit is checked before a frame is
/// allocated.
/// </summary>
/// <remarks>
/// <para>
/// Why a child process rather than binding libavcodec in-process: it is measured to be fast enough (README, "Video"),
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
/// Damage: FFmpeg reports a truncated file as "partial file", and any other decoding error at log level "error";
/// these become <see cref="HashMatchErrorReason.Truncated"/> and <see cref="HashMatchErrorReason.Corrupt"/>
/// after the last frame, unless <see cref="VideoDecodeOptions.AllowDamaged"/> accepts what decoded. An MP4/MOV
/// file that ends inside a box is refused as truncated before FFmpeg starts.
/// </para>
/// </remarks>
public sealed class FfmpegVideoDecoder : IVideoDecoder
{
    /// <summary>The shared instance (the decoder holds no state).</summary>
    public static FfmpegVideoDecoder Instance { get; } = new();

    /// <summary>Bytes of <c>ffprobe</c> output accepted (its JSON for one stream is well under 1 KiB).</summary>
    private const int ProbeOutputLimit = 64 * 1024;

    /// <inheritdoc />
    public VideoInfo Probe(string path, VideoDecodeOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        CheckFile(path, options);
        VideoInfo info = ProbeStream(path, options, FfmpegTools.Locate(options.FfmpegPath, path), cancel);
        CheckLimits(path, info, options);
        return info;
    }

    /// <inheritdoc />
    /// <remarks>
    /// FFmpeg starts decoding while <c>ffprobe</c> reads the stream's description (each process spends tens of
    /// milliseconds just loading FFmpeg's libraries), and no frame is read, nor memory allocated for one, until the
    /// probe's limits have passed; on a failed probe FFmpeg is killed.
    /// </remarks>
    public IEnumerable<VideoFrame> ProbeAndReadFrames(string path, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ValidateRequest(request);
        ArgumentNullException.ThrowIfNull(options);
        if (request.Width == 0)
        {
            throw new ArgumentException("Without a probe the request must give the output size.", nameof(request));
        }

        return ProbeWhileDecoding(path, request, options, cancel);
    }

    private static IEnumerable<VideoFrame> ProbeWhileDecoding(string path, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancel)
    {
        CheckFile(path, options);
        FfmpegTools tools = FfmpegTools.Locate(options.FfmpegPath, path);
        using var ffmpeg = FfmpegProcess.Start(tools.Ffmpeg, Arguments(path, request, request.Width, request.Height), path, options.Timeout, cancel);
        VideoInfo info = ProbeStream(path, options, tools, cancel);
        CheckLimits(path, info, options);
        foreach (VideoFrame frame in Drain(ffmpeg, path, info, request, options))
        {
            yield return frame;
        }
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

    private static VideoInfo ProbeStream(string path, VideoDecodeOptions options, FfmpegTools tools, CancellationToken cancel)
    {
        string[] arguments =
        [
            "-v", "error", "-show_entries",
            "stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,nb_frames,duration:format=format_name,duration",
            "-of", "json", InputUrl(path),
        ];

        string json;
        int exitCode;
        string lastLine, stderr;
        using (var probe = FfmpegProcess.Start(tools.Ffprobe, arguments, path, options.Timeout, cancel))
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
    public IEnumerable<VideoFrame> ReadFrames(string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(info);
        ValidateRequest(request);
        ArgumentNullException.ThrowIfNull(options);
        CheckLimits(path, info, options);
        return ReadFramesIterator(path, info, request, options, cancel);
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

    private static IEnumerable<VideoFrame> ReadFramesIterator(string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancel)
    {
        FfmpegTools tools = FfmpegTools.Locate(options.FfmpegPath, path);
        int width = request.Width > 0 ? request.Width : info.Width;
        int height = request.Height > 0 ? request.Height : info.Height;
        using var ffmpeg = FfmpegProcess.Start(tools.Ffmpeg, Arguments(path, request, width, height), path, options.Timeout, cancel);
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
        if (!options.AllowDamaged)
        {
            long? stated = info.FrameCount;
            bool shortOfFrames = request.FramesPerSecond == 0 && request.FrameInterval == 1 && stated is > 0 && delivered < stated * 9 / 10;
            if (stderr.Contains("partial file", StringComparison.Ordinal) || shortOfFrames)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Truncated, $"the video data ends early ({delivered:N0} frames decoded{(stated is { } s ? $" of {s:N0}" : string.Empty)})");
            }

            // At log level "error" a clean file prints nothing (checked on every reference clip); any message means
            // the decoder met damage it concealed or skipped, so the frames are not the file's true pixels.
            if (exitCode != 0 || FirstError(stderr) is not null)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"the video stream does not decode cleanly ({FirstError(stderr) ?? ffmpeg.LastStderrLine})");
            }
        }
        else if (exitCode != 0 && delivered == 0)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"no frame decodes ({ffmpeg.LastStderrLine})");
        }
    }

    /// <summary>The FFmpeg command line for a request (one process per file).</summary>
    internal static List<string> Arguments(string path, VideoFrameRequest request, int width, int height)
    {
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error" };
        if (!request.ApplyDisplayRotation)
        {
            arguments.Add("-noautorotate");
        }

        arguments.AddRange(["-i", InputUrl(path), "-map", "0:v:0", "-an", "-sn", "-dn"]);
        if (request.FramesPerSecond > 0)
        {
            arguments.AddRange(["-r", request.FramesPerSecond.ToString(CultureInfo.InvariantCulture)]);
        }
        else
        {
            // Every decoded frame exactly once (no duplication or dropping to a constant rate), then the interval.
            arguments.AddRange(["-vsync", "passthrough"]);
            if (request.FrameInterval > 1)
            {
                arguments.AddRange(["-vf", string.Create(CultureInfo.InvariantCulture, $"select=not(mod(n\\,{request.FrameInterval}))")]);
            }
        }

        if (request.Width == 0)
        {
            // Native size (vPDQ): YUV→RGB with accurate rounding, which reproduces the published vPDQ reference hashes
            // (FFmpeg's default fast SIMD converter moves them by a median 2 bits; README "Video").
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
            if (format is "tty")
            {
                // FFmpeg renders any text file as an "ANSI art" video; a text file is not a video.
                throw new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, "a text file, not a video");
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
            return new VideoInfo(width, height, rate, duration, frames, codec);
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
