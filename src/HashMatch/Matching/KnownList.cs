using System.Collections.Immutable;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Local;
using HashMatch.Pdq;

namespace HashMatch.Matching;

/// <summary>
/// A named hash list ready for matching: its entries by column (ids, qualities, exact hashes, metadata; see
/// <c>EntryTable</c>), its PDQ hashes in a <see cref="HashIndex"/> (structure chosen for the list size and
/// threshold), and the options queries use. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// A list derived with <see cref="WithChanges"/> shares the columns and index of the list it came from (its
/// <em>base</em>) and holds the changes beside them: the entries added since (in a few small lists of their own,
/// see <see cref="Addition"/>) and the ids removed since (base entries with them are skipped). It answers every
/// query exactly as a list built from scratch over its entries would — same candidates, same order, same verdicts —
/// while a change costs time in proportion to the entries it adds (amortised), not the base. <see cref="AddedCount"/> and
/// <see cref="RemovedIdCount"/> tell when building the list afresh would pay.
/// </remarks>
public sealed class KnownList
{
    /// <summary>A rough size of one removed id in the set: the tree node, the string object and a short id.</summary>
    private const long RemovedIdBytes = 96;

    /// <summary>Entries added since the base, oldest first, in parts about halving in size (a few dozen at most: see <see cref="WithChanges"/>).</summary>
    private readonly Addition[] _added;

    /// <summary>Sum of the parts' entries.</summary>
    private readonly int _addedCount;

    /// <summary>Ids removed since the base (they hide base entries only: <see cref="_added"/> never holds them); or null.</summary>
    private readonly ImmutableHashSet<string>? _removed;

    /// <summary>Live entries, or -1 until counted (removed ids may hide any number of base entries).</summary>
    private int _count;

    /// <summary>
    /// The base's local-feature signals indexed (a picture's id is its position in the table's local column), built at
    /// the first local query — a list loaded only for PDQ or exact matching never pays for it — and shared by every list
    /// derived from the same base (<see cref="WithChanges"/>, <see cref="WithOptions"/>): the thresholds are applied
    /// when querying, and a change to a million-picture bank must not rebuild its index.
    /// </summary>
    private readonly Lazy<LocalIndex> _localIndex;

    /// <summary>How this list's local queries are answered (its threshold), made once with the list.</summary>
    private readonly LocalMatchOptions _localOptions;

