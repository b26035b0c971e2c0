using System.CommandLine;
using HashMatch.Cli.Input;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.Hashing;
using HashMatch.IO;
using HashMatch.Imaging;

namespace HashMatch.Cli.Commands;

/// <summary><c>hashmatch hash PATH...</c>: MD5 and PDQ of image files, as TSV or JSON Lines on stdout.</summary>
internal static class HashCommand
{
    public static Command Create(CommandStreams io)
    {
        InputPaths inputs = InputPaths.Create("Image files, or folders to walk recursively (files named like images).", ArgumentArity.ZeroOrMore);
        var dihedral = new Option<bool>("--dihedral") { Description = "Add the PDQ hashes of the seven rotations and flips of each picture as columns pdq_rot90 ... pdq_flipminus1, computed from the original's DCT (bit-exact with pdq-photo-hasher --pdqdih). A list with these columns, given to match --hashes, is matched in all eight orientations; to turn the pixels of images being matched instead, use match --variants pixel-dihedral." };
        Option<string?> augment = new("--augment")
        {
            Description = "List-side crops: 'crops' adds, after each original, records of its 95 % and 90 % centre and corner windows (same id, flagged augmented), so an index built from the output matches copies cropped by 5-10 %. For originals you hold.",
        };
        augment.AcceptOnlyFromAmong("crops");
        Option<string?> signal = new("--signal")
        {
            Description = "'local' adds each picture's local-feature signal (member 'local', base64, at most 1,014 bytes), which finds crops, text or stickers drawn over and small rotations PDQ misses once the output is built into an index. JSON lines only. For originals you hold: the signal stays with them and is never exported (docs/local-features.md).",
        };
        signal.AcceptOnlyFromAmong("local");
        var sha = new Option<bool>("--sha") { Description = "Add sha1 and sha256 columns (all three digests are computed in the one read; JSON lines always carry them)." };
        Option<OutputFormat> format = StandardOptions.Format();
        var allowTruncated = new Option<bool>("--allow-truncated") { Description = "Hash files that end early instead of reporting them." };
        var scaledDecode = new Option<bool>("--scaled-decode") { Description = "Let the codec reduce JPEG/WebP of at least 2048 a side by 1/2, 1/4 or 1/8 (faster, but not always within 10 bits of the reference; default: the reference's exact pixels)." };
        Option<long> maxPixels = StandardOptions.Ranged(
            new Option<long>("--max-pixels") { Description = "Refuse images with more pixels than this.", DefaultValueFactory = _ => HashMatchDefaults.MaxPixels },
            1,
            long.MaxValue);
        Option<int> parallelism = StandardOptions.Parallelism("Files hashed");
        Option<ProgressMode> progress = StandardOptions.Progress();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line on stderr." };

        var command = new Command("hash", """
            Hash image files: exact hashes of the bytes (MD5; SHA-1 and SHA-256 with --sha) and PDQ (Meta's
            perceptual hash) of the pixels. Prints one line per file: path, md5, pdq, quality. Files that fail are reported on stderr as
            'error: PATH: reason' and the run continues; a summary line ends the run.

            Examples:
              hashmatch hash photo.jpg
              hashmatch hash --dihedral uploads/ > hashes.tsv
              hashmatch hash --format jsonl a.png b.webp
              hashmatch hash --augment crops originals/ > known-with-crops.tsv
              hashmatch hash --signal local --format jsonl originals/ > known-local.jsonl
              find uploads -newer last-run -type f | hashmatch hash -
            Exit codes: 0 all files hashed, 1 some failed, 2 bad arguments, 130/143 interrupted.
            """);
        inputs.AddTo(command);
        command.Add(dihedral);
        command.Add(sha);
        command.Add(augment);
        command.Add(signal);
        command.Add(format);
        command.Add(allowTruncated);
        command.Add(scaledDecode);
        command.Add(maxPixels);
        command.Add(parallelism);
        command.Add(progress);
        command.Add(quiet);
        command.Validators.Add(result =>
        {
            if (result.GetValue(inputs.Paths) is not { Length: > 0 } && result.GetValue(inputs.FilesFrom) is null)
            {
                result.AddError("give image files or folders to hash (or '-' to read paths from stdin)");
            }

            if (result.GetValue(signal) is not null && result.GetValue(format) != OutputFormat.Jsonl)
            {
                result.AddError("--signal local writes JSON lines: add --format jsonl");
            }
        });

        command.SetAction(async (parse, cancel) =>
        {
            var hasher = new ImageHasher(new ImageHasherOptions
            {
                Dihedral = parse.GetValue(dihedral),
                AugmentCrops = parse.GetValue(augment) is not null,
                Local = parse.GetValue(signal) is not null,
                Decode = ImageDecodeOptions.Default with
                {
                    AllowTruncated = parse.GetValue(allowTruncated),
                    ScaledDecode = parse.GetValue(scaledDecode),
                    MaxPixels = parse.GetValue(maxPixels),
                },
            });
            bool silent = parse.GetValue(quiet);
            var writer = new HashRecordWriter(io.Out, parse.GetValue(format), hasher.Options.Dihedral, parse.GetValue(sha), hasher.Options.AugmentCrops);
            writer.WriteHeader();
            FileWalker walker = inputs.Walker(parse);
            int hashed = 0, failed = 0;
            using var status = new ProgressLine(io.Error, silent ? ProgressMode.None : parse.GetValue(progress), "hash");
            var results = OrderedParallel.SelectAsync(walker.Walk(inputs.Named(parse, io.In), cancel), (file, token) => Hash(hasher, file, token), parse.GetValue(parallelism), cancel);
            await foreach ((string path, ImageHashes? hashes, HashMatchException? error) in results)
            {
                if (hashes is not null)
                {
                    writer.Write(path, hashes);
                    hashed++;
                    if (hashes.FrameCount > 1 && !silent)
                    {
                        await io.Error.WriteLineAsync($"note: {TextEscaping.Control(path)}: animated ({hashes.FrameCount} frames); the first frame was hashed");
                    }
                }
                else
                {
                    await io.Out.FlushAsync(CancellationToken.None);
                    await io.Error.WriteLineAsync($"error: {TextEscaping.Control(error!.Message)}");
                    failed++;
                }

                status.Report(() => $"{hashed + failed:N0} files ({status.Rate(hashed + failed)}), {failed:N0} failed");
            }

            await io.Out.FlushAsync(CancellationToken.None);
            status.Dispose();
            if (!silent)
            {
                await io.Error.WriteLineAsync(
                    $"hash: hashed {hashed:N0} file(s), {failed:N0} failed, {walker.Skipped:N0} skipped in folders (not named like images, hidden, or directory links), " +
                    $"in {status.Elapsed.TotalSeconds:F2} s ({status.Rate(hashed + failed)})");
            }

            return failed == 0 ? ExitCodes.Success : ExitCodes.SomeInputsFailed;
        });
        return command;
    }

    private static (string Path, ImageHashes? Hashes, HashMatchException? Error) Hash(ImageHasher hasher, WalkedFile file, CancellationToken cancel)
    {
        if (file.Error is { } walkError)
        {
            return (file.Path, null, walkError);
        }

        try
        {
            return (file.Path, hasher.HashFile(file.Path, cancel), null);
        }
        catch (HashMatchException e)
        {
            return (file.Path, null, e);
        }
    }
}
