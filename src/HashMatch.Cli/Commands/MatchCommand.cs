using System.CommandLine;
using HashMatch.Cli.Input;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.IO;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Matching;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch match --index INDEX [PATH...] [--hashes FILE]</c>: matches images or a hash list against an index;
/// TSV with one header line and one line per match.
/// </summary>
internal static class MatchCommand
{
    public static Command Create(CommandStreams io)
    {
        var index = new Option<string>("--index", "-i") { Description = "Index file (from 'hashmatch index build').", Required = true };
        InputPaths inputs = InputPaths.Create("Image files or folders (walked recursively).", ArgumentArity.ZeroOrMore);
        var hashes = new Option<string?>("--hashes") { Description = "Match the PDQ hashes of this list instead of (or as well as) images." };
        Option<HashListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of --hashes (default: detected).");
        Option<int> maxDistance = StandardOptions.MaxDistance("PDQ threshold (inclusive).");
        Option<int> minQuality = StandardOptions.MinQuality("Queries below this PDQ quality are not matched.");
        var dihedral = new Option<bool>("--dihedral") { Description = "Also match rotated and flipped copies (the variant column says which)." };
        Option<OutputFormat> format = StandardOptions.Format();
        Option<int> parallelism = StandardOptions.Parallelism("Images hashed");
        Option<ProgressMode> progress = StandardOptions.Progress();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line on stderr." };
        var command = new Command("match", """
            Match images (or a hash list) against an index. Prints TSV: one header line, then exactly one line per
            match: query (path, or FILE:LINE for --hashes), entry id, distance, variant, query quality, entry quality
            (empty: index files do not record it). Images that cannot be read are reported on stderr; a summary line
            ends the run.

            With --format jsonl: one JSON object per match (query, entry_id, method, distance, variant, qualities).

            Examples:
              hashmatch match --index known.hmidx uploads/
              hashmatch match --index known.hmidx --hashes todays-uploads.txt --max-distance 40
              hashmatch match --index known.hmidx --dihedral photo.jpg
            Exit codes: 0 done, whether or not anything matched; 1 some inputs failed; 2 bad arguments;
            3 the index or the list cannot be read; 130/143 interrupted.
            """);
        command.Add(index);
        inputs.AddTo(command);
        command.Add(hashes);
        command.Add(listFormat);
        command.Add(maxDistance);
        command.Add(minQuality);
        command.Add(dihedral);
        command.Add(format);
        command.Add(parallelism);
        command.Add(progress);
        command.Add(quiet);
        command.Validators.Add(result =>
        {
            if (result.GetValue(inputs.Paths) is not { Length: > 0 } && result.GetValue(inputs.FilesFrom) is null && result.GetValue(hashes) is null)
            {
                result.AddError("give image paths, --hashes FILE, or both");
            }
        });

        command.SetAction(async (parse, cancel) =>
        {
            var options = new KnownListOptions
            {
                MaxDistance = parse.GetValue(maxDistance),
                MinQueryQuality = parse.GetValue(minQuality),
                Dihedral = parse.GetValue(dihedral),
            };
            string indexPath = parse.GetRequiredValue(index);
            var matcher = new HashMatcher([KnownList.FromIndex(Path.GetFileNameWithoutExtension(indexPath), HashIndexFile.Load(indexPath), options)]);
            var writer = new MatchRecordWriter(io.Out, parse.GetValue(format));
            writer.WriteHeader();
            bool silent = parse.GetValue(quiet);
            using var status = new ProgressLine(io.Error, silent ? ProgressMode.None : parse.GetValue(progress), "match");
            int queries = 0, matched = 0, failed = 0, matches = 0;
            if (parse.GetValue(hashes) is { } hashList)
            {
                HashListContents contents = HashListReader.Read(hashList, parse.GetValue(listFormat));
                for (int i = 0; i < contents.Entries.Count; i++)
                {
                    cancel.ThrowIfCancellationRequested();
                    if (contents.Entries[i].Pdq is { } pdq)
                    {
                        // A list entry without a recorded quality is matched as if its quality were 100.
                        MatchReport report = matcher.MatchHashes($"{hashList}:{contents.Lines[i]}", null, new PdqHashResult(pdq, contents.Entries[i].Quality ?? 100));
                        Count(report, writer.Write(report));
                    }
                }
            }

            if (inputs.Any(parse))
            {
                FileWalker walker = inputs.Walker(parse);
                var reports = OrderedParallel.SelectAsync(walker.Walk(inputs.Named(parse, io.In), cancel), (file, token) => Match(matcher, file, token), parse.GetValue(parallelism), cancel);
                await foreach (MatchReport report in reports)
                {
                    if (report.Error is { } error)
                    {
                        await io.Out.FlushAsync(CancellationToken.None);
                        await io.Error.WriteLineAsync($"error: {TextEscaping.Control(error.Message)}");
                        failed++;
                    }

                    Count(report, writer.Write(report));
                    status.Report(() => $"{queries:N0} images ({status.Rate(queries)}), {matched:N0} with matches, {failed:N0} failed");
                }
            }

            await io.Out.FlushAsync(CancellationToken.None);
            status.Dispose();
            if (!silent)
            {
                await io.Error.WriteLineAsync($"match: {queries:N0} queries, {matched:N0} matched ({matches:N0} matches), {failed:N0} failed, in {status.Elapsed.TotalSeconds:F2} s");
            }

            return failed == 0 ? ExitCodes.Success : ExitCodes.SomeInputsFailed;

            void Count(MatchReport report, int written)
            {
                queries++;
                matches += written;
                matched += written > 0 ? 1 : 0;
            }
        });
        return command;
    }

    private static MatchReport Match(HashMatcher matcher, WalkedFile file, CancellationToken cancel) =>
        file.Error is { } error ? new MatchReport { Input = file.Path, Candidates = [], Error = error } : matcher.MatchFile(file.Path, cancel);
}
