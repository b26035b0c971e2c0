using System.Diagnostics;
using System.Threading.Channels;
using HashMatch.Matching;
using HashMatch.Server.Monitoring;
using HashMatch.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HashMatch.Server.Indexing;

/// <summary>
/// Keeps this replica's <see cref="IndexSnapshot"/> in step with the bank store. At start it builds every bank from
/// one consistent read (or its index file plus the changes after it); then it polls the change log (and wakes at
/// once after a write on this replica), applies small changes to each bank's list through
/// <see cref="KnownList.WithChanges"/>, and publishes a new snapshot per batch of changes. Full rebuilds run on their own task beside the live snapshot, which keeps serving, and are
/// swapped in with the changes that arrived meanwhile. Only one thread changes the snapshot at a time.
/// </summary>
internal sealed partial class IndexFollower : BackgroundService
{
    private readonly IBankStore _store;
    private readonly IIndexFiles _files;
    private readonly IndexSettings _settings;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<IndexFollower> _log;
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<long?> _rebuilds = Channel.CreateUnbounded<long?>();
    private readonly HashSet<long> _rebuildQueued = [];
    private IndexSnapshot? _current;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _confirmedAt = Stopwatch.GetTimestamp();
    private int _rebuilding;

    public IndexFollower(IBankStore store, IIndexFiles files, IndexSettings settings, ServerMetrics metrics, ILogger<IndexFollower> log)
    {
        _store = store;
        _files = files;
        _settings = settings;
        _metrics = metrics;
        _log = log;
    }

    /// <summary>Decoding limits of uploads (the banks' query variants are added per snapshot).</summary>
    public HashMatch.Hashing.ImageHasherOptions Hashing => _settings.Hashing;

    /// <summary>The live snapshot, or null until the first load finished.</summary>
    public IndexSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>
    /// How long this replica has been behind the store: the time since a poll last reached the store's head, or, when
    /// longer, since a bank's added entries stopped being served in full (a large import waiting for its rebuild, or
    /// a rebuild that failed and is being retried). A replica that answered "no match" for entries the store holds
    /// while readiness said 200 is what this prevents (issue 22, finding 3).
    /// </summary>
    public TimeSpan Staleness
    {
        get
        {
            long since = Interlocked.Read(ref _confirmedAt);
            if (Current is { } current)
            {
                foreach (BankIndex bank in current.Banks)
                {
                    if (bank.Incomplete && bank.IncompleteSince < since)
                    {
                        since = bank.IncompleteSince;
                    }
                }
            }

            return Stopwatch.GetElapsedTime(since);
        }
    }

    /// <summary>Loaded and not stale: what <c>/health/ready</c> reports.</summary>
    public bool IsReady => Current is not null && Staleness < _settings.StaleAfter;

    /// <summary>Whether a full rebuild is running.</summary>
    public bool IsRebuilding => Volatile.Read(ref _rebuilding) != 0;

    /// <summary>How long the last full rebuild took (all banks it covered), if one ran.</summary>
    public TimeSpan? LastRebuild { get; private set; }

