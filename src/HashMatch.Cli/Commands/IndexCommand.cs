using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HashMatch.Cli.Input;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.Indexing;
using HashMatch.IO;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Video;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch index build|info|add|remove|merge|export</c>: index files (version 2) that keep everything the lists
/// carry — string ids, list names, qualities, PDQ, MD5/SHA-1/SHA-256, PhotoDNA, metadata — with the index structure
/// stored so that loading maps the file and builds nothing.
/// </summary>
internal static class IndexCommand
{
    public static Command Create(CommandStreams io)
    {
        var command = new Command("index", "Build, inspect and change index files (all of a list's entries plus a stored PDQ index, memory-mapped when loaded).");
        command.Subcommands.Add(Build(io));
        command.Subcommands.Add(Info(io));
        command.Subcommands.Add(Add(io));
        command.Subcommands.Add(Remove(io));
        command.Subcommands.Add(Merge(io));
        command.Subcommands.Add(Export(io));
        return command;
    }

    private static Command Build(CommandStreams io)
    {
        Option<string[]> lists = ListsOption(required: true);
        var output = new Option<string>("--out", "-o") { Description = "Index file to write (atomically; every section checksummed).", Required = true };
        Option<ListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of the lists (default: detected per file).");
        Option<int> maxDistance = StandardOptions.MaxDistance("Threshold the index will mostly be queried at; chooses the structure and is recorded in the file.");
        Option<IndexKind?> structure = NamedValueOption.Create<IndexKind?>(
            "--structure",
            "PDQ index structure (docs/hash-index.md): auto chooses from the number of hashes and --max-distance; linear scans; mih16 and mih32 are multi-index hashing with 16 chunks of 16 bits or 8 of 32; mih-sized has chunks of about log2(N) bits, for millions of hashes. Every structure gives the same matches.",
            new Dictionary<string, IndexKind?>
            {
                ["auto"] = null,
                ["linear"] = IndexKind.LinearScan,
                ["mih16"] = IndexKind.MultiIndex16,
                ["mih32"] = IndexKind.MultiIndex32,
                ["mih-sized"] = IndexKind.MultiIndexSized,
            },
            "auto",
            "structure");
        Option<ProgressMode> progress = StandardOptions.Progress();
        var build = new Command("build", """
            Read one or more hash lists and save them as an index file (HMINDEX version 2): every entry keeps its id
            (the list's own, e.g. case-0-A, or its data line number), the list it came from, its quality, PDQ hash,
            MD5/SHA-1/SHA-256, PhotoDNA value, metadata and local-feature signal (hash --signal local); the PDQ index
            structure is stored with its tables. Any malformed line stops the build with the file and line; nothing is
            written.

            Examples:
              hashmatch index build --list known.csv --out known.hmidx
              hashmatch index build --list a.csv b.te --out all.hmidx
              hashmatch index build --list big.csv --out big.hmidx --structure mih-sized
            Exit codes: 0 written, 2 bad arguments, 3 a list or the output failed, 130/143 interrupted (nothing written).
            """)
        {
            lists, output, listFormat, maxDistance, structure, progress,
        };
        build.SetAction((parse, cancel) =>
        {
            var clock = Stopwatch.StartNew();
            var writer = new KnownListFileWriter();
            using (var line = new ProgressLine(io.Error, parse.GetValue(progress), "index build"))
            {
                AddLists(writer, parse.GetRequiredValue(lists), parse.GetValue(listFormat), new ListNames(), line, cancel);
            }

            string path = parse.GetRequiredValue(output);
            Save(io, "index build", path, writer, parse.GetValue(maxDistance), clock, cancel, parse.GetValue(structure));
            return Task.FromResult(ExitCodes.Success);
        });
        return build;
    }

    private static Command Info(CommandStreams io)
    {
        var files = new Argument<string[]>("index") { Description = "Index files (version 1 or 2).", Arity = ArgumentArity.OneOrMore };
        var info = new Command("info", """
            Load index files, verifying every checksum, and print what each holds: format version, entries, the lists
            they came from with their counts, how many have PDQ / MD5 / SHA-1 / SHA-256 / PhotoDNA, the threshold and
            structure, the file size and the load time.

            Example:
              hashmatch index info known.hmidx
            Exit codes: 0 all loaded, 1 some could not be loaded (each reported on stderr), 2 bad arguments.
            """)
        {
            files,
        };
        info.SetAction(parse =>
        {
            int failed = 0;
            foreach (string path in parse.GetRequiredValue(files))
            {
                try
                {
                    var clock = Stopwatch.StartNew();
                    KnownListFileInfo summary = KnownListFile.Inspect(path);
                    io.Out.Write(Describe(summary, clock.Elapsed));
                }
                catch (HashMatchException e)
                {
                    io.Error.WriteLine($"error: {TextEscaping.Control(e.Message)}");
                    failed++;
                }
            }

            return failed == 0 ? ExitCodes.Success : ExitCodes.SomeInputsFailed;
        });
        return info;
    }

