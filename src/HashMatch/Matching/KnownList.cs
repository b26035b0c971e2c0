using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Pdq;

namespace HashMatch.Matching;

/// <summary>
/// A named hash list ready for matching: its entries by column (ids, qualities, exact hashes, metadata; see
/// <c>EntryTable</c>), its PDQ hashes in a <see cref="HashIndex"/> (structure chosen for the list size and
/// threshold), and the options queries use. Immutable and safe to share between threads.
/// </summary>
public sealed class KnownList
{
    private KnownList(string name, KnownListOptions options, EntryTable entries, HashIndex index)
    {
        Name = name;
        Options = options;
        Entries = entries;
        Index = index;
    }

    /// <summary>The list's name, reported with every match (entries of a merged index report the list they came from).</summary>
    public string Name { get; }

    /// <summary>Role, threshold, quality limits and dihedral setting for this list.</summary>
    public KnownListOptions Options { get; }

    /// <summary>Number of entries.</summary>
    public int Count => Entries.Count;

    /// <summary>Approximate bytes held: the entry columns and the PDQ index.</summary>
    public long MemoryBytes => Entries.MemoryBytes + Index.MemoryBytes;

    /// <summary>The columns.</summary>
    internal EntryTable Entries { get; }

    /// <summary>The PDQ index; ids are entry ordinals.</summary>
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
    internal static KnownList FromTable(string name, EntryTable table, KnownListOptions? options, HashIndex? index = null)
    {
        options ??= new KnownListOptions();
        options.Validate(name);
        // Variant queries ask the index at the same radius; the structure choice depends only on N and r. The
        // index searches the table's own PDQ rows (ids are entry ordinals): nothing is copied.
        index ??= HashIndex.FromStore(HashIndex.ChooseKind(table.Pdq.Count, options.MaxDistance), table.Pdq);

        return new KnownList(name, options, table, index);
    }

    /// <summary>A list over a raw PDQ index (version 1 index files): entry ids are the index's ids, qualities unknown.</summary>
    public static KnownList FromIndex(string name, HashIndex index, KnownListOptions? options = null)
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

    /// <summary>Every entry, in list order (for export).</summary>
    public IEnumerable<ListEntry> GetEntries()
    {
        for (int i = 0; i < Entries.Count; i++)
        {
            yield return Entries.Entry(i);
        }
    }

    /// <summary>The same list with other options (the index is rebuilt only when the threshold's structure changes).</summary>
    public KnownList WithOptions(KnownListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(Name);
        bool sameStructure = HashIndex.ChooseKind(Index.Count, options.MaxDistance) == Index.Kind;
        return FromTable(Name, Entries, options, sameStructure ? Index : null);
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

            foreach (int entry in Entries.FindExact(hash))
            {
                candidates.Add(Candidate(entry, MethodOf(hash.Algorithm), 0, QueryVariant.Original, queryQuality, MatchVerdict.Match));
            }
        }

        GC.KeepAlive(this); // the permutation read above may be mapped memory

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
            if (variant.Variant == QueryVariant.Original || (Options.Variants & VariantSet.Of(variant.Variant)) != 0)
            {
                queries.Add(variant);
            }
        }

        var best = new Dictionary<long, (IndexMatch Match, int Query)>();
        if (queries.Count == 1)
        {
            var found = new List<IndexMatch>();
            Index.Query(queries[0].Result.Hash, Options.MaxDistance, found);
            foreach (IndexMatch match in found)
            {
                best[match.Id] = (match, 0);
            }
        }
        else
        {
            // One batched pass over the data for all variants (the eight-query kernel on a scan), then each entry's closest.
            PdqHash[] hashes = [.. queries.Select(q => q.Result.Hash)];
            var perQuery = new List<IndexMatch>[hashes.Length];
            for (int q = 0; q < perQuery.Length; q++)
            {
                perQuery[q] = [];
            }

            Index.QueryBatch(hashes, Options.MaxDistance, perQuery);
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
        }

        foreach (var (match, q) in best.Values.OrderBy(b => b.Match))
        {
            int entry = (int)match.Id;
            int quality = queries[q].Result.Quality;
            int? entryQuality = Entries.Quality(entry);
            MatchVerdict verdict =
                quality < Options.MinQueryQuality ? MatchVerdict.QueryLowQuality :
                entryQuality < Options.MinEntryQuality ? MatchVerdict.EntryLowQuality :
                MatchVerdict.Match;
            candidates.Add(Candidate(entry, MatchMethod.Pdq, match.Distance, queries[q].Variant, quality, verdict));
        }
    }

    private MatchCandidate Candidate(int entry, MatchMethod method, int distance, QueryVariant variant, int? queryQuality, MatchVerdict verdict) => new()
    {
        List = Entries.Sources.Count == 1 ? Name : Entries.Source(entry),
        EntryId = Entries.Id(entry),
        Method = method,
        Distance = distance,
        QueryVariant = variant,
        QueryQuality = queryQuality,
        EntryQuality = Entries.Quality(entry),
        Verdict = verdict,
        Metadata = Entries.Metadata(entry),
        Augmented = Entries.Augmented(entry),
    };

    private static MatchMethod MethodOf(ExactHashAlgorithm algorithm) => algorithm switch
    {
        ExactHashAlgorithm.Md5 => MatchMethod.Md5,
        ExactHashAlgorithm.Sha1 => MatchMethod.Sha1,
        _ => MatchMethod.Sha256,
    };
}
