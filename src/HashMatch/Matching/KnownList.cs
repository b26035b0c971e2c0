using HashMatch.Indexing;
using HashMatch.Lists;

namespace HashMatch.Matching;

/// <summary>
/// A named hash list ready for matching: its PDQ hashes in a <see cref="HashIndex"/> (structure chosen for the list
/// size and threshold), its MD5s in a hash set, the entries' recorded qualities, and the options queries use.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class KnownList
{
    private readonly Dictionary<Md5Hash, long[]> _md5;
    private readonly Dictionary<long, byte> _quality;

    private KnownList(string name, KnownListOptions options, HashIndex index, Dictionary<Md5Hash, long[]> md5, Dictionary<long, byte> quality)
    {
        Name = name;
        Options = options;
        Index = index;
        _md5 = md5;
        _quality = quality;
    }

    /// <summary>The list's name, reported with every match.</summary>
    public string Name { get; }

    /// <summary>Threshold, quality limits and dihedral setting for this list.</summary>
    public KnownListOptions Options { get; }

    /// <summary>The PDQ index (entries with a PDQ hash).</summary>
    public HashIndex Index { get; }

    /// <summary>Number of distinct MD5 values.</summary>
    public int Md5Count => _md5.Count;

    /// <summary>Builds a list from its entries. Entries may carry a PDQ hash, an MD5, or both; ids need not be unique.</summary>
    public static KnownList Create(string name, IEnumerable<ListEntry> entries, KnownListOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new KnownListOptions();
        options.Validate(name);

        var pdq = new List<IndexEntry>();
        var md5 = new Dictionary<Md5Hash, List<long>>();
        var quality = new Dictionary<long, byte>();
        foreach (ListEntry entry in entries)
        {
            if (entry.Pdq is { } hash)
            {
                pdq.Add(new IndexEntry(hash, entry.Id));
                if (entry.Quality is { } q)
                {
                    quality[entry.Id] = (byte)Math.Clamp(q, 0, 100);
                }
            }

            if (entry.Md5 is { } digest)
            {
                if (!md5.TryGetValue(digest, out var ids))
                {
                    md5[digest] = ids = [];
                }

                ids.Add(entry.Id);
            }
        }

        // Dihedral queries ask the index at the same radius; the structure choice depends only on N and r.
        HashIndex index = HashIndex.CreateFor(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pdq), options.MaxDistance);
        return new KnownList(name, options, index, md5.ToDictionary(p => p.Key, p => p.Value.ToArray()), quality);
    }

    /// <summary>Builds a list from an existing index (e.g. loaded with <see cref="HashIndexFile"/>); entry qualities unknown.</summary>
    public static KnownList FromIndex(string name, HashIndex index, KnownListOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(index);
        options ??= new KnownListOptions();
        options.Validate(name);
        return new KnownList(name, options, index, [], []);
    }

    /// <summary>The quality the list recorded for entry <paramref name="id"/>, or null.</summary>
    public int? EntryQuality(long id) => _quality.TryGetValue(id, out byte q) ? q : null;

    /// <summary>Adds this list's MD5 matches for <paramref name="md5"/>, sorted by entry id.</summary>
    internal void MatchMd5(Md5Hash md5, int? queryQuality, List<MatchCandidate> candidates)
    {
        if (_md5.TryGetValue(md5, out long[]? ids))
        {
            foreach (long id in ids.Order())
            {
                candidates.Add(new MatchCandidate { List = Name, EntryId = id, Method = MatchMethod.Md5, QueryQuality = queryQuality, EntryQuality = EntryQuality(id), Verdict = MatchVerdict.Match });
            }
        }
    }

    /// <summary>
    /// Adds this list's PDQ candidates: every entry within the threshold (of any variant, when dihedral matching is
    /// on and <paramref name="dihedral"/> is given), each with its verdict.
    /// </summary>
    internal void MatchPdq(PdqHashResult query, PdqDihedralHashes? dihedral, List<MatchCandidate> candidates)
    {
        var found = new List<IndexMatch>();
        if (Options.Dihedral && dihedral is { } all)
        {
            Index.QueryDihedral(all, Options.MaxDistance, found);
        }
        else
        {
            Index.Query(query.Hash, Options.MaxDistance, found);
        }

        foreach (IndexMatch match in found)
        {
            int? entryQuality = EntryQuality(match.Id);
            MatchVerdict verdict =
                query.Quality < Options.MinQueryQuality ? MatchVerdict.QueryLowQuality :
                entryQuality < Options.MinEntryQuality ? MatchVerdict.EntryLowQuality :
                MatchVerdict.Match;
            candidates.Add(new MatchCandidate
            {
                List = Name,
                EntryId = match.Id,
                Method = MatchMethod.Pdq,
                Distance = match.Distance,
                Variant = match.Variant,
                QueryQuality = query.Quality,
                EntryQuality = entryQuality,
                Verdict = verdict,
            });
        }
    }
}
