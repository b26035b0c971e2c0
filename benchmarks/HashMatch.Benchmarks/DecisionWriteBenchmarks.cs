using BenchmarkDotNet.Attributes;
using HashMatch.Pdq;
using HashMatch.Server;
using HashMatch.Server.Storage;

namespace HashMatch.Benchmarks;

/// <summary>
/// The store's write of match decisions alone (issue 26), on SQLite in a temporary folder: 256 decisions per
/// operation, written in transactions of <see cref="Batch"/> (the recorder's group commit puts every decision waiting
/// into one transaction, so the batch is what the load decides: 1 when requests come one at a time, hundreds under a
/// burst). Each decision is what a matching PDQ lookup records: the query's PDQ and quality and one candidate. Times
/// are per decision. <see cref="HeldWriter"/> compares the recorder's writer, which holds its connection and prepared
/// statements between transactions, with a connection opened and statements compiled for each.
/// benchmarks/load/decision-cost.sh measures what this costs the lookups end to end.
/// </summary>
[MemoryDiagnoser]
public class DecisionWriteBenchmarks
{
    private const int PerOperation = 256;
    private string _folder = "";
    private SqlBankStore? _store;
    private IDecisionWriter? _writer;
    private DecisionRecord[] _decisions = [];
    private readonly Random _random = new(26);

    /// <summary>Decisions per transaction.</summary>
    [Params(1, 16, 256)]
    public int Batch { get; set; }

    /// <summary>Whether the transactions go through one held writer (as the recorder's) or each opens its own.</summary>
    [Params(true, false)]
    public bool HeldWriter { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"hashmatch-decisions-bench-{Environment.ProcessId}-{Batch}-{HeldWriter}");
        Directory.CreateDirectory(_folder);
        _store = SqlBankStore.OpenForCommandAsync(new ServerOptions { DataDirectory = _folder }, "bench", CancellationToken.None).GetAwaiter().GetResult();
        _decisions = new DecisionRecord[PerOperation];
        _writer = HeldWriter ? _store.OpenDecisionWriter() : null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [IterationSetup]
    public void NewDecisions()
    {
        // New ids each iteration (they are the primary key); made outside the timing, as the requests make them.
        DateTimeOffset at = DateTimeOffset.UtcNow;
        byte[] pdq = new byte[32];
        for (int i = 0; i < PerOperation; i++)
        {
            _random.NextBytes(pdq);
            _decisions[i] = new DecisionRecord(DecisionRecord.NewId(at), at, "lookup", "env-load", $"q{i}", PdqHash.FromBytes(pdq), 100, null, 1,
                [new DecisionCandidate("pdq", "load", $"e{_random.Next(1_000_000)}", null, _random.Next(32), 31, 100, 100)]);
        }
    }

    [Benchmark(OperationsPerInvoke = PerOperation, Description = "decisions written, per decision")]
    public async Task Write()
    {
        for (int start = 0; start < PerOperation; start += Batch)
        {
            var batch = new ArraySegment<DecisionRecord>(_decisions, start, Batch);
            await (_writer is null ? _store!.AddDecisionsAsync(batch, CancellationToken.None) : _writer.WriteAsync(batch, CancellationToken.None));
        }
    }
}
