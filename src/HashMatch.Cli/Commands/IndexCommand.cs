using System.CommandLine;
using System.Diagnostics;
using HashMatch.Cli.Input;
using HashMatch.Cli.Output;

namespace HashMatch.Cli.Commands;

/// <summary><c>hashmatch index build --list FILE... --out INDEX</c>: a persistent PDQ index from hash lists.</summary>
internal static class IndexCommand
{
    public static Command Create(TextWriter stderr)
    {
        var command = new Command("index", "Build persistent PDQ index files from hash lists.");
        var lists = new Option<string[]>("--list", "-l") { Description = "Hash lists to index (PDQ entries; MD5-only lines are skipped), vPDQ files or videos (frames, id = frame number).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out", "-o") { Description = "Index file to write (atomically; checksummed).", Required = true };
        var format = ListFormatOption.Create("--format", "Layout of the lists (default: detected per file).", "auto");
        var maxDistance = new Option<int>("--max-distance") { Description = "Threshold the index will mostly be queried at; chooses the structure.", DefaultValueFactory = _ => 31 };
        var build = new Command("build", """
            Read PDQ hashes from one or more lists and save them as an index file (HMINDEX v1: rows, ids, XXH3
            checksum). Entry ids are the lists' ids, or 1-based line numbers for plain lists. Any malformed line stops
            the build with the file and line; nothing is written.

            Examples:
              hashmatch index build --list known.txt --out known.hmidx
              hashmatch index build --list a.csv b.te --out all.hmidx
            Exit codes: 0 written, 1 a list or the output failed, 2 bad arguments.
            """)
        {
            lists, output, format, maxDistance,
        };
        build.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                HashIndex index = LiveStatus.Run(stderr, enabled: true, status =>
                {
                    var entries = new List<IndexEntry>();
                    foreach (string list in parse.GetRequiredValue(lists))
                    {
                        status($"reading {list}");
                        if (VideoFileNames.IsVideo(list) || VideoFileNames.IsVpdqText(list))
                        {
                            // A video (hashed with vPDQ, one frame per second) or a vPDQ file: one entry per frame of
                            // quality ≥ 50 (the index stores no quality), id = frame number.
                            var frames = VideoFileNames.IsVideo(list) ? HashMatch.Video.VpdqHasher.HashFile(list) : HashMatch.Video.VpdqFile.Read(list);
                            entries.AddRange(frames.Where(f => f.Quality >= HashMatch.Video.VpdqMatchOptions.Default.MinQuality).Select(f => new IndexEntry(f.Hash, f.FrameNumber)));
                            continue;
                        }

                        HashListContents contents = HashListReader.Read(list, ListFormatOption.Parse(parse.GetRequiredValue(format)));
                        entries.AddRange(contents.PdqEntries());
                    }

                    status($"building the index of {entries.Count:N0} hashes");
                    HashIndex built = HashIndex.CreateFor(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries), parse.GetValue(maxDistance));
                    status($"writing {parse.GetRequiredValue(output)}");
                    HashIndexFile.Save(built, parse.GetRequiredValue(output));
                    return built;
                });
                stderr.WriteLine($"index build: {index.Count:N0} entries ({index.Kind}) in {clock.Elapsed.TotalSeconds:0.0} s → {parse.GetRequiredValue(output)}");
                return ExitCodes.Success;
            }
            catch (HashMatchException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        command.Subcommands.Add(build);
        return command;
    }
}