    private static Command Add(CommandStreams io)
    {
        var index = new Argument<string>("index") { Description = "The index file to add to (rewritten atomically)." };
        Option<string[]> lists = ListsOption(required: true);
        Option<ListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of the lists (default: detected per file).");
        Option<ProgressMode> progress = StandardOptions.Progress();
        var add = new Command("add", """
            Append the entries of hash lists to an index file. The file is rewritten (its sorted tables and multi-index
            tables include the new entries) into a temporary file that then replaces it, so a reader sees the old file
            or the new one, never a mixture; existing entries are copied column by column.

            Example:
              hashmatch index add known.hmidx --list todays-additions.csv
            Exit codes: 0 written, 2 bad arguments, 3 the index, a list or the output failed, 130/143 interrupted.
            """)
        {
            index, lists, listFormat, progress,
        };
        add.SetAction((parse, cancel) =>
        {
            var clock = Stopwatch.StartNew();
            string path = parse.GetRequiredValue(index);
            KnownList existing = KnownListFile.Load(path);
            var writer = new KnownListFileWriter();
            writer.AddAll(existing);
            var names = new ListNames(); // a list of the same name as one in the index adds to it
            int before = writer.Count;
            using (var line = new ProgressLine(io.Error, parse.GetValue(progress), "index add"))
            {
                AddLists(writer, parse.GetRequiredValue(lists), parse.GetValue(listFormat), names, line, cancel);
            }

            io.Error.WriteLine($"index add: {writer.Count - before:N0} entries added to {before:N0}");
            Save(io, "index add", path, writer, existing.Options.MaxDistance, clock, cancel);
            return Task.FromResult(ExitCodes.Success);
        });
        return add;
    }

