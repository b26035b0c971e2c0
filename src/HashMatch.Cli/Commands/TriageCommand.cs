using System.CommandLine;
using HashMatch.Cli.Input;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.Cli.Triage;
using HashMatch.Hashing;
using HashMatch.IO;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch triage SOURCE... (--list FILE | --index FILE)... [--exclude FILE]... --out CASE_DIR</c>: examines every
/// file of the sources once (exact hashes, PDQ with every query variant by default) and writes a case folder: one line
/// per file and per candidate, VICS and CAID exports, a report and a manifest with checksums; resumable.
/// </summary>
internal static class TriageCommand
{
    public static Command Create(CommandStreams io)
    {
        var indexes = new Option<string[]>("--index", "-i") { Description = "An index file (from 'hashmatch index build'); repeat for several." };
        var lists = new Option<string[]>("--list", "-l") { Description = "A hash list (any layout: VICS, CAID, ICSE, CSV, ...; indexed in memory); repeat for several." };
        var exclude = new Option<string[]>("--exclude") { Description = "An exclusion list (NSRL, known-good files, confirmed false positives); repeat for several. A file that hits one is 'excluded'." };
        InputPaths inputs = InputPaths.Create("Folders (walked recursively, every file, hidden ones too) or files to examine.", ArgumentArity.ZeroOrMore);
        var output = new Option<string>("--out", "-o") { Description = "The case folder: new or empty, or an unfinished case to resume (the same command resumes it).", Required = true };
        Option<ListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of --list and --exclude (default: detected per file).");
        Option<int> maxDistance = StandardOptions.MaxDistance("PDQ threshold (inclusive).");
        Option<int> minQuality = StandardOptions.MinQuality("PDQ quality below which a candidate within the threshold is a 'low-quality match' (reported, never dropped).");
        Option<QueryVariants> variants = VariantsOption.Create(QueryVariants.All);
        Option<int> parallelism = StandardOptions.Parallelism("Files examined");
        Option<ProgressMode> progress = StandardOptions.Progress();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line on stderr." };
        var command = new Command("triage", """
            Examine every file of seized media against known-material lists and write a case folder an investigator
            hands on. Each file is read once: MD5, SHA-1 and SHA-256 of its bytes, and for a picture PDQ with every query
            variant (turned, mirrored, enlarged, the pictures inside screenshots and collages); videos by their frames
            (vPDQ, one per second; needs FFmpeg). Every file gets one outcome: match, low-quality match (within the
            threshold but with too little detail for PDQ to be sure: reported by name, never dropped), excluded, no
            match, failed (with the reason) or skipped (not a regular file, a folder link not followed).

            CASE_DIR receives files.tsv and files.jsonl (one line per file: path, size, hashes, PDQ and quality,
            outcome, the best candidate, the count of others; JSON also the best candidate per list), hits.tsv and
            hits.jsonl (every candidate), vics.json (a VICS 2.0 case: every file, matched ones with their entry's
            category) and caid.json, report.html (the case report: no pictures, only paths, hashes, categories and
            counts), manifest.json (tool, command line, lists with SHA-256 and entry counts, thresholds, sessions,
            machine, counts, the SHA-256 of every file of the case) and manifest.json.sha256 (sha256sum -c checks it).
            Interrupted (Ctrl-C, SIGTERM, a crash), the same command resumes without examining the recorded files
            again; the outputs are then byte-identical to an uninterrupted run's (report and manifest add the sessions).

            Examples:
              hashmatch triage /mnt/seized --list vics-known.json --exclude NSRLFile.txt --out case-2026-117
              hashmatch triage /mnt/disk1 /mnt/phone --index known.hmidx --list local.csv --out case-118 --progress plain
            Exit codes: 0 done; 1 done, but some files failed or nothing was found to examine; 2 bad arguments;
            3 a list, index or the case folder cannot be used; 130/143 interrupted (run the same command to resume).
            """);
        command.Add(indexes);
        command.Add(lists);
        command.Add(exclude);
        inputs.AddTo(command, fileFilter: false);
        command.Add(output);
        command.Add(listFormat);
        command.Add(maxDistance);
        command.Add(minQuality);
        command.Add(variants);
        command.Add(parallelism);
        command.Add(progress);
        command.Add(quiet);
        command.Validators.Add(result =>
        {
            if (result.GetValue(inputs.Paths) is not { Length: > 0 } && result.GetValue(inputs.FilesFrom) is null)
            {
                result.AddError("give the folders or files to examine (or --files-from FILE)");
            }

            if (result.GetValue(indexes) is not { Length: > 0 } && result.GetValue(lists) is not { Length: > 0 })
            {
                result.AddError("give --list FILE or --index FILE to match against");
            }
        });

        command.SetAction(async (parse, cancel) =>
        {
            var options = new KnownListOptions
            {
                MaxDistance = parse.GetValue(maxDistance),
                MinQueryQuality = parse.GetValue(minQuality),
                MinEntryQuality = parse.GetValue(minQuality),
                Variants = VariantsOption.Value(parse, variants, QueryVariants.All),
            };
            ListFormat layout = parse.GetValue(listFormat);
            var known = new List<KnownList>();
            var described = new List<CaseList>();
            var names = new ListNames();
            foreach (string path in parse.GetValue(indexes) ?? [])
            {
                KnownList list = KnownListFile.Load(path, options, names.For(path));
                known.Add(list);
                described.Add(CaseList.Describe(path, list.Name, ListRole.Known, "index", "hashmatch-index", list.Count));
            }

            foreach ((string path, ListRole role) in (parse.GetValue(lists) ?? []).Select(p => (p, ListRole.Known)).Concat((parse.GetValue(exclude) ?? []).Select(p => (p, ListRole.Exclusion))))
            {
                ListContents contents = ListReader.Read(path, layout);
                KnownList list = KnownList.Create(names.For(path), contents.Entries, options with { Role = role });
                known.Add(list);
                described.Add(CaseList.Describe(path, list.Name, role, "list", ListFormatNames.Of(contents.Format), list.Count));
            }

            var hasherOptions = new ImageHasherOptions();
            var settings = new CaseSettings(
                CliApplication.ToolVersion,
                [.. (parse.GetValue(inputs.Paths) ?? []).Select(p => p == "-" ? p : Path.GetFullPath(p))],
                parse.GetValue(inputs.FilesFrom) is { } listed ? (listed == "-" ? listed : Path.GetFullPath(listed)) : null,
                parse.GetValue(inputs.FollowSymlinks),
                described,
                options.MaxDistance,
                parse.GetValue(minQuality),
                QueryVariantNames.Format(options.Variants),
                hasherOptions.MaxInputBytes);

            string folder = parse.GetValue(output)!;
            var examiner = new TriageExaminer(new HashMatcher(known, hasherOptions), hasherOptions.MaxInputBytes);
            bool silent = parse.GetValue(quiet);
            var walker = new FileWalker(static _ => true, settings.FollowSymlinks) { IncludeHidden = true, ReportSkipped = true };
            IEnumerable<WalkedFile> walked = walker.Walk(inputs.Named(parse, io.In), cancel);

            using (var status = new ProgressLine(io.Error, silent ? ProgressMode.None : parse.GetValue(progress), "triage"))
            using (CaseJournal journal = CaseJournal.Open(folder, settings.ToJson(), TimeProvider.System))
            {
                long resumedAt = journal.Done;
                if (journal.Resumed && !silent)
                {
                    await io.Error.WriteLineAsync($"triage: resuming {TextEscaping.Control(journal.Folder)} after {resumedAt:N0} files");
                }

                // The total, for the estimate of the time left, from a second walk that only lists folders (not when
                // the paths come from stdin, which can be read once).
                Task<long>? total = silent || settings.Sources.Contains("-") || settings.FilesFrom == "-"
                    ? null
                    : Task.Run(() => (long)new FileWalker(static _ => true, settings.FollowSymlinks) { IncludeHidden = true, ReportSkipped = true }.Walk(inputs.Named(parse, io.In), cancel).Count(), cancel);
                long matched = 0, failed = 0;
                try
                {
                    await foreach (ExaminedFile file in OrderedParallel.SelectAsync(Remaining(walked, journal), examiner.Examine, parse.GetValue(parallelism), cancel))
                    {
                        journal.Append(file);
                        matched += file.Outcome == TriageOutcome.Match ? 1 : 0;
                        failed += file.Outcome == TriageOutcome.Failed ? 1 : 0;
                        status.Report(() => Status(journal.Done, journal.Done - resumedAt, total, status, matched, failed));
                    }
                }
                catch (OperationCanceledException)
                {
                    journal.Interrupted();
                    await io.Error.WriteLineAsync($"triage: interrupted after {journal.Done:N0} files; the same command resumes the case");
                    throw;
                }

                journal.Finished();
            }

            CaseTotals totals = CaseOutputs.Write(Path.GetFullPath(folder), Path.Combine(Path.GetFullPath(folder), CaseJournal.JournalFile));
            CaseReport.Write(Path.GetFullPath(folder), settings, totals);
            CaseManifest.Write(Path.GetFullPath(folder), ["hashmatch", .. parse.Tokens.Select(t => t.Value)], settings, totals);
            if (!silent)
            {
                await io.Error.WriteLineAsync(
                    $"triage: {totals.Files:N0} files: " + string.Join(", ", totals.Outcomes.Select(o => $"{o.Value:N0} {TriageOutcomes.Name(o.Key)}")) +
                    $"; case in {TextEscaping.Control(Path.GetFullPath(folder))} (report.html)");
            }

            if (totals.Files == 0)
            {
                await io.Error.WriteLineAsync("warning: the sources hold no files; nothing was examined");
                return ExitCodes.SomeInputsFailed;
            }

            return totals.Outcomes[TriageOutcome.Failed] == 0 ? ExitCodes.Success : ExitCodes.SomeInputsFailed;

            // A resumed walk passes over the files already recorded, checking that they are the same files in the
            // same order: a source that changed since would make the case's numbering mean something else.
            IEnumerable<WalkedFile> Remaining(IEnumerable<WalkedFile> all, CaseJournal journal)
            {
                long recorded = journal.Done, passed = 0;
                using IEnumerator<string> paths = journal.RecordedPaths().GetEnumerator();
                foreach (WalkedFile file in all)
                {
                    if (passed < recorded)
                    {
                        paths.MoveNext();
                        if (paths.Current != file.Path)
                        {
                            throw new HashMatchException(journal.Folder, HashMatchErrorReason.Malformed,
                                $"the sources changed since the case started: file {passed + 1:N0} was {paths.Current}, the walk now meets {file.Path}; start a new case");
                        }

                        passed++;
                        continue;
                    }

                    yield return file;
                }

                if (passed < recorded)
                {
                    throw new HashMatchException(journal.Folder, HashMatchErrorReason.Malformed,
                        $"the sources changed since the case started: the case recorded {recorded:N0} files, the walk now finds {passed:N0}; start a new case");
                }
            }
        });
        return command;
    }


    private static string Status(long done, long thisSession, Task<long>? total, ProgressLine status, long matched, long failed)
    {
        string line = $"{done:N0} files ({status.Rate(thisSession)}), {matched:N0} matched, {failed:N0} failed";
        if (total is { IsCompletedSuccessfully: true } && total.Result > done && thisSession > 0)
        {
            double seconds = (total.Result - done) * status.Elapsed.TotalSeconds / thisSession;
            line += $", {total.Result - done:N0} left, about {TimeSpan.FromSeconds(Math.Ceiling(seconds)):g} to go";
        }

        return line;
    }
}