    /// <summary>Polls the store now instead of at the next interval.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Waits until the live snapshot serves change <paramref name="sequence"/> — reached it, and, for a change to bank
    /// <paramref name="bankId"/>, holds that bank's entries as of the change (a large import counts once its rebuild
    /// is live, not when the follower merely noted it); false when <paramref name="timeout"/> passed first.
    /// </summary>
    public async Task<bool> WaitForAsync(long sequence, long? bankId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Wake();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task published = Volatile.Read(ref _published).Task;
            if (Current is { } current && current.Sequence >= sequence
                && (bankId is not { } id || current.Banks.FirstOrDefault(b => b.Record.Id == id) is not { } bank || bank.Serves(sequence)))
            {
                return true;
            }

            try
            {
                await published.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Queues a full rebuild of one bank, or of every bank when <paramref name="bankId"/> is null.</summary>
    public void RequestRebuild(long? bankId)
    {
        lock (_rebuildQueued)
        {
            if (bankId is { } id && !_rebuildQueued.Add(id))
            {
                return; // already queued
            }
        }

        _rebuilds.Writer.TryWrite(bankId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting (and /health/live answer) while the index loads
        Task rebuilder = Task.Run(() => RebuildLoopAsync(stoppingToken), CancellationToken.None);
        while (Current is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Run(LoadAll, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e, "initial load");
                await Delay(stoppingToken);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Delay(stoppingToken);
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e, "poll");
            }
        }

        _rebuilds.Writer.TryComplete();
        await rebuilder.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task Delay(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_settings.PollInterval);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // the interval passed
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Builds every bank from one consistent read and publishes the first snapshot.</summary>
    private void LoadAll()
    {
        var started = Stopwatch.StartNew();
        using IBankStoreReader reader = _store.OpenReader();
        long head = reader.Head;
        var banks = new List<BankIndex>();
        var unsaved = new List<BankIndex>();
        foreach (BankRecord record in reader.Banks())
        {
            BankIndex bank = Build(reader, record, head, out bool fromFile);
            banks.Add(bank);
            if (!fromFile)
            {
                unsaved.Add(bank);
            }
        }

        Publish(head, banks);
        Confirm();
        ReleaseBuildMemory();
        foreach (BankIndex bank in unsaved)
        {
            _files.Save(bank.Record, bank.List, bank.BaseSequence); // after publishing: the replica serves meanwhile
        }

        LogLoaded(banks.Count, banks.Sum(b => b.Entries), head, started.Elapsed.TotalSeconds, _store.Description);
        foreach (BankIndex bank in banks.Where(b => b.WantsRebuild(_settings.DeltaLimit)))
        {
            RequestRebuild(bank.Record.Id);
        }
    }

    /// <summary>
    /// A bank as of change <paramref name="upTo"/>: its saved index file plus the changes after it when there is one,
    /// otherwise a base built from every entry (streamed from <paramref name="reader"/>; the caller saves it).
    /// </summary>
    private BankIndex Build(IBankStoreReader reader, BankRecord record, long upTo, out bool fromFile)
    {
        var started = Stopwatch.StartNew();
        fromFile = false;
        if (_files.TryLoad(record) is { } saved && saved.Sequence <= upTo)
        {
            fromFile = true;
            BankVideos savedVideos = BankVideos.Of(reader.Videos(record.Id, 0, saved.Sequence)); // not in the file
            return CatchUp(reader, record, saved.List, savedVideos, saved.Sequence, upTo, started.Elapsed);
        }

        KnownList built = KnownList.Create(record.Name, reader.Entries(record.Id, 0, upTo), record.Settings.Options);
        BankVideos videos = BankVideos.Of(reader.Videos(record.Id, 0, upTo));
        _metrics.RebuildSeconds.WithLabels(record.Name).Observe(started.Elapsed.TotalSeconds);
        return BankIndex.Built(record, built, videos, upTo, started.Elapsed);
    }

    /// <summary>
    /// A bank whose base (list and videos) was built at <paramref name="baseSequence"/>, with the changes up to
    /// <paramref name="upTo"/> read from the store.
    /// </summary>
    private BankIndex CatchUp(IBankStoreReader reader, BankRecord record, KnownList baseList, BankVideos baseVideos, long baseSequence, long upTo, TimeSpan buildTime)
    {
        BankIndex bank = BankIndex.Built(record, baseList, baseVideos, baseSequence, buildTime);
        if (upTo <= baseSequence)
        {
            return bank;
        }

        // The ids removed after the base hide its entries (and videos) with them; the entries added after it (and
        // still there, re-added ids included) follow.
        var changes = new KnownListChanges();
        BankVideos videos = baseVideos;
        foreach (string id in reader.RemovedIds(record.Id, baseSequence, upTo))
        {
            changes.Remove(id);
            if (videos.Contains(id))
            {
                videos = videos.Without(id).With(reader.VideosWithId(record.Id, id, baseSequence)); // a quarantine leaves them
            }
        }

        videos = videos.With(reader.Videos(record.Id, baseSequence, upTo));

        bool tooMany = reader.CountEntries(record.Id, baseSequence, upTo) > _settings.DeltaLimit;
        if (!tooMany)
        {
            changes.AddRange(reader.Entries(record.Id, baseSequence, upTo));
        }

        return bank.WithChanges(changes, skippedAdds: tooMany, videos);
    }

    /// <summary>Applies the changes after the live snapshot's sequence, if any, and publishes the result.</summary>
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        long head = await _store.HeadAsync(cancellationToken);
        if (Current is not { } live || head <= live.Sequence)
        {
            Confirm();
            return;
        }

        await _apply.WaitAsync(cancellationToken);
        try
        {
            live = Current!;
            IReadOnlyList<ChangeRecord> changes = await _store.ChangesAsync(live.Sequence, head, cancellationToken);
            IReadOnlyDictionary<long, BankRecord> records = changes.Any(c => c.Kind == ChangeKind.Bank)
                ? (await _store.BanksAsync(cancellationToken)).ToDictionary(b => b.Id)
                : new Dictionary<long, BankRecord>();
            List<BankIndex> banks = await Task.Run(() => Apply(live, changes, records, head), cancellationToken);
            Publish(head, banks);
            foreach (BankIndex bank in banks.Where(b => b.WantsRebuild(_settings.DeltaLimit)))
            {
                RequestRebuild(bank.Record.Id);
            }
        }
        finally
        {
            _apply.Release();
        }

        Confirm();
    }

    /// <summary>The banks after <paramref name="changes"/>, recorded in order per bank and applied once per bank.</summary>
    private List<BankIndex> Apply(IndexSnapshot live, IReadOnlyList<ChangeRecord> changes, IReadOnlyDictionary<long, BankRecord> records, long head)
    {
        var banks = live.Banks.ToDictionary(b => b.Record.Id);
        var work = new Dictionary<long, (KnownListChanges Changes, bool Skipped, BankVideos Videos)>();
        using IBankStoreReader reader = _store.OpenReader();
        foreach (ChangeRecord change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Bank when records.TryGetValue(change.BankId, out BankRecord? record):
                    banks[change.BankId] = banks.TryGetValue(change.BankId, out BankIndex? known) ? known.WithSettings(record) : BankIndex.Empty(record, change.Sequence);
                    break;
                case ChangeKind.Drop:
                    if (banks.Remove(change.BankId, out BankIndex? dropped))
                    {
                        _files.Delete(dropped.Record);
                    }

                    work.Remove(change.BankId);
                    break;
                case ChangeKind.Add or ChangeKind.Remove when banks.TryGetValue(change.BankId, out BankIndex? bank) && change.Sequence > bank.BaseSequence:
                    if (!work.TryGetValue(change.BankId, out var pending))
                    {
                        pending = (new KnownListChanges(), false, bank.Videos);
                    }

                    // Videos follow every change in order, whatever happens to the entries: they are few, and no
                    // rebuild brings them in later.
                    if (change.Kind == ChangeKind.Remove)
                    {
                        pending.Changes.Remove(change.EntryId!);
                        // A removal by id takes the id's videos with it; a quarantine (also a removal) leaves them in
                        // the store, so what the store still holds of the id as of the change stays served. Only ids
                        // with videos are looked up: a removal of 10,000 image ids costs no query more.
                        if (pending.Videos.Contains(change.EntryId!))
                        {
                            pending.Videos = pending.Videos.Without(change.EntryId!).With(reader.VideosWithId(change.BankId, change.EntryId!, change.Sequence));
                        }
                    }
                    else if (bank.List.AddedCount + pending.Changes.AddedCount + change.Count > _settings.DeltaLimit)
                    {
                        pending.Skipped = true; // a large import: the rebuild this asks for brings it in
                        pending.Videos = pending.Videos.With(reader.Videos(change.BankId, change.Sequence - 1, change.Sequence));
                    }
                    else
                    {
                        pending.Changes.AddRange(reader.Entries(change.BankId, change.Sequence - 1, change.Sequence));
                        pending.Videos = pending.Videos.With(reader.Videos(change.BankId, change.Sequence - 1, change.Sequence));
                    }

                    work[change.BankId] = pending;
                    break;
            }
        }

        foreach (var (id, pending) in work)
        {
            banks[id] = banks[id].WithChanges(pending.Changes, pending.Skipped, pending.Videos);
        }

        return [.. banks.Values];
    }

