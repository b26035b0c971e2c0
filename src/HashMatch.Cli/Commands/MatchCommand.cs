using System.CommandLine;
using System.Globalization;
using HashMatch.Cli.Input;
using HashMatch.Cli.Output;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch match --index INDEX [PATH...] [--hashes FILE]</c>: matches images or a hash list against an index;
/// TSV with one header line and one line per match.
/// </summary>
internal static class MatchCommand
{
    private const string Header = "query\tentry_id\tdistance\tvariant\tquery_quality\tentry_quality";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var index = new Option<string>("--index", "-i") { Description = "Index file (from 'hashmatch index build').", Required = true };
        var paths = new Argument<string[]>("paths") { Description = "Image files or directories (walked recursively), or video files (vPDQ frames).", Arity = ArgumentArity.ZeroOrMore };
        var hashes = new Option<string?>("--hashes") { Description = "Match the PDQ hashes of this list instead of (or as well as) images." };
        var format = ListFormatOption.Create("--hashes-format", "Layout of --hashes (default: detected).", "auto");
        var maxDistance = new Option<int>("--max-distance") { Description = "PDQ threshold (inclusive).", DefaultValueFactory = _ => 31 };
        var minQuality = new Option<int>("--min-quality") { Description = "Queries below this PDQ quality are not matched.", DefaultValueFactory = _ => 50 };
        var dihedral = new Option<bool>("--dihedral") { Description = "Also match rotated and flipped copies (the variant column says which)." };
        var output = new Option<string>("--format") { Description = "Output: tsv (header + one line per match) or jsonl (one JSON object per match).", DefaultValueFactory = _ => "tsv" };
        output.AcceptOnlyFromAmong("tsv", "jsonl");
        var parallelism = new Option<int>("--parallel") { Description = "Images hashed at once (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("match", """
            Match images (or a hash list) against an index. Prints TSV: one header line, then exactly one line per
            match: query (path, or FILE:LINE for --hashes), entry id, distance, variant, query quality, entry quality
            (empty: index files do not record it). Images that cannot be read are reported on stderr.

            With --format jsonl: one JSON object per match (query, entry_id, method, distance, variant, qualities).

            Examples:
              hashmatch match --index known.hmidx uploads/
              hashmatch match --index known.hmidx --hashes todays-uploads.txt --max-distance 40
              hashmatch match --index known.hmidx --dihedral photo.jpg
              hashmatch match --index known.hmidx clip.mp4     (video: one query per sampled frame, 1 per second)
            Exit codes: 0 done, whether or not anything matched; 1 the index or some inputs failed; 2 bad arguments.
            """)
        {
            index, paths, hashes, format, maxDistance, minQuality, dihedral, output, parallelism,
        };
        command.SetAction(async (parse, cancel) =>
        {
            string[] inputs = parse.GetValue(paths) ?? [];
            string? hashList = parse.GetValue(hashes);
            if (inputs.Length == 0 && hashList is null)
            {
                await stderr.WriteLineAsync("error: give image paths, --hashes FILE, or both.");
                return ExitCodes.BadArguments;
            }

            var options = new MatchListOptions
            {
                MaxDistance = parse.GetValue(maxDistance),
                MinQueryQuality = parse.GetValue(minQuality),
                Dihedral = parse.GetValue(dihedral),
            };
            HashMatcher matcher;
            try
            {
                string indexPath = parse.GetRequiredValue(index);
                matcher = new HashMatcher([MatchList.FromIndex(Path.GetFileNameWithoutExtension(indexPath), HashIndexFile.Load(indexPath), options)]);
            }
            catch (Exception e) when (e is HashMatchException or ArgumentOutOfRangeException)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return e is HashMatchException ? ExitCodes.Failed : ExitCodes.BadArguments;
            }

            bool jsonl = parse.GetValue(output) == "jsonl";
            if (!jsonl)
            {
                await stdout.WriteLineAsync(Header);
            }

            bool failed = false;
            if (hashList is not null)
            {
                try
                {
                    HashListContents contents = HashListReader.Read(hashList, ListFormatOption.Parse(parse.GetRequiredValue(format)));
                    for (int i = 0; i < contents.Entries.Count; i++)
                    {
                        ListEntry entry = contents.Entries[i];
                        if (entry.Pdq is { } pdq)
                        {
                            // A list entry without a recorded quality is matched as if its quality were 100.
                            MatchReport report = matcher.MatchHashes($"{hashList}:{contents.Lines[i]}", null, new PdqHashResult(pdq, entry.Quality ?? 100));
                            await WriteMatches(stdout, report, jsonl);
                        }
                    }
                }
                catch (HashMatchException e)
                {
                    await stderr.WriteLineAsync($"error: {e.Message}");
                    failed = true;
                }
            }

            // Videos (by extension): every sampled frame's vPDQ hash is matched like an image's, query PATH@SECONDSs.
            foreach (string video in inputs.Where(VideoFileNames.IsVideo))
            {
                try
                {
                    foreach (HashMatch.Video.VpdqFrameHash frame in HashMatch.Video.VpdqHasher.HashFile(video, cancel: cancel))
                    {
                        MatchReport report = matcher.MatchHashes(string.Create(CultureInfo.InvariantCulture, $"{video}@{frame.Timestamp:F3}s"), null, new PdqHashResult(frame.Hash, frame.Quality));
                        await WriteMatches(stdout, report, jsonl);
                    }
                }
                catch (HashMatchException e)
                {
                    await stderr.WriteLineAsync($"error: {e.Message}");
                    failed = true;
                }
            }

            inputs = [.. inputs.Where(path => !VideoFileNames.IsVideo(path))];
            if (inputs.Length > 0)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                failed |= LiveStatus.Run(stderr, enabled: true, status =>
                {
                    bool any = false;
                    int done = 0, matched = 0;
                    foreach (MatchReport report in matcher.MatchFilesAsync(ImageFileEnumerator.Expand(inputs), null, parse.GetValue(parallelism), cancel).ToBlockingEnumerable(cancel))
                    {
                        if (report.Error is { } error)
                        {
                            stderr.WriteLine($"error: {error.Message}");
                            any = true;
                        }

                        WriteMatches(stdout, report, jsonl).GetAwaiter().GetResult();
                        matched += report.IsMatch ? 1 : 0;
                        status($"matched {++done:N0} images ({done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F1}/s), {matched:N0} with matches");
                    }

                    return any;
                });
            }

            return failed ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteMatches(TextWriter stdout, MatchReport report, bool jsonl)
    {
        foreach (ListMatch match in report.Matches)
        {
            await stdout.WriteLineAsync(jsonl
                ? System.Text.Json.JsonSerializer.Serialize(new
                {
                    query = report.Input,
                    entry_id = match.EntryId,
                    method = match.Method.ToString().ToLowerInvariant(),
                    distance = match.Distance,
                    variant = match.Variant.ToString(),
                    query_quality = match.QueryQuality,
                    entry_quality = match.EntryQuality,
                })
                : string.Create(CultureInfo.InvariantCulture,
                    $"{report.Input}\t{match.EntryId}\t{match.Distance}\t{match.Variant}\t{match.QueryQuality}\t{match.EntryQuality}"));
        }
    }
}
