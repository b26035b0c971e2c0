using System.CommandLine;
using System.Diagnostics;
using HashMatch.Cli.Input;
using HashMatch.Cli.Output;

namespace HashMatch.Cli.Commands;

/// <summary><c>hashmatch hash PATH...</c>: MD5 and PDQ of image files, as TSV or JSON Lines on stdout.</summary>
internal static class HashCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Image files, or directories to walk recursively (files with image extensions).",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(result =>
        {
            // An unknown "--option" would otherwise be taken for a file name; a real file named so can be passed as ./-name.
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                {
                    result.AddError($"unknown option '{token.Value}'");
                }
            }
        });
        var dihedral = new Option<bool>("--dihedral") { Description = "Add the seven rotated/flipped PDQ hashes as columns." };
        var format = new Option<HashOutputFormat>("--format") { Description = "Output format: tsv or jsonl.", DefaultValueFactory = _ => HashOutputFormat.Tsv };
        var allowTruncated = new Option<bool>("--allow-truncated") { Description = "Hash files that end early instead of reporting them." };
        var scaledDecode = new Option<bool>("--scaled-decode") { Description = "Let the codec reduce JPEG/WebP of at least 2048 a side by 1/2, 1/4 or 1/8 (faster, but not always within 10 bits of the reference; default: the reference's exact pixels)." };
        var maxPixels = new Option<long>("--max-pixels") { Description = "Refuse images with more pixels than this.", DefaultValueFactory = _ => ImageDecodeOptions.Default.MaxPixels };
        var parallelism = new Option<int>("--parallel") { Description = "Files hashed at once (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print the summary line on stderr." };

        var command = new Command("hash", """
            Hash image files: MD5 of the exact bytes and PDQ (Meta's perceptual hash) of the pixels.
            Prints one line per file: path, md5, pdq, quality. Files that fail are reported on stderr as
            'error: PATH: reason' and the run continues.

            Examples:
              hashmatch hash photo.jpg
              hashmatch hash --dihedral uploads/ > hashes.tsv
              hashmatch hash --format jsonl a.png b.webp
            Exit codes: 0 all files hashed, 1 some failed, 2 bad arguments.
            """)
        {
            paths, dihedral, format, allowTruncated, scaledDecode, maxPixels, parallelism, quiet,
        };

        command.SetAction((parse, cancel) =>
        {
            int degree = parse.GetValue(parallelism);
            if (degree < 1 || parse.GetValue(maxPixels) < 1)
            {
                stderr.WriteLine("error: --parallel and --max-pixels must be positive.");
                return Task.FromResult(ExitCodes.BadArguments);
            }

            var options = new ImageHasherOptions
            {
                Dihedral = parse.GetValue(dihedral),
                Decode = ImageDecodeOptions.Default with
                {
                    AllowTruncated = parse.GetValue(allowTruncated),
                    ScaledDecode = parse.GetValue(scaledDecode),
                    MaxPixels = parse.GetValue(maxPixels),
                },
            };
            var run = new HashRun(new ImageHasher(options), parse.GetValue(format), degree, parse.GetValue(quiet), stdout, stderr);
            return Task.FromResult(run.Execute(parse.GetRequiredValue(paths), cancel));
        });
        return command;
    }

    private sealed class HashRun(ImageHasher hasher, HashOutputFormat format, int degree, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        public int Execute(IEnumerable<string> paths, CancellationToken cancel)
        {
            var writer = new HashRecordWriter(stdout, format, hasher.Options.Dihedral);
            writer.WriteHeader();
            int hashed = 0, failed = 0;
            var clock = Stopwatch.StartNew();

            // Ordered PLINQ: files are hashed `degree` at a time, results come back in input order.
            var results = ImageFileEnumerator.Expand(paths)
                .AsParallel().AsOrdered()
                .WithDegreeOfParallelism(degree)
                .WithCancellation(cancel)
                .Select(Hash);
            try
            {
                LiveStatus.Run(stderr, !quiet, status =>
                {
                    foreach (var (path, hashes, error) in results)
                    {
                        if (hashes is not null)
                        {
                            writer.Write(path, hashes);
                            hashed++;
                        }
                        else
                        {
                            stdout.Flush();
                            stderr.WriteLine($"error: {error}");
                            failed++;
                        }

                        status($"hashed {hashed + failed:N0} files ({(hashed + failed) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F1}/s)");
                    }

                    return 0;
                });
            }
            catch (OperationCanceledException)
            {
                stdout.Flush();
                stderr.WriteLine("cancelled");
                return ExitCodes.SomeInputsFailed;
            }

            stdout.Flush();
            if (!quiet)
            {
                double seconds = clock.Elapsed.TotalSeconds;
                stderr.WriteLine($"hashed {hashed} file(s), {failed} failed, in {seconds:F2} s ({(hashed + failed) / Math.Max(seconds, 1e-9):F1} files/s)");
            }

            return failed == 0 ? ExitCodes.Success : ExitCodes.SomeInputsFailed;
        }

        private (string Path, ImageHashes? Hashes, string? Error) Hash(string path)
        {
            try
            {
                return (path, hasher.HashFile(path), null);
            }
            catch (HashMatchException e)
            {
                return (path, null, e.Message);
            }
        }
    }
}