    private async Task RebuildLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (long? request in _rebuilds.Reader.ReadAllAsync(stoppingToken))
            {
                await WaitLoadedAsync(stoppingToken);
                long[] ids = request is { } one ? [one] : [.. Current!.Banks.Select(b => b.Record.Id)];
                lock (_rebuildQueued)
                {
                    _rebuildQueued.ExceptWith(ids);
                }

                var started = Stopwatch.StartNew();
                Interlocked.Exchange(ref _rebuilding, 1);
                _metrics.Rebuilding.Set(1);
                try
                {
                    foreach (long id in ids)
                    {
                        await RebuildAsync(id, stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Retried, never dropped: until a rebuild succeeds the bank stays incomplete, and readiness says so
                    // once that lasts longer than --stale-after.
                    LogFailed(e, "rebuild");
                    _ = RetryRebuildAsync(request, stoppingToken);
                }
                finally
                {
                    Interlocked.Exchange(ref _rebuilding, 0);
                    _metrics.Rebuilding.Set(0);
                    LastRebuild = started.Elapsed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Queues a failed rebuild again after a pause (the poll interval, at least a second), so a store that is down is not hammered.</summary>
    private async Task RetryRebuildAsync(long? bankId, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(_settings.PollInterval > TimeSpan.FromSeconds(1) ? _settings.PollInterval : TimeSpan.FromSeconds(1), stoppingToken);
            RequestRebuild(bankId);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private async Task WaitLoadedAsync(CancellationToken cancellationToken)
    {
        while (Current is null)
        {
            await Volatile.Read(ref _published).Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Builds a new base for one bank from a consistent read at the store's head C, beside the live snapshot; then,
    /// holding the apply lock, swaps it in with the changes the live snapshot applied after C read again from the
    /// store (changes up to C that the follower has not applied yet are skipped by it for this bank later).
    /// </summary>
    private async Task RebuildAsync(long bankId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        (BankRecord Record, KnownList List, BankVideos Videos, long Sequence)? built = await Task.Run(() =>
        {
            using IBankStoreReader reader = _store.OpenReader();
            long head = reader.Head;
            BankRecord? record = reader.Banks().FirstOrDefault(b => b.Id == bankId);
            return record is null ? ((BankRecord, KnownList, BankVideos, long)?)null
                : (record, KnownList.Create(record.Name, reader.Entries(bankId, 0, head), record.Settings.Options), BankVideos.Of(reader.Videos(bankId, 0, head)), head);
        }, cancellationToken);
        if (built is not { } b)
        {
            return;
        }

        TimeSpan buildTime = started.Elapsed;
        _metrics.RebuildSeconds.WithLabels(b.Record.Name).Observe(buildTime.TotalSeconds);
        _files.Save(b.Record, b.List, b.Sequence);
        await _apply.WaitAsync(cancellationToken);
        try
        {
            IndexSnapshot live = Current!;
            BankIndex? current = live.Banks.FirstOrDefault(x => x.Record.Id == bankId);
            if (current is null || current.BaseSequence > b.Sequence)
            {
                return; // dropped meanwhile, or a newer base is already live
            }

            KnownList baseList = b.List.WithOptions(current.Record.Settings.Options);
            BankIndex rebuilt = await Task.Run(() =>
            {
                using IBankStoreReader reader = _store.OpenReader();
                return CatchUp(reader, current.Record, baseList, b.Videos, b.Sequence, live.Sequence, buildTime);
            }, cancellationToken);
            Publish(live.Sequence, live.Banks.Select(x => x.Record.Id == bankId ? rebuilt : x));
            ReleaseBuildMemory();
            LogRebuilt(b.Record.Name, b.List.Count, b.Sequence, buildTime.TotalSeconds);
            if (rebuilt.WantsRebuild(_settings.DeltaLimit))
            {
                RequestRebuild(bankId);
            }
        }
        finally
        {
            _apply.Release();
        }
    }

    private void Publish(long sequence, IEnumerable<BankIndex> banks)
    {
        var snapshot = new IndexSnapshot(sequence, banks, _settings.Hashing, Current);
        Volatile.Write(ref _current, snapshot);
        _metrics.Observe(snapshot);
        Interlocked.Exchange(ref _published, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Gives the memory a build used and the replaced base held back to the system: building a list of millions
    /// grows arrays by doubling, and without a compacting collection the process keeps the high-water mark
    /// resident. One blocking collection per build (rare) is the price.
    /// </summary>
    private static void ReleaseBuildMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private void Confirm()
    {
        Interlocked.Exchange(ref _confirmedAt, Stopwatch.GetTimestamp());
        _metrics.Staleness.Set(0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Index loaded: {Banks} banks, {Entries} entries, change {Sequence}, in {Seconds:F2} s from {Store}")]
    private partial void LogLoaded(int banks, long entries, long sequence, double seconds, string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bank {Bank} rebuilt: {Entries} entries at change {Sequence} in {Seconds:F2} s")]
    private partial void LogRebuilt(string bank, int entries, long sequence, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Index {Step} failed; the live index keeps serving and the step is retried")]
    private partial void LogFailed(Exception exception, string step);
}