    private KnownList(string name, KnownListOptions options, EntryTable entries, HashIndex index, Addition[]? added = null, ImmutableHashSet<string>? removed = null, Lazy<LocalIndex>? localIndex = null)
    {
        Name = name;
        Options = options;
        Entries = entries;
        Index = index;
        _added = added ?? [];
        _addedCount = _added.Sum(a => a.Entries.Length);
        _removed = removed is { IsEmpty: false } ? removed : null;
        _count = _removed is null ? entries.Count + _addedCount : -1;
        _localOptions = new LocalMatchOptions { MinInliers = options.LocalMinInliers };
        _localIndex = localIndex ?? new Lazy<LocalIndex>(() => BuildLocalIndex(entries), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The base's local-feature index (built on first use; empty when no base entry has a signal).</summary>
    internal LocalIndex LocalIndex => _localIndex.Value;

    /// <summary>Whether any entry carries a local-feature signal (then matching also computes the query's).</summary>
    internal bool HasLocal => Entries.LocalEntries.Length > 0 || _added.Any(a => a.List.HasLocal);

    /// <summary>The list's name, reported with every match (entries of a merged index report the list they came from).</summary>
    public string Name { get; }

    /// <summary>Role, threshold, quality limits and dihedral setting for this list.</summary>
    public KnownListOptions Options { get; }

    /// <summary>
    /// Number of entries. For a list with removed ids (<see cref="WithChanges"/>) the first call counts the base
    /// entries those ids hide, a pass over the base's ids; <see cref="BaseCount"/>, <see cref="AddedCount"/> and
    /// <see cref="RemovedIdCount"/> cost nothing.
    /// </summary>
    public int Count
    {
        get
        {
            int count = Volatile.Read(ref _count);
            if (count < 0)
            {
                count = CountLive();
                Volatile.Write(ref _count, count);
            }

            return count;
        }
    }

    /// <summary>Entries of the base list (the list <see cref="WithChanges"/> started from), those hidden by removed ids included.</summary>
    public int BaseCount => Entries.Count;

    /// <summary>Entries added by <see cref="WithChanges"/> since the base (and not removed since).</summary>
    public int AddedCount => _addedCount;

    /// <summary>Distinct ids removed by <see cref="WithChanges"/> since the base, whether or not the base held them.</summary>
    public int RemovedIdCount => _removed?.Count ?? 0;

    /// <summary>Approximate bytes held: the entry columns and the PDQ index, and those of the changes.</summary>
    public long MemoryBytes => Entries.MemoryBytes + Index.MemoryBytes + _added.Sum(a => a.List.MemoryBytes) + (RemovedIdBytes * RemovedIdCount);

    /// <summary>The base's columns (without the changes).</summary>
    internal EntryTable Entries { get; }

    /// <summary>The base's PDQ index; ids are entry ordinals.</summary>
    internal HashIndex Index { get; }

    /// <summary>Builds a list from its entries. Entries may carry any of PDQ and the exact hashes; ids need not be unique.</summary>
    /// <exception cref="ArgumentException">The name is empty, or an entry has no hash.</exception>
    /// <exception cref="HashMatchException">An option is out of range (<see cref="HashMatchErrorReason.OutOfRange"/>, naming the list and the option).</exception>
    public static KnownList Create(string name, IEnumerable<ListEntry> entries, KnownListOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(entries);
        var builder = new EntryTableBuilder();
        foreach (ListEntry entry in entries)
        {
            if (!entry.HasHash)
            {
                throw new ArgumentException($"List '{name}': entry '{entry.Id}' has no hash.", nameof(entries));
            }

            builder.Add(entry, name);
        }

        return FromTable(name, builder.Build(), options);
    }

    /// <summary>A list over a built entry table (the index file reads straight into one).</summary>
    internal static KnownList FromTable(string name, EntryTable table, KnownListOptions? options, HashIndex? index = null, Lazy<LocalIndex>? localIndex = null)
    {
        options ??= new KnownListOptions();
        options.Validate(name);
        // Variant queries ask the index at the same radius; the structure choice depends only on N and r. The
        // index searches the table's own PDQ rows (ids are entry ordinals): nothing is copied.
        index ??= HashIndex.FromStore(HashIndex.ChooseKind(table.Pdq.Count, options.MaxDistance), table.Pdq);

        return new KnownList(name, options, table, index, localIndex: localIndex);
    }

    /// <summary>A list over a raw PDQ index (version 1 index files): entry ids are the index's ids, qualities unknown.</summary>
    internal static KnownList FromIndex(string name, HashIndex index, KnownListOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(index);
        var builder = new EntryTableBuilder();
        foreach (IndexEntry entry in index.GetEntries())
        {
            builder.Add(new ListEntry { Id = entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Pdq = entry.Hash }, name);
        }

        return FromTable(name, builder.Build(), options);
    }

    /// <summary>Every entry, in list order (for export): the base's not removed since, then those added since, in order.</summary>
    public IEnumerable<ListEntry> GetEntries()
    {
        for (int i = 0; i < Entries.Count; i++)
        {
            if (!IsRemoved(i))
            {
                yield return Entries.Entry(i);
            }
        }

        foreach (Addition part in _added)
        {
            foreach (ListEntry entry in part.List.GetEntries())
            {
                yield return entry;
            }
        }
    }

    /// <summary>The same list with other options (the index is rebuilt only when the threshold's structure changes).</summary>
    public KnownList WithOptions(KnownListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(Name);
        // A structure chosen (or picked by the caller) for the old threshold stays when the new one would choose the same.
        bool sameStructure = HashIndex.ChooseKind(Index.Count, options.MaxDistance) == HashIndex.ChooseKind(Index.Count, Options.MaxDistance);
        KnownList list = FromTable(Name, Entries, options, sameStructure ? Index : null, _localIndex);
        return IsUnchanged ? list : new KnownList(Name, options, list.Entries, list.Index, [.. _added.Select(a => a with { List = a.List.WithOptions(options) })], _removed, _localIndex);
    }

    /// <summary>
    /// This list after <paramref name="changes"/>: base entries whose id was removed are no longer matched (nor
    /// listed), and the added entries follow the others in list order, as if the list had been built from its
    /// entries after the changes. The base's columns and index are shared, not copied. The added entries go into a new
    /// part, merged with the newest earlier parts while those are less than twice its size (so each added entry is
    /// built into a part about log₂ of <see cref="AddedCount"/> times in all); a part holding a removed id is built
    /// again without it.
    /// </summary>
    public KnownList WithChanges(KnownListChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return this;
        }

        IReadOnlySet<string> removedNow = changes.Removed;
        ImmutableHashSet<string> removed = (_removed ?? ImmutableHashSet.Create<string>(StringComparer.Ordinal)).Union(removedNow);
        var parts = new List<Addition>(_added.Length + 1);
        foreach (Addition part in _added)
        {
            if (removedNow.Count == 0 || !part.Entries.Any(e => removedNow.Contains(e.Id)))
            {
                parts.Add(part);
            }
            else if (part.Entries.Where(e => !removedNow.Contains(e.Id)).ToArray() is { Length: > 0 } kept)
            {
                parts.Add(Part(kept));
            }
        }

        ListEntry[] fresh = [.. changes.Added];
        while (fresh.Length > 0 && parts.Count > 0 && parts[^1].Entries.Length < 2 * fresh.Length)
        {
            fresh = [.. parts[^1].Entries, .. fresh];
            parts.RemoveAt(parts.Count - 1);
        }

        if (fresh.Length > 0)
        {
            parts.Add(Part(fresh));
        }

        return new KnownList(Name, Options, Entries, Index, [.. parts], removed, _localIndex);
    }

    /// <summary>Whether this list has no changes (it is its own base).</summary>
    private bool IsUnchanged => _added.Length == 0 && _removed is null;

    private Addition Part(ListEntry[] entries) => new(entries, Create(Name, entries, Options));

    /// <summary>
    /// The list with its changes folded in: itself when it has none, else a list built from its entries (each keeping
    /// the list it came from), for writing an index file.
    /// </summary>
    internal KnownList Compacted()
    {
        if (IsUnchanged)
        {
            return this;
        }

        var builder = new EntryTableBuilder();
        AppendTo(builder);
        return FromTable(Name, builder.Build(), Options);
    }

    /// <summary>
    /// Adds this list's entries, changes applied, to <paramref name="builder"/> in list order: the base's live entries
    /// column by column (each keeping the list it came from), then the added ones under <see cref="Name"/>.
    /// </summary>
    internal void AppendTo(EntryTableBuilder builder)
    {
        builder.CopyFrom(Entries, _removed is null ? null : entry => !IsRemoved(entry));
        foreach (ListEntry entry in _added.SelectMany(a => a.Entries))
        {
            builder.Add(entry, Name);
        }
    }

    /// <summary>Adds this list's exact-hash matches for <paramref name="exact"/>, MD5 first, each entry in list order.</summary>
    internal void MatchExact(ExactHashes exact, int? queryQuality, List<MatchCandidate> candidates)
    {
        foreach (ExactHash hash in exact.All)
        {
            if (hash.IsEmpty)
            {
                continue;
            }

            MatchExact(hash, queryQuality, candidates);
            foreach (Addition part in _added)
            {
                part.List.MatchExact(hash, queryQuality, candidates); // added entries follow the base's in list order
            }
        }
    }

    /// <summary>
    /// Adds this list's PDQ candidates for a query hashed as <paramref name="variants"/> (the original first): every
    /// entry within the threshold of the original or of a variant this list asks for, once, with the closest variant
    /// (the earliest on ties) and that variant's quality deciding the verdict; by distance, then entry.
    /// </summary>
    internal void MatchPdq(IReadOnlyList<QueryVariantHash> variants, List<MatchCandidate> candidates)
    {
        var queries = new List<QueryVariantHash>(variants.Count);
        foreach (QueryVariantHash variant in variants)
        {
            if (variant.Variant == QueryVariant.Original || (Options.Variants & variant.Variant.Flag) != 0)
            {
                queries.Add(variant);
            }
        }

        PdqHash[] hashes = [.. queries.Select(q => q.Result.Hash)];
        var perQuery = new List<IndexMatch>[hashes.Length];
        for (int q = 0; q < perQuery.Length; q++)
        {
            perQuery[q] = [];
        }

        Search(hashes, perQuery);
        var best = new Dictionary<long, (IndexMatch Match, int Query)>();
        for (int q = 0; q < perQuery.Length; q++)
        {
            foreach (IndexMatch match in perQuery[q])
            {
                if (!best.TryGetValue(match.Id, out var current) || match.Distance < current.Match.Distance)
                {
                    best[match.Id] = (match, q);
                }
            }
        }

        foreach (var (match, q) in best.Values.OrderBy(b => b.Match))
        {
            (KnownList part, int entry) = PartOf(match.Id);
            int quality = queries[q].Result.Quality;
            int? entryQuality = part.Entries.Quality(entry);
            MatchVerdict verdict =
                quality < Options.MinQueryQuality ? MatchVerdict.QueryLowQuality :
                entryQuality < Options.MinEntryQuality ? MatchVerdict.EntryLowQuality :
                MatchVerdict.Match;
            candidates.Add(part.Candidate(entry, MatchMethod.Pdq, match.Distance, queries[q].Variant, quality, verdict));
        }
    }

    /// <summary>
    /// Adds this list's local-feature candidates for a query's signal and its mirror image's: every live entry whose
    /// signal has at least <see cref="KnownListOptions.LocalMinInliers"/> feature matches consistent with one transform,
    /// most inliers first, then in list order. Quality limits do not apply (the inlier count is this method's own
    /// evidence).
    /// </summary>
    internal void MatchLocal(LocalSignal query, LocalSignal? mirrored, int? queryQuality, List<MatchCandidate> candidates)
    {
        var found = new List<(LocalMatch Match, KnownList List, int Entry, long Order)>();
        Collect(query, mirrored, found, 0);
        long offset = Entries.Count;
        foreach (Addition part in _added)
        {
            part.List.Collect(query, mirrored, found, offset);
            offset += part.Entries.Length;
        }

        foreach (var (match, list, entry, _) in found.OrderByDescending(f => f.Match.Inliers).ThenBy(f => f.Order))
        {
            candidates.Add(list.Candidate(entry, MatchMethod.Local, 0, QueryVariant.Original, queryQuality, MatchVerdict.Match, match));
        }
    }

    /// <summary>This list's base matches (live entries only), each with its entry ordinal plus <paramref name="offset"/> for ordering.</summary>
    private void Collect(LocalSignal query, LocalSignal? mirrored, List<(LocalMatch, KnownList, int, long)> found, long offset)
    {
        if (Entries.LocalEntries.Length == 0)
        {
            return;
        }

        foreach (LocalMatch match in LocalIndex.Query(query, mirrored, _localOptions))
        {
            int entry = Entries.LocalEntries[match.Id];
            if (!IsRemoved(entry))
            {
                found.Add((match, this, entry, offset + entry));
            }
        }

        GC.KeepAlive(this);
    }

    private static LocalIndex BuildLocalIndex(EntryTable entries)
    {
        var signals = new LocalSignal[entries.LocalEntries.Length];
        for (int k = 0; k < signals.Length; k++)
        {
            signals[k] = LocalSignal.Parse(entries.LocalBytes(k), entries.Id(entries.LocalEntries[k]));
        }

        GC.KeepAlive(entries);
        return new LocalIndex(signals);
    }

    /// <summary>The base's live entries equal to <paramref name="hash"/>, in list order.</summary>
    private void MatchExact(ExactHash hash, int? queryQuality, List<MatchCandidate> candidates)
    {
        foreach (int entry in Entries.FindExact(hash))
        {
            if (!IsRemoved(entry))
            {
                candidates.Add(Candidate(entry, MethodOf(hash.Algorithm), 0, QueryVariant.Original, queryQuality, MatchVerdict.Match));
            }
        }

        GC.KeepAlive(this); // the permutation read above may be mapped memory
    }

    /// <summary>
    /// Each query's live entries within the threshold, unsorted: the base's, ids being entry ordinals, then each added
    /// part's, ids offset by the entries before it. One batched pass over each index for all queries (the
    /// eight-query kernel on a scan).
    /// </summary>
    private void Search(PdqHash[] hashes, List<IndexMatch>[] results)
    {
        Query(Index, hashes, Options.MaxDistance, results);
        if (_removed is not null)
        {
            foreach (List<IndexMatch> matches in results)
            {
                matches.RemoveAll(m => IsRemoved((int)m.Id));
            }
        }

        var found = new List<IndexMatch>[hashes.Length];
        for (int q = 0; q < found.Length; q++)
        {
            found[q] = [];
        }

        long offset = Entries.Count;
        foreach (Addition part in _added)
        {
            Query(part.List.Index, hashes, Options.MaxDistance, found);
            for (int q = 0; q < found.Length; q++)
            {
                foreach (IndexMatch match in found[q])
                {
                    results[q].Add(match with { Id = match.Id + offset });
                }

                found[q].Clear();
            }

            offset += part.Entries.Length;
        }
    }

    /// <summary>
    /// The list holding the entry a search reported as <paramref name="id"/> and its ordinal there: ids past the
    /// base's entries are those of the added parts in order, so ordering by id is ordering by list order.
    /// </summary>
    private (KnownList List, int Entry) PartOf(long id)
    {
        if (id < Entries.Count)
        {
            return (this, (int)id);
        }

        int entry = (int)(id - Entries.Count);
        foreach (Addition part in _added)
        {
            if (entry < part.Entries.Length)
            {
                return (part.List, entry);
            }

            entry -= part.Entries.Length;
        }

        throw new ArgumentOutOfRangeException(nameof(id), id, "Not an entry of this list.");
    }

    private static void Query(HashIndex index, PdqHash[] hashes, int maxDistance, List<IndexMatch>[] results)
    {
        if (hashes.Length == 1)
        {
            index.Query(hashes[0], maxDistance, results[0]);
        }
        else
        {
            index.QueryBatch(hashes, maxDistance, results);
        }
    }

    /// <summary>Whether base entry <paramref name="entry"/> has an id removed since the base.</summary>
    private bool IsRemoved(int entry) => _removed is { } removed && removed.Contains(Entries.Id(entry));

    private int CountLive()
    {
        int live = 0;
        for (int i = 0; i < Entries.Count; i++)
        {
            live += IsRemoved(i) ? 0 : 1;
        }

        return live + AddedCount;
    }

    /// <summary>
    /// Entries added since the base, as given (kept so that merging parts builds from them instead of decoding
    /// columns, several times the cost), and as a list without changes of its own (same name and options).
    /// </summary>
    private sealed record Addition(ListEntry[] Entries, KnownList List);

    private MatchCandidate Candidate(int entry, MatchMethod method, int distance, QueryVariant variant, int? queryQuality, MatchVerdict verdict, LocalMatch? local = null) => new()
    {
        List = Entries.Sources.Count == 1 ? Name : Entries.Source(entry),
        EntryId = Entries.Id(entry),
        Method = method,
        Distance = distance,
        Variant = variant,
        QueryQuality = queryQuality,
        EntryQuality = Entries.Quality(entry),
        Verdict = verdict,
        Metadata = Entries.Metadata(entry),
        Augmented = Entries.Augmented(entry),
        Inliers = local?.Inliers,
        Transform = local?.Transform,
    };

    private static MatchMethod MethodOf(ExactHashAlgorithm algorithm) => algorithm switch
    {
        ExactHashAlgorithm.Md5 => MatchMethod.Md5,
        ExactHashAlgorithm.Sha1 => MatchMethod.Sha1,
        _ => MatchMethod.Sha256,
    };
}
