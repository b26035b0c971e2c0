using System.CommandLine;
using System.Diagnostics;
using HashMatch.Cli.Input;
using HashMatch.Cli.Options;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Video;

namespace HashMatch.Cli.Commands;

/// <summary><c>hashmatch index build --list FILE... --out INDEX</c>: a persistent PDQ index from hash lists.</summary>
internal static class IndexCommand
{
    public static Command Create(CommandStreams io)
    {
        var command = new Command("index", "Build persistent PDQ index files from hash lists.");
        var lists = new Option<string[]>("--list", "-l") { Description = "Hash lists to index (PDQ entries; MD5-only lines are skipped), vPDQ files or videos (frames, id = frame number).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out", "-o") { Description = "Index file to write (atomically; checksummed).", Required = true };
        Option<HashListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of the lists (default: detected per file).");
        Option<int> maxDistance = StandardOptions.MaxDistance("Threshold the index will mostly be queried at; chooses the structure.");
        var build = new Command("build", """
            Read PDQ hashes from one or more lists and save them as an index file (HMINDEX v1: rows, ids, XXH3
            checksum). Entry ids are the lists' ids, or 1-based line numbers for plain lists. Any malformed line stops
            the build with the file and line; nothing is written.

            Examples:
              hashmatch index build --list known.txt --out known.hmidx
              hashmatch index build --list a.csv b.te --out all.hmidx
            Exit codes: 0 written, 2 bad arguments, 3 a list or the output failed, 130/143 interrupted (nothing written).
            """)
        {
            lists, output, listFormat, maxDistance,
        };
        build.SetAction((parse, cancel) =>
        {
            var clock = Stopwatch.StartNew();
            var entries = new List<IndexEntry>();
            foreach (string list in parse.GetRequiredValue(lists))
            {
                cancel.ThrowIfCancellationRequested();
                if (VideoFileNames.IsVideo(list) || VideoFileNames.IsVpdqText(list))
                {
                    // A video (hashed with vPDQ, one frame per second) or a vPDQ file: one entry per frame of quality
                    // ≥ 50 (the index stores no quality), id = frame number.
                    var frames = VideoFileNames.IsVideo(list) ? VpdqHasher.HashFile(list, cancel: cancel) : VpdqFile.Read(list);
                    entries.AddRange(frames.Where(f => f.Quality >= VpdqMatchOptions.Default.MinQuality).Select(f => new IndexEntry(f.Hash, f.FrameNumber)));
                    continue;
                }

                HashListContents contents = HashListReader.Read(list, parse.GetValue(listFormat));
                foreach (ListEntry entry in contents.Entries.Where(e => e.Pdq is not null))
                {
                    // Version 1 index files store numeric ids only.
                    if (!long.TryParse(entry.Id, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long id))
                    {
                        throw new HashMatchException(list, HashMatchErrorReason.Malformed, $"entry id '{entry.Id}' is not a number; index files of version 1 store numeric ids");
                    }

                    entries.Add(new IndexEntry(entry.Pdq!.Value, id));
                }
            }

            cancel.ThrowIfCancellationRequested();
            HashIndex index = HashIndex.CreateFor(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries), parse.GetValue(maxDistance));
            cancel.ThrowIfCancellationRequested();
            HashIndexFile.Save(index, parse.GetRequiredValue(output));
            io.Error.WriteLine($"index build: {index.Count:N0} entries ({index.Kind}) in {clock.Elapsed.TotalSeconds:0.0} s → {parse.GetRequiredValue(output)}");
            return Task.FromResult(ExitCodes.Success);
        });
        command.Subcommands.Add(build);
        return command;
    }
}
