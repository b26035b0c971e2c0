using HashMatch;
using HashMatch.Fuzz.Targets;
using HashMatch.Indexing;
using SharpFuzz;

// The coverage-guided fuzzer's entry point (README "Bad input" → "Fuzzing"; fuzz/run.sh instruments HashMatch.dll
// with SharpFuzz and runs this under afl-fuzz):
//   HashMatch.Fuzz <decoder|lists|index>              serve afl-fuzz (SharpFuzz's out-of-process runner)
//   HashMatch.Fuzz replay <target> <file|folder>...   run inputs once each; exit 1 if any breaks the contract
//   HashMatch.Fuzz write-index-seeds <folder>         write the index seeds (testdata/fuzz/seeds/index)
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

if (args.Length == 2 && args[0] == "write-index-seeds")
{
    Directory.CreateDirectory(args[1]);
    var random = new Random(1);
    PdqHash Next() => new((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
    IndexEntry[] entries = [.. Enumerable.Range(1, 5).Select(i => new IndexEntry(Next(), i))];
    HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan), Path.Combine(args[1], "empty.hmidx"));
    foreach (IndexKind kind in Enum.GetValues<IndexKind>())
    {
        HashIndexFile.Save(HashIndex.Create(kind, entries), Path.Combine(args[1], $"{kind.ToString().ToLowerInvariant()}-5.hmidx"));
    }

    return 0;
}

Console.Error.WriteLine($"usage: HashMatch.Fuzz <{string.Join('|', FuzzTarget.All.Keys)}> | replay <target> <file|folder>... | write-index-seeds <folder>");
return 2;
