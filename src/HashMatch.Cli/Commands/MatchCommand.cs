using System.CommandLine;
using HashMatch.Cli.Input;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.IO;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch match --index INDEX [PATH...] [--hashes FILE]</c>: matches images or a hash list against indexes and
/// lists — exact hashes first, then PDQ — with exclusion lists; TSV with one header line and one line per candidate.
/// </summary>
internal static class MatchCommand
{
    public static Command Create(CommandStreams io)
    {
        var indexes = new Option<string[]>("--index", "-i") { Description = "An index file (from 'hashmatch index build'); repeat for several." };
        var lists = new Option<string[]>("--list", "-l") { Description = "A hash list to match against directly (any layout; indexed in memory); repeat for several." };
        var exclude = new Option<string[]>("--exclude") { Description = "An exclusion list (known-good files, confirmed false positives, NSRL); repeat for several. A query that hits one is reported as Excluded, not as a match." };
        InputPaths inputs = InputPaths.Create("Image files or folders (walked recursively), or video files (vPDQ frames, one per second).", ArgumentArity.ZeroOrMore);
        var hashes = new Option<string?>("--hashes") { Description = "Match the hashes of this list (exact hashes, PDQ and its dihedral columns) instead of (or as well as) images." };
        Option<ListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of --list, --exclude and --hashes (default: detected per file).");
        Option<int> maxDistance = StandardOptions.MaxDistance("PDQ threshold (inclusive).");
        Option<int> minQuality = StandardOptions.MinQuality("Queries and entries below this PDQ quality are not PDQ matches: candidates within the threshold are printed with verdict QueryLowQuality or EntryLowQuality instead.");
        Option<QueryVariants> variants = VariantsOption.Create();
        Option<int> localMinInliers = StandardOptions.Ranged(
            new Option<int>("--local-min-inliers")
            {
                Description = "Fewest consistent feature matches for a local-feature match, against indexes and lists that carry signals (hash --signal local); fewer find more crops and rotations and risk more false matches (docs/local-features.md measures each).",
                DefaultValueFactory = _ => HashMatchDefaults.LocalMinInliers,
            },
            2,
            90);
        var matchesOnly = new Option<bool>("--matches-only") { Description = "Print only verdicts Match and Excluded: leave out the candidates within the threshold that a quality limit rejected (they are still counted in the summary)." };
        Option<OutputFormat> format = StandardOptions.Format();
        Option<int> parallelism = StandardOptions.Parallelism("Images hashed");
        Option<ProgressMode> progress = StandardOptions.Progress();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line on stderr." };
        var command = new Command("match", """
            Match images (or a hash list) against indexes and lists: exact hashes (MD5, SHA-1, SHA-256) first, then
            PDQ within the threshold — of the image as it is and, with --variants, of its query variants
            (pixel-dihedral: the seven rotations and flips; upscale: small images at 512; region: every picture-like
            rectangle inside borders, app chrome, caption bars, collages or another picture, each cut out). Prints TSV:
            one header line, then one line per candidate:
            query method list entry_id distance query_variant query_region query_quality entry_quality verdict
            (query_region x,y,width,height in the image's pixels when the variant is a region).
            (verdict Match; Excluded when the query also hits an --exclude list; QueryLowQuality or EntryLowQuality
            when it is within the threshold but a PDQ quality is below --min-quality: a near-identical copy of a plain
            picture is never dropped without a name, --matches-only leaves these out). The query is the path, or
            FILE:LINE for --hashes. Inputs that cannot be read are reported on stderr; a summary line (queries,
            matched, excluded, failed, low-quality) ends the run. --format jsonl adds the entries' metadata.

            Examples:
              hashmatch match --index known.hmidx uploads/
              hashmatch match --index known.hmidx --exclude false-positives.csv --exclude nsrl.txt uploads/
              hashmatch match --list received.csv --hashes todays-uploads.tsv --max-distance 40
              hashmatch match --index known.hmidx --variants all uploads/
              hashmatch match --index known.hmidx --variants region screenshot.png
              hashmatch match --index known.hmidx clip.mp4     (video: one query per sampled frame, PATH@SECONDSs)
            Exit codes: 0 done, whether or not anything matched; 1 some inputs failed; 2 bad arguments;
            3 an index or list cannot be read; 130/143 interrupted.
            """);
        command.Add(indexes);
        command.Add(lists);
        command.Add(exclude);
        inputs.AddTo(command);
        command.Add(hashes);
        command.Add(listFormat);
        command.Add(maxDistance);
        command.Add(minQuality);
        command.Add(variants);
        command.Add(localMinInliers);
        command.Add(matchesOnly);
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

            if (result.GetValue(indexes) is not { Length: > 0 } && result.GetValue(lists) is not { Length: > 0 })
            {
                result.AddError("give --index FILE or --list FILE to match against");
            }
        });

        command.SetAction(async (parse, cancel) =>
        {
            var options = new KnownListOptions
            {
                MaxDistance = parse.GetValue(maxDistance),
                MinQueryQuality = parse.GetValue(minQuality),
                MinEntryQuality = parse.GetValue(minQuality),
                Variants = parse.GetValue(variants),
                LocalMinInliers = parse.GetValue(localMinInliers),
            };
            ListFormat layout = parse.GetValue(listFormat);
            var known = new List<KnownList>();
            var names = new ListNames();
            foreach (string path in parse.GetValue(indexes) ?? [])
            {
                known.Add(KnownListFile.Load(path, options, names.For(path)));
            }

            foreach (string path in parse.GetValue(lists) ?? [])
            {
                known.Add(KnownList.Create(names.For(path), ListReader.Read(path, layout).Entries, options));
            }

            foreach (string path in parse.GetValue(exclude) ?? [])
            {
                known.Add(KnownList.Create(names.For(path), ListReader.Read(path, layout).Entries, options with { Role = ListRole.Exclusion }));
            }

            var matcher = new HashMatcher(known);
            var writer = new MatchRecordWriter(io.Out, parse.GetValue(format));
            writer.WriteHeader();
            bool silent = parse.GetValue(quiet), matchesOnlyChosen = parse.GetValue(matchesOnly);
            using var status = new ProgressLine(io.Error, silent ? ProgressMode.None : parse.GetValue(progress), "match");
            var tally = new Tally();
            if (parse.GetValue(hashes) is { } hashList)
            {
                ListContents contents = ListReader.Read(hashList, layout);
                for (int i = 0; i < contents.Entries.Count; i++)
                {
                    cancel.ThrowIfCancellationRequested();
                    ListEntry entry = contents.Entries[i];

                    // A list entry without a recorded quality is matched as if its quality were 100.
                    var exact = new ExactHashes(entry.Md5 ?? default, entry.Sha1 ?? default, entry.Sha256 ?? default);
                    PdqHashResult? pdq = entry.Pdq is { } h ? new PdqHashResult(h, entry.Quality ?? 100) : null;
                    Write(matcher.MatchHashes($"{hashList}:{contents.Lines[i]}", exact, pdq, entry.Dihedral is { } turns ? DihedralQueries(turns) : null));
                }
            }

            if (inputs.Any(parse))
            {
                FileWalker walker = inputs.Walker(parse);
                var batches = OrderedParallel.SelectAsync(walker.Walk(inputs.Named(parse, io.In), cancel), (file, token) => MatchAll(matcher, file, token), parse.GetValue(parallelism), cancel);
                await foreach (MatchReport report in Flatten(batches))
                {
                    if (report.Error is { } error)
                    {
                        await io.Out.FlushAsync(CancellationToken.None);
                        await io.Error.WriteLineAsync($"error: {TextEscaping.Control(error.Message)}");
                        tally.Failed++;
                    }

                    Write(report);
                    status.Report(() => $"{tally.Queries:N0} images ({status.Rate(tally.Queries)}), {tally.Matched:N0} matched, {tally.Failed:N0} failed");
                }
            }

            await io.Out.FlushAsync(CancellationToken.None);
            status.Dispose();
            if (!silent)
            {
                await io.Error.WriteLineAsync(
                    $"match: {tally.Queries:N0} queries, {tally.Matched:N0} matched, {tally.Excluded:N0} excluded, {tally.Failed:N0} failed, " +
                    $"{tally.BelowQuality:N0} low-quality, in {status.Elapsed.TotalSeconds:F2} s");
            }

            return tally.Failed == 0 ? ExitCodes.Success : ExitCodes.SomeInputsFailed;

            void Write(MatchReport report)
            {
                tally.Count(report);
                foreach (MatchCandidate candidate in report.Candidates)
                {
                    if (!matchesOnlyChosen || candidate.Verdict is MatchVerdict.Match or MatchVerdict.Excluded)
                    {
                        writer.Write(report.Input, candidate);
                    }
                }
            }
        });
        return command;
    }

    /// <summary>
    /// A list's dihedral columns (<c>hash --dihedral</c>'s DCT-domain hashes of the turned picture) as the turned
    /// query variants: the same <see cref="PdqVariant"/> names the same turn in both.
    /// </summary>
    private static QueryVariantHash[] DihedralQueries(PdqDihedralHashes turns) =>
        [.. Enum.GetValues<PdqVariant>().Select(v => new QueryVariantHash(QueryVariant.Turned(v), new PdqHashResult(turns[v], turns.Quality)))];

    private static MatchReport Match(HashMatcher matcher, WalkedFile file, CancellationToken cancel) =>
        file.Error is { } error ? new MatchReport { Input = file.Path, Candidates = [], Error = error } : matcher.MatchFile(file.Path, cancel);

    /// <summary>
    /// An image's report, or a video's: each sampled frame (vPDQ, one per second) matched like an image, as the
    /// query <c>PATH@SECONDSs</c>.
    /// </summary>
    private static IReadOnlyList<MatchReport> MatchAll(HashMatcher matcher, WalkedFile file, CancellationToken cancel)
    {
        if (file.Error is not null || !VideoFileNames.IsVideo(file.Path))
        {
            return [Match(matcher, file, cancel)];
        }

        try
        {
            return [.. Video.VpdqHasher.HashFile(file.Path, cancellationToken: cancel).Select(frame => matcher.MatchHashes(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file.Path}@{frame.Timestamp:F3}s"), default, new PdqHashResult(frame.Hash, frame.Quality)))];
        }
        catch (HashMatchException e)
        {
            return [new MatchReport { Input = file.Path, Candidates = [], Error = e }];
        }
    }

    private static async IAsyncEnumerable<MatchReport> Flatten(IAsyncEnumerable<IReadOnlyList<MatchReport>> batches)
    {
        await foreach (IReadOnlyList<MatchReport> batch in batches)
        {
            foreach (MatchReport report in batch)
            {
                yield return report;
            }
        }
    }

    /// <summary>The counts of the summary line.</summary>
    private sealed class Tally
    {
        public int Queries { get; set; }

        public int Matched { get; set; }

        public int Excluded { get; set; }

        public int Failed { get; set; }

        public int BelowQuality { get; set; }

        public void Count(MatchReport report)
        {
            Queries++;
            Matched += report.IsMatch ? 1 : 0;
            Excluded += report.IsExcluded ? 1 : 0;
            BelowQuality += !report.IsMatch && !report.IsExcluded && report.Candidates.Any(c => c.Verdict is MatchVerdict.QueryLowQuality or MatchVerdict.EntryLowQuality) ? 1 : 0;
        }
    }
}
