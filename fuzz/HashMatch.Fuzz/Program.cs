using HashMatch;
using HashMatch.Fuzz.Targets;
using HashMatch.Indexing;
using SharpFuzz;

// The coverage-guided fuzzer's entry point (README "Bad input" → "Fuzzing"; fuzz/run.sh instruments HashMatch.dll
// with SharpFuzz and runs this under afl-fuzz):
//   HashMatch.Fuzz <decoder|lists|index|pixels|local> serve afl-fuzz (SharpFuzz's out-of-process runner)
//   HashMatch.Fuzz replay <target> <file|folder>...   run inputs once each; exit 1 if any breaks the contract
//   HashMatch.Fuzz write-seeds <folder>               write the index, pixel and local-signal seeds (testdata/fuzz/seeds)
if (args.Length >= 1 && FuzzTarget.All.TryGetValue(args[0], out FuzzTarget? served))
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        served.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
    return 0;
}

if (args.Length >= 3 && args[0] == "replay" && FuzzTarget.All.TryGetValue(args[1], out FuzzTarget? replayed))
{
    int broken = 0;
    foreach (string file in args.Skip(2).SelectMany<string, string>(a => Directory.Exists(a) ? Directory.GetFiles(a).Order(StringComparer.Ordinal) : [a]))
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            replayed.Run(File.ReadAllBytes(file));
            Console.WriteLine($"ok      {started.ElapsedMilliseconds,6} ms  {file}");
        }
        catch (Exception e)
        {
            broken++;
            Console.WriteLine($"BROKEN  {started.ElapsedMilliseconds,6} ms  {file}: {e}");
        }
    }

    return broken == 0 ? 0 : 1;
}

if (args.Length == 2 && args[0] == "write-seeds")
{
    string index = Directory.CreateDirectory(Path.Combine(args[1], "index")).FullName;
    var random = new Random(1);
    PdqHash Next() => new((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
    IndexEntry[] entries = [.. Enumerable.Range(1, 5).Select(i => new IndexEntry(Next(), i))];
    HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan, []), Path.Combine(index, "empty.hmidx"));
    foreach (IndexKind kind in Enum.GetValues<IndexKind>())
    {
        HashIndexFile.Save(HashIndex.Create(kind, entries), Path.Combine(index, $"{kind.ToString().ToLowerInvariant()}-5.hmidx"));
    }

    // Pixel target inputs (PixelTarget): format, width - 1, height - 1, scale bits, then a pattern repeated.
    string pixels = Directory.CreateDirectory(Path.Combine(args[1], "pixels")).FullName;
    byte[] gradient = [.. Enumerable.Range(0, 97).Select(i => (byte)(i * 2 + 20))];
    File.WriteAllBytes(Path.Combine(pixels, "gray-gradient-96x64"), [0, 95, 63, 0, .. gradient]);
    File.WriteAllBytes(Path.Combine(pixels, "rgb-stripes-64x64"), [1, 63, 63, 0, 255, 0, 0, 0, 0, 255, 10, 200, 30]);
    File.WriteAllBytes(Path.Combine(pixels, "rgba-flat-32x48"), [3, 31, 47, 0, 128, 128, 128, 255]);
    File.WriteAllBytes(Path.Combine(pixels, "gray-pattern-400x300"), [0, 199, 149, 5, .. Enumerable.Repeat((byte)250, 30), .. gradient, .. Enumerable.Repeat((byte)250, 30)]);
    File.WriteAllBytes(Path.Combine(pixels, "bgr-1x1024"), [2, 0, 255, 12, 1, 2, 3, 40, 50, 60, 200, 100, 0]);

    // Local-signal target inputs (LocalSignalTarget): stored signals of decoder seeds, mirrored too, and of a flat
    // picture (no features).
    string local = Directory.CreateDirectory(Path.Combine(args[1], "local")).FullName;
    string decoderSeeds = Path.Combine(args[1], "decoder");
    foreach (string seed in new[] { "baseline.jpg", "lossy.webp", "rgb.png" })
    {
        using HashMatch.Imaging.DecodedImage decoded = HashMatch.Imaging.SkiaImageDecoder.Instance.Decode(
            File.ReadAllBytes(Path.Combine(decoderSeeds, seed)), seed, HashMatch.Imaging.ImageDecodeOptions.Default with { KeepAllPixels = true });
        File.WriteAllBytes(Path.Combine(local, Path.GetFileNameWithoutExtension(seed) + ".hmlf"), HashMatch.Local.LocalSignal.Compute(decoded.Pixels).ToBytes());
        File.WriteAllBytes(Path.Combine(local, Path.GetFileNameWithoutExtension(seed) + "-mirrored.hmlf"), HashMatch.Local.LocalSignal.Compute(decoded.Pixels, mirrored: true).ToBytes());
    }

    byte[] flat = [.. Enumerable.Repeat((byte)128, 64 * 48)];
    File.WriteAllBytes(Path.Combine(local, "flat-64x48.hmlf"), HashMatch.Local.LocalSignal.Compute(new HashMatch.Imaging.PixelBuffer(flat, 64, 48, HashMatch.Imaging.PixelFormat.Gray8)).ToBytes());
    return 0;
}

Console.Error.WriteLine($"usage: HashMatch.Fuzz <{string.Join('|', FuzzTarget.All.Keys)}> | replay <target> <file|folder>... | write-seeds <folder>");
return 2;
