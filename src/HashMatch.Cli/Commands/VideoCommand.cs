using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HashMatch.Cli.Input;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.IO;
using HashMatch.Video;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch video hash|match</c>: vPDQ and TMK+PDQF hashes of video files in the references' file formats, and
/// matching of videos or their hash files.
/// </summary>
internal static class VideoCommand
{
    public static Command Create(CommandStreams io)
    {
        var command = new Command("video", "Hash and match videos with vPDQ or TMK+PDQF (Meta's video hashes; needs FFmpeg).");
        command.Subcommands.Add(CreateHash(io.Out, io.Error));
        command.Subcommands.Add(CreateMatch(io.Out, io.Error));
        return command;
    }

    private static Option<string> AlgorithmOption()
    {
        var algorithm = new Option<string>("--algorithm", "-a") { Description = "vpdq (frame hashes) or tmk (TMK+PDQF).", Required = true };
        algorithm.AcceptOnlyFromAmong("vpdq", "tmk");
        return algorithm;
    }

    private static Option<double> SecondsPerHashOption() =>
        new("--seconds-per-hash") { Description = "vPDQ: seconds between hashed frames (reference default 1; 0 = every frame).", DefaultValueFactory = _ => 1.0 };

    private static Option<bool> EveryFrameOption() =>
        new("--every-frame") { Description = "vPDQ: hash every frame (as the published reference hashes do); same as --seconds-per-hash 0." };

    private static Option<bool> AllowDamagedOption() =>
        new("--allow-damaged") { Description = "Hash the frames of videos that end early or do not decode cleanly, instead of reporting them." };

    private static Option<int> TimeoutOption() =>
        new("--timeout") { Description = "Seconds allowed per video before FFmpeg is stopped.", DefaultValueFactory = _ => (int)VideoDecodeOptions.Default.Timeout.TotalSeconds };

