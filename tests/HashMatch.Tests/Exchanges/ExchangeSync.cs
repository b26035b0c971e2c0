using HashMatch.Exchanges;
using HashMatch.Server;
using HashMatch.Server.Exchanges;
using HashMatch.Server.Monitoring;
using HashMatch.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HashMatch.Tests.Exchanges;

/// <summary>
/// A bank in a real SQLite store kept in sync with an exchange by the service's own scheduler, driven by a test: each
/// round fetches until caught up or interrupted, the way the scheduler's timer would.
/// </summary>
internal sealed class ExchangeSync : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-exchange").FullName;

    private ExchangeSync(SqlBankStore store, BankRecord bank, ExchangeRecord exchange, FakeTimeProvider clock)
    {
        Store = store;
        Bank = bank;
        Exchange = exchange;
        Clock = clock;
    }

    public SqlBankStore Store { get; }

    public BankRecord Bank { get; }

    public ExchangeRecord Exchange { get; private set; }

    public FakeTimeProvider Clock { get; }

    /// <summary>The waits the exchange's retries asked for (recorded, not waited).</summary>
    public List<TimeSpan> Waits { get; } = [];

    public static async Task<ExchangeSync> CreateAsync(ExchangeSettings settings)
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-exchange").FullName;
        var store = new SqliteBankStore(Path.Combine(folder, "hashmatch.db"), TimeSpan.FromSeconds(30));
        await store.InitializeAsync(CancellationToken.None);
        var (bank, _) = (await store.CreateBankAsync(new BankSettings { Name = "synced" }, CancellationToken.None))!.Value;
        ExchangeRecord exchange = (await store.CreateExchangeAsync("programme", bank.Id, settings.ToJson(), true, false, TimeSpan.FromMinutes(5), CancellationToken.None))!;
        return new ExchangeSync(store, bank, exchange, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)));
    }

    /// <summary>The exchange its settings describe, with retry waits recorded instead of waited.</summary>
    public IHashExchange Client(ExchangeSettings settings, HttpClient http) =>
        HashExchanges.Create(settings, http, (delay, _) => { lock (Waits) { Waits.Add(delay); } return Task.CompletedTask; }, Clock);

    /// <summary>A scheduler as a replica runs it (its own lease owner).</summary>
    public ExchangeScheduler Replica() =>
        new(Store, Store, new ServerOptions { DataDirectory = _folder, ExchangeCheck = TimeSpan.Zero }, Clock, new ServerMetrics(), NullLogger<ExchangeScheduler>.Instance);

    /// <summary>
    /// One round: fetches until caught up, or until the exchange fails or <paramref name="exchange"/> is interrupted.
    /// Returns whether it caught up without error.
    /// </summary>
    public async Task<bool> RoundAsync(ExchangeScheduler replica, IHashExchange exchange)
    {
        Exchange = (await Store.ExchangeAsync(Exchange.Name, CancellationToken.None))!;
        bool interrupted = false;
        try
        {
            Assert.Null(await replica.FetchAsync(Exchange, exchange, CancellationToken.None));
        }
        catch (OperationCanceledException)
        {
            interrupted = true; // the process "died" between fetching a page and applying it
        }

        Exchange = (await Store.ExchangeAsync(Exchange.Name, CancellationToken.None))!;
        return !interrupted && Exchange.LastError is null;
    }

    /// <summary>The bank's entries now: id to PDQ hash.</summary>
    public Dictionary<string, PdqHash> BankState()
    {
        using IBankStoreReader reader = Store.OpenReader();
        var state = new Dictionary<string, PdqHash>(StringComparer.Ordinal);
        foreach (var entry in reader.Entries(Bank.Id, 0, reader.Head))
        {
            Assert.False(state.ContainsKey(entry.Id), $"id {entry.Id} is in the bank twice");
            state[entry.Id] = entry.Pdq!.Value;
        }

        return state;
    }

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>An exchange that is interrupted (the process dies) at chosen fetches, counted from 1.</summary>
internal sealed class InterruptedExchange(IHashExchange inner, IReadOnlySet<int> interruptAt) : IHashExchange
{
    private int _fetches;

    public string Name => inner.Name;

    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default)
    {
        ExchangePage page = await inner.FetchAsync(checkpoint, cancellationToken);
        return interruptAt.Contains(++_fetches) ? throw new OperationCanceledException("interrupted") : page;
    }
}