    private static Command Remove(CommandStreams io)
    {
        var index = new Argument<string>("index") { Description = "The index file to remove entries from (rewritten atomically)." };
        var ids = new Option<string[]>("--id") { Description = "Entry ids to remove (every entry with the id); repeat or list several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var list = new Option<string?>("--list", "-l") { Description = "Only remove entries that came from this list (a name 'index info' shows)." };
        var remove = new Command("remove", """
            Remove entries by id from an index file, rewriting it atomically. Ids not found are reported on stderr;
            the file is rewritten only when something was removed.

            Examples:
              hashmatch index remove known.hmidx --id case-0-A case-7-C
              hashmatch index remove all.hmidx --id 17 --list partner-b
            Exit codes: 0 every id removed, 1 some ids were not found, 2 bad arguments, 3 the index or the output failed.
            """)
        {
            index, ids, list,
        };
        remove.SetAction((parse, cancel) =>
        {
            var clock = Stopwatch.StartNew();
            string path = parse.GetRequiredValue(index);
            KnownList existing = KnownListFile.Load(path);
            var wanted = new HashSet<string>(parse.GetRequiredValue(ids), StringComparer.Ordinal);
            var writer = new KnownListFileWriter();
            IReadOnlySet<string> found;
            try
            {
                found = writer.AddAllExcept(existing, wanted, parse.GetValue(list));
            }
            catch (ArgumentException e)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Malformed, e.Message, e);
            }

            foreach (string missing in wanted.Except(found).Order(StringComparer.Ordinal))
            {
                io.Error.WriteLine($"index remove: id not found: {TextEscaping.Control(missing)}");
            }

            int removed = existing.Count - writer.Count;
            io.Error.WriteLine($"index remove: {removed:N0} entries removed, {writer.Count:N0} left");
            if (removed > 0)
            {
                Save(io, "index remove", path, writer, existing.Options.MaxDistance, clock, cancel);
            }

            return Task.FromResult(found.Count == wanted.Count ? ExitCodes.Success : ExitCodes.SomeInputsFailed);
        });
        return remove;
    }

    private static Command Merge(CommandStreams io)
    {
        var inputs = new Argument<string[]>("index") { Description = "Index files to merge, in order (version 1 or 2).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Merged index file to write (atomically).", Required = true };
        var maxDistance = new Option<int?>("--max-distance") { Description = "Threshold for the merged structure (default: the first file's)." };
        maxDistance.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value is < 0 or > PdqHash.BitLength)
            {
                result.AddError($"--max-distance must be 0..{PdqHash.BitLength} (got {value})");
            }
        });
        var merge = new Command("merge", """
            Merge index files into one: entries of each file in order, each keeping the list it came from (so matches
            still report it).

            Example:
              hashmatch index merge ncmec.hmidx partner.hmidx --out all.hmidx
            Exit codes: 0 written, 2 bad arguments, 3 an input or the output failed, 130/143 interrupted.
            """)
        {
            inputs, output, maxDistance,
        };
        merge.SetAction((parse, cancel) =>
        {
            var clock = Stopwatch.StartNew();
            var writer = new KnownListFileWriter();
            int? radius = parse.GetValue(maxDistance);
            foreach (string path in parse.GetRequiredValue(inputs))
            {
                cancel.ThrowIfCancellationRequested();
                KnownList part = KnownListFile.Load(path);
                radius ??= part.Options.MaxDistance;
                writer.AddAll(part);
            }

            Save(io, "index merge", parse.GetRequiredValue(output), writer, radius ?? HashMatchDefaults.PdqMatchThreshold, clock, cancel);
            return Task.FromResult(ExitCodes.Success);
        });
        return merge;
    }

    private static Command Export(CommandStreams io)
    {
        var index = new Argument<string>("index") { Description = "The index file to export." };
        var output = new Option<string>("--out", "-o") { Description = "List file to write (atomically).", Required = true };
        Option<ListFormat> to = ListFormatOption.CreateConcrete("--list-format", "Layout to write.", "csv");
        var export = new Command("export", """
            Write an index file's entries back out as a hash list, in index order. What is kept depends on the layout
            (see 'hashmatch lists convert'): csv, tsv and jsonl keep every field of an entry (id, PDQ, quality, exact
            hashes, PhotoDNA, metadata, augmented); the name of the list each entry came from is not a list field, and
            local-feature signals (hash --signal local) are never written: they stay with the originals.

            Example:
              hashmatch index export known.hmidx --out known.csv
              hashmatch index export known.hmidx --out known.jsonl --list-format jsonl
            Exit codes: 0 written, 2 bad arguments, 3 the index or the output failed.
            """)
        {
            index, output, to,
        };
        export.SetAction(parse =>
        {
            KnownList list = KnownListFile.Load(parse.GetRequiredValue(index));

            // An absent --list-format parses as Auto (layout options have no default factory, see NamedValueOption): csv.
            ListFormat layout = parse.GetValue(to) is var chosen && chosen != ListFormat.Auto ? chosen : ListFormat.Csv;
            int written = 0, local = 0;
            AtomicFile.Write(parse.GetRequiredValue(output), stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                // Signals counted as the entries pass (no second load of the file to ask it).
                written = ListWriter.Write(writer, list.GetEntries().Select(e => { local += e.Local is null ? 0 : 1; return e; }), layout);
            });
            io.Error.WriteLine($"index export: {list.Count:N0} entries, {written:N0} lines written → {parse.GetRequiredValue(output)}" +
                (local > 0 ? $"; {local:N0} local-feature signals not written (they stay with the originals)" : ""));
            return ExitCodes.Success;
        });
        return export;
    }

    private static Option<string[]> ListsOption(bool required) =>
        new("--list", "-l") { Description = "Hash lists to read (any layout 'hashmatch lists lint' reads), vPDQ files or videos (one entry per frame, id = frame number).", Required = required, AllowMultipleArgumentsPerToken = true };

    /// <summary>Adds every entry of <paramref name="paths"/>, each under its list's name, reporting entries read.</summary>
    private static void AddLists(KnownListFileWriter writer, string[] paths, ListFormat format, ListNames names, ProgressLine progress, CancellationToken cancel)
    {
        long read = 0;
        for (int i = 0; i < paths.Length; i++)
        {
            cancel.ThrowIfCancellationRequested();
            string list = paths[i];
            string source = names.For(list);
            string shown = TextEscaping.Control(Path.GetFileName(list));
            int number = i + 1;
            if (VideoFileNames.IsVideo(list) || VideoFileNames.IsVpdqText(list))
            {
                // A video (hashed with vPDQ, one frame per second) or a vPDQ file: one entry per frame, id = frame number.
                var frames = VideoFileNames.IsVideo(list) ? VpdqHasher.HashFile(list, cancellationToken: cancel) : VpdqFile.Read(list);
                foreach (VpdqFrameHash frame in frames)
                {
                    writer.Add(new ListEntry { Id = frame.FrameNumber.ToString(CultureInfo.InvariantCulture), Pdq = frame.Hash, Quality = frame.Quality }, source);
                    read++;
                }

                continue;
            }

            // Streamed: each entry goes into the writer's columns as it is read, so the build holds no list entries.
            ListReader.ReadEach(list, format, (entry, _) =>
            {
                writer.Add(entry, source);
                if ((++read & 0xFFFF) == 0)
                {
                    cancel.ThrowIfCancellationRequested(); // a 10M-entry list takes seconds to read
                }

                progress.Report(() => string.Create(CultureInfo.InvariantCulture, $"list {number}/{paths.Length} {shown}: {read:N0} entries read ({progress.Rate(read)})"));
            }, error: null);
        }
    }

    private static void Save(CommandStreams io, string command, string path, KnownListFileWriter writer, int maxDistance, Stopwatch clock, CancellationToken cancel, IndexKind? structure = null)
    {
        cancel.ThrowIfCancellationRequested();
        KnownListFileInfo written = structure is { } kind ? writer.Save(path, maxDistance, kind) : writer.Save(path, maxDistance);
        io.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{command}: {written.Entries:N0} entries ({written.Pdq:N0} PDQ, {written.Md5:N0} MD5{(written.Local > 0 ? $", {written.Local:N0} local signals" : "")}) from {written.Lists.Count:N0} {(written.Lists.Count == 1 ? "list" : "lists")}, " +
            $"{written.Kind} for r = {maxDistance}, in {clock.Elapsed.TotalSeconds:0.0} s → {path}"));
    }

    private static string Describe(KnownListFileInfo info, TimeSpan loadTime)
    {
        var text = new StringBuilder();
        void Line(string name, string value) => text.Append(CultureInfo.InvariantCulture, $"  {name,-11} {value}\n");
        text.Append(TextEscaping.Control(info.Path)).Append('\n');
        Line("version", info.Version.ToString(CultureInfo.InvariantCulture));
        Line("entries", info.Entries.ToString("N0", CultureInfo.InvariantCulture));
        Line("lists", string.Join(", ", info.Lists.Select(l => string.Create(CultureInfo.InvariantCulture, $"{TextEscaping.Control(l.List)} ({l.Entries:N0})"))));
        Line("pdq", info.Pdq.ToString("N0", CultureInfo.InvariantCulture));
        Line("md5", info.Md5.ToString("N0", CultureInfo.InvariantCulture));
        Line("sha1", info.Sha1.ToString("N0", CultureInfo.InvariantCulture));
        Line("sha256", info.Sha256.ToString("N0", CultureInfo.InvariantCulture));
        Line("photodna", info.PhotoDna.ToString("N0", CultureInfo.InvariantCulture) + (info.PhotoDna > 0 ? " (kept, not matched)" : ""));
        if (info.Local > 0)
        {
            Line("local", info.Local.ToString("N0", CultureInfo.InvariantCulture) + " local-feature signals (matched; never exported)");
        }

        Line("augmented", info.Augmented.ToString("N0", CultureInfo.InvariantCulture));
        Line("threshold", info.MaxDistance?.ToString(CultureInfo.InvariantCulture) ?? "not recorded (version 1)");
        Line("structure", info.Kind.ToString());
        Line("file size", string.Create(CultureInfo.InvariantCulture, $"{info.FileBytes:N0} bytes"));
        Line("checksums", info.Version == 1 ? "OK (one over the file)" : string.Create(CultureInfo.InvariantCulture, $"OK ({info.Sections} sections)"));
        Line("loaded in", string.Create(CultureInfo.InvariantCulture, $"{loadTime.TotalSeconds:0.000} s ({(info.Version == 1 ? "read into memory" : "memory-mapped")}, {info.MemoryBytes / 1e6:N1} MB)"));
        return text.ToString();
    }

    /// <summary>List names from file names, made unique (a second <c>known.csv</c> from another folder is named by its path).</summary>
    private sealed class ListNames(IEnumerable<string>? taken = null)
    {
        private readonly HashSet<string> _used = new(taken ?? [], StringComparer.Ordinal);

        public string For(string path)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            return _used.Add(name) ? name : _used.Add(path) ? path : throw new HashMatchException(path, HashMatchErrorReason.Malformed, "the same list is given twice");
        }
    }
}