    private static Command CreateHash(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "Video files.", Arity = ArgumentArity.OneOrMore };
        var algorithm = AlgorithmOption();
        var output = new Option<string?>("--out", "-o") { Description = "Folder for one hash file per video: NAME.txt (vPDQ) or NAME.tmk (TMK). vPDQ without --out prints to stdout." };
        var secondsPerHash = SecondsPerHashOption();
        var everyFrame = EveryFrameOption();
        var allowDamaged = AllowDamagedOption();
        var timeout = TimeoutOption();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print the summary line on stderr." };
        Option<int> parallelism = StandardOptions.Parallelism("Videos hashed, each by its own FFmpeg,");
        var hash = new Command("hash", """
            Hash video files. vPDQ writes the reference's text layout, one line per hashed frame:
            frame_number,quality,pdq_hex,timestamp_seconds. TMK writes the reference's binary .tmk file.
            Output files are named after the video without its extension (clip.mp4 -> DIR/clip.txt or DIR/clip.tmk)
            and written atomically. With --out, each written file is printed as 'VIDEO<TAB>HASHFILE'. Videos whose
            outputs would share a name (a.mp4 and a.mkv, or dir1/a.mp4 and dir2/a.mp4; letter case is ignored) are
            refused before anything is hashed, with exit code 2: hash them into different folders.

            Examples:
              hashmatch video hash --algorithm vpdq --every-frame --out hashes/ clip.mp4
              hashmatch video hash --algorithm tmk --out hashes/ *.mp4
              hashmatch video hash --algorithm vpdq clip.mp4 > clip.txt
            Exit codes: 0 all videos hashed, 1 some failed (reported on stderr), 2 bad arguments, 130/143 interrupted.
            """)
        {
            files, algorithm, output, secondsPerHash, everyFrame, allowDamaged, timeout, quiet, parallelism,
        };
        hash.SetAction((parse, cancel) =>
        {
            string kind = parse.GetRequiredValue(algorithm);
            string? folder = parse.GetValue(output);
            double seconds = parse.GetValue(everyFrame) ? 0 : parse.GetValue(secondsPerHash);
            if (!(seconds >= 0) || double.IsInfinity(seconds) || parse.GetValue(timeout) < 1)
            {
                stderr.WriteLine("error: --seconds-per-hash must be ≥ 0 and --timeout positive.");
                return Task.FromResult(ExitCodes.BadArguments);
            }

            if (kind == "tmk" && folder is null)
            {
                stderr.WriteLine("error: TMK hashes are binary .tmk files; give --out DIR.");
                return Task.FromResult(ExitCodes.BadArguments);
            }

            if (folder is not null)
            {
                // Two videos with one output name would overwrite each other's hash file; refused up front so a run
                // never reports success for a video whose hash it then replaced.
                if (OutputCollision(parse.GetRequiredValue(files), kind, folder) is { } collision)
                {
                    stderr.WriteLine($"error: {TextEscaping.Control(collision)}");
                    return Task.FromResult(ExitCodes.BadArguments);
                }

                Directory.CreateDirectory(folder);
            }

            VideoDecodeOptions decode = DecodeOptions(parse.GetValue(allowDamaged), parse.GetValue(timeout));
            int hashed = 0, failed = 0;
            var clock = Stopwatch.StartNew();

            // Ordered PLINQ: videos are hashed `--parallel` at a time (one FFmpeg each), results come back in input
            // order; vPDQ to stdout is buffered per video so lines never interleave.
            var results = parse.GetRequiredValue(files)
                .AsParallel().AsOrdered()
                .WithDegreeOfParallelism(parse.GetValue(parallelism))
                .WithCancellation(cancel)
                .Select(file => HashOne(file, kind, folder, seconds, decode, cancel));
            foreach (var (file, written, text, error) in results)
            {
                if (error is not null)
                {
                    stdout.Flush();
                    stderr.WriteLine($"error: {TextEscaping.Control(error)}");
                    failed++;
                    continue;
                }

                stdout.Write(text ?? $"{file}\t{written}\n");
                hashed++;
            }

            stdout.Flush();
            if (!parse.GetValue(quiet))
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hashed {hashed} video(s) with {kind}, {failed} failed, in {clock.Elapsed.TotalSeconds:F2} s"));
            }

            return Task.FromResult(failed == 0 ? ExitCodes.Success : ExitCodes.SomeInputsFailed);
        });
        return hash;
    }

    /// <summary>The hash file written for <paramref name="video"/>: its name without the extension, in <paramref name="folder"/>.</summary>
    private static string OutputPath(string video, string kind, string folder) =>
        Path.Combine(folder, Path.GetFileNameWithoutExtension(video) + (kind == "tmk" ? ".tmk" : ".txt"));

    /// <summary>
    /// A sentence naming the first videos that would write the same hash file, or null. Letter case is ignored, since
    /// the names collide on Windows' and macOS's usual file systems; the same video given twice collides too.
    /// </summary>
    private static string? OutputCollision(string[] videos, string kind, string folder)
    {
        var first = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string video in videos)
        {
            string target = OutputPath(video, kind, folder);
            if (!first.TryAdd(target, video))
            {
                return $"'{first[target]}' and '{video}' would both be written to '{target}'; nothing was hashed (hash them into different --out folders)";
            }
        }

        return null;
    }

    /// <summary>Hashes one video and writes its hash file (or, for vPDQ without a folder, returns its lines).</summary>
    private static (string File, string? Written, string? Text, string? Error) HashOne(string file, string kind, string? folder, double seconds, VideoDecodeOptions decode, CancellationToken cancel)
    {
        try
        {
            if (kind == "tmk")
            {
                string target = OutputPath(file, kind, folder!);
                TmkFile.Write(target, TmkHasher.HashFile(file, new TmkHashOptions { DecodeOptions = decode }, cancel));
                return (file, target, null, null);
            }

            IReadOnlyList<VpdqFrameHash> frames = VpdqHasher.HashFile(file, new VpdqHashOptions { SecondsPerHash = seconds, DecodeOptions = decode }, cancel);
            if (folder is null)
            {
                var text = new StringWriter();
                VpdqFile.Write(text, frames);
                return (file, null, text.ToString(), null);
            }

            string written = OutputPath(file, kind, folder);
            VpdqFile.Write(written, frames);
            return (file, written, null, null);
        }
        catch (HashMatchException e)
        {
            return (file, null, null, e.Message);
        }
    }

    private static Command CreateMatch(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "The query, then one or more videos to compare it with; each a video file or its hash file (.txt vPDQ, .tmk TMK).",
            Arity = new ArgumentArity(2, 100_000),
        };
        var algorithm = AlgorithmOption();
        Option<OutputFormat> format = StandardOptions.Format();
        var level1 = new Option<float>("--level1-threshold") { Description = "TMK: level-1 threshold (reference 0.7).", DefaultValueFactory = _ => TmkScore.DefaultThreshold };
        var level2 = new Option<float>("--level2-threshold") { Description = "TMK: level-2 threshold (reference 0.7).", DefaultValueFactory = _ => TmkScore.DefaultThreshold };
        Option<int> maxDistance = StandardOptions.MaxDistance("vPDQ: frames match at PDQ distance ≤ this.");
        Option<int> minQuality = StandardOptions.MinQuality("vPDQ: frames below this quality are not compared.");
        var queryPercent = new Option<double>("--query-percent") { Description = "vPDQ: a match needs this % of the query's frames matched.", DefaultValueFactory = _ => VpdqMatchOptions.Default.QueryMatchPercent };
        var comparedPercent = new Option<double>("--compared-percent") { Description = "vPDQ: ...and this % of the compared video's frames.", DefaultValueFactory = _ => VpdqMatchOptions.Default.ComparedMatchPercent };
        var secondsPerHash = SecondsPerHashOption();
        var everyFrame = EveryFrameOption();
        var allowDamaged = AllowDamagedOption();
        var timeout = TimeoutOption();
        var match = new Command("match", """
            Compare a query video with one or more videos. Each input is a video (hashed first) or a hash file made
            by 'video hash' or the references (vPDQ text; TMK binary .tmk). One result per compared video:
              tmk:  query, compared, level1, level2, match (level1 and level2 both at least their thresholds)
              vpdq: query, compared, query_match_percent, compared_match_percent, match, segments
            vPDQ compares distinct frames of quality ≥ 50 at distance ≤ 31 (ThreatExchange's defaults); against
            several videos the compared frames go into one HashIndex. Segments are stretches of consecutive matched
            query frames, with the time range of the frames they matched.

            Examples:
              hashmatch video match --algorithm tmk a.mp4 b.tmk --format jsonl
              hashmatch video match --algorithm vpdq upload.mp4 known/*.txt
            Exit codes: 0 compared (whether or not anything matched), 2 bad arguments, 3 an input cannot be hashed
            or read (reported on stderr), 130/143 interrupted.
            """)
        {
            inputs, algorithm, format, level1, level2, maxDistance, minQuality, queryPercent, comparedPercent, secondsPerHash, everyFrame, allowDamaged, timeout,
        };
        match.SetAction((parse, cancel) =>
        {
            string[] paths = parse.GetRequiredValue(inputs);
            bool jsonl = parse.GetValue(format) == OutputFormat.Jsonl;
            double seconds = parse.GetValue(everyFrame) ? 0 : parse.GetValue(secondsPerHash);
            if (!(seconds >= 0) || double.IsInfinity(seconds) || parse.GetValue(timeout) < 1)
            {
                stderr.WriteLine("error: --seconds-per-hash must be ≥ 0 and --timeout positive.");
                return Task.FromResult(ExitCodes.BadArguments);
            }

            VideoDecodeOptions decode = DecodeOptions(parse.GetValue(allowDamaged), parse.GetValue(timeout));
            try
            {
                if (parse.GetRequiredValue(algorithm) == "tmk")
                {
                    MatchTmk(paths, decode, parse.GetValue(level1), parse.GetValue(level2), jsonl, stdout, cancel);
                }
                else
                {
                    VpdqMatchOptions options;
                    try
                    {
                        options = new VpdqMatchOptions
                        {
                            MaxDistance = parse.GetValue(maxDistance),
                            MinQuality = parse.GetValue(minQuality),
                            QueryMatchPercent = parse.GetValue(queryPercent),
                            ComparedMatchPercent = parse.GetValue(comparedPercent),
                        };
                        options.Validate();
                    }
                    catch (ArgumentOutOfRangeException e)
                    {
                        stderr.WriteLine($"error: {e.Message}");
                        return Task.FromResult(ExitCodes.BadArguments);
                    }

                    MatchVpdq(paths, new VpdqHashOptions { SecondsPerHash = seconds, DecodeOptions = decode }, options, jsonl, stdout, cancel);
                }
            }
            catch (ArgumentException e)
            {
                // Two TMK hashes made with different parameters; a bad input is a HashMatchException, which the
                // application reports with ExitCodes.Failed.
                stdout.Flush();
                stderr.WriteLine($"error: {TextEscaping.Control(e.Message)}");
                return Task.FromResult(ExitCodes.Failed);
            }

            stdout.Flush();
            return Task.FromResult(ExitCodes.Success);
        });
        return match;
    }

    private static void MatchTmk(string[] paths, VideoDecodeOptions decode, float level1, float level2, bool jsonl, TextWriter stdout, CancellationToken cancel)
    {
        TmkHash query = LoadTmk(paths[0], decode, cancel);
        if (!jsonl)
        {
            stdout.WriteLine("query\tcompared\tlevel1\tlevel2\tmatch");
        }

        var json = new JsonLinesWriter(stdout);
        foreach (string path in paths.Skip(1))
        {
            TmkScore score = TmkScorer.Compare(query, LoadTmk(path, decode, cancel));
            bool isMatch = score.IsMatch(level1, level2);
            if (jsonl)
            {
                json.WriteObject(writer =>
                {
                    writer.WriteString("query", paths[0]);
                    writer.WriteString("compared", path);
                    writer.WriteString("algorithm", "tmk");
                    writer.WriteNumber("level1", score.Level1);
                    writer.WriteNumber("level2", score.Level2);
                    writer.WriteBoolean("match", isMatch);
                });
            }
            else
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{paths[0]}\t{path}\t{score.Level1:F6}\t{score.Level2:F6}\t{(isMatch ? "yes" : "no")}"));
            }
        }
    }

    private static void MatchVpdq(string[] paths, VpdqHashOptions hashing, VpdqMatchOptions options, bool jsonl, TextWriter stdout, CancellationToken cancel)
    {
        IReadOnlyList<VpdqFrameHash> query = LoadVpdq(paths[0], hashing, cancel);
        var index = new VpdqVideoIndex(options);
        var compared = paths.Skip(1).Distinct(StringComparer.Ordinal).ToList();
        var framesByPath = new Dictionary<string, IReadOnlyList<VpdqFrameHash>>(StringComparer.Ordinal);
        foreach (string path in compared)
        {
            framesByPath[path] = LoadVpdq(path, hashing, cancel);
            index.Add(path, framesByPath[path]);
        }

        var found = index.Query(query).ToDictionary(m => m.VideoId, StringComparer.Ordinal);
        if (!jsonl)
        {
            stdout.WriteLine("query\tcompared\tquery_match_percent\tcompared_match_percent\tmatch\tsegments");
        }

        var json = new JsonLinesWriter(stdout);
        foreach (string path in compared)
        {
            // Videos that share no frame with the query are not in the index's answer; report them with 0 %.
            VpdqVideoMatch result = found.TryGetValue(path, out VpdqVideoMatch? hit)
                ? hit
                : new VpdqVideoMatch(path, VpdqMatcher.Match(query, framesByPath[path], options), []);
            VpdqMatchResult r = result.Result;
            if (jsonl)
            {
                json.WriteObject(writer =>
                {
                    writer.WriteString("query", paths[0]);
                    writer.WriteString("compared", path);
                    writer.WriteString("algorithm", "vpdq");
                    writer.WriteNumber("query_match_percent", Math.Round(r.QueryMatchPercent, 2));
                    writer.WriteNumber("compared_match_percent", Math.Round(r.ComparedMatchPercent, 2));
                    writer.WriteNumber("query_frames", r.QueryFramesCompared);
                    writer.WriteNumber("compared_frames", r.ComparedFramesCompared);
                    writer.WriteBoolean("match", r.IsMatch);
                    writer.WriteStartArray("segments");
                    foreach (var segment in result.Segments)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("query_start", Math.Round(segment.QueryStart, 3));
                        writer.WriteNumber("query_end", Math.Round(segment.QueryEnd, 3));
                        writer.WriteNumber("compared_start", Math.Round(segment.ComparedStart, 3));
                        writer.WriteNumber("compared_end", Math.Round(segment.ComparedEnd, 3));
                        writer.WriteNumber("frames", segment.FrameCount);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
            }
            else
            {
                string segments = string.Join(' ', result.Segments.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.QueryStart:F3}-{s.QueryEnd:F3}@{s.ComparedStart:F3}-{s.ComparedEnd:F3}")));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{paths[0]}\t{path}\t{r.QueryMatchPercent:F2}\t{r.ComparedMatchPercent:F2}\t{(r.IsMatch ? "yes" : "no")}\t{segments}"));
            }
        }
    }

    private static VideoDecodeOptions DecodeOptions(bool allowDamaged, int timeoutSeconds) =>
        VideoDecodeOptions.Default with { AllowDamaged = allowDamaged, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };

    /// <summary>A .tmk file (recognised by its magic number) or a video to hash.</summary>
    private static TmkHash LoadTmk(string path, VideoDecodeOptions decode, CancellationToken cancel) =>
        StartsWith(path, "TMK1FVEC"u8) ? TmkFile.Read(path) : TmkHasher.HashFile(path, new TmkHashOptions { DecodeOptions = decode }, cancel);

    /// <summary>A vPDQ text file (its first line is frame,quality,hex,…) or a video to hash.</summary>
    private static IReadOnlyList<VpdqFrameHash> LoadVpdq(string path, VpdqHashOptions hashing, CancellationToken cancel) =>
        VideoFileNames.IsVpdqText(path) ? VpdqFile.Read(path) : VpdqHasher.HashFile(path, hashing, cancel);

    private static bool StartsWith(string path, ReadOnlySpan<byte> magic)
    {
        try
        {
            Span<byte> head = stackalloc byte[magic.Length];
            using FileStream stream = InputFile.OpenRead(path, bufferSize: 1); // regular files only: a pipe would block
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(magic);
        }
        catch (HashMatchException)
        {
            return false; // the hasher reports the path
        }
    }
}
