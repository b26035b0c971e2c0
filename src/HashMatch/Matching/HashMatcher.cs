using System.Runtime.CompilerServices;
using HashMatch.Hashing;
using HashMatch.IO;
using HashMatch.Imaging;
using HashMatch.Local;
using HashMatch.Pdq;

namespace HashMatch.Matching;

/// <summary>
/// Matches images against one or more <see cref="KnownList"/>s: exact-hash matches first (cheap and certain), then
/// PDQ candidates from each list's index — the query as it is and the query variants each list asks for, all hashed
/// from one decode — each judged by that list's threshold and quality limits; then, for lists carrying local-feature
/// signals, the query's own signal (and its mirror image's) from the same decode; a hit on an exclusion list makes every
/// match of the query <see cref="MatchVerdict.Excluded"/>. Thread-safe.
/// </summary>
public sealed class HashMatcher
{
    private readonly ImageHasher _hasher;

    /// <summary>Creates a matcher over <paramref name="lists"/>.</summary>
    /// <param name="lists">The lists; names must be unique.</param>
    /// <param name="hasherOptions">Decoding limits and decoder for image inputs; the query variants any list asks for are added to them.</param>
    public HashMatcher(IEnumerable<KnownList> lists, ImageHasherOptions? hasherOptions = null)
    {
        ArgumentNullException.ThrowIfNull(lists);
        Lists = [.. lists];
        if (Lists.Select(l => l.Name).Distinct(StringComparer.Ordinal).Count() != Lists.Count)
        {
            throw new ArgumentException("List names must be unique.", nameof(lists));
        }

        hasherOptions ??= new ImageHasherOptions();
        Variants = Lists.Aggregate(QueryVariants.None, (all, l) => all | l.Options.Variants);
        _localLists = [.. Lists.Where(l => l.HasLocal)];
        _local = _localLists.Length > 0;
        _hasher = new ImageHasher(hasherOptions with
        {
            Variants = hasherOptions.Variants | Variants,
            Local = hasherOptions.Local || _local,
            LocalMirrored = _local,
        });
    }

    /// <summary>Whether any list carries local-feature signals, so queries compute theirs.</summary>
    private readonly bool _local;

    /// <summary>The lists that carry local-feature signals, in report order (found once, not per query).</summary>
    private readonly KnownList[] _localLists;

    /// <summary>The lists, in the order their candidates are reported.</summary>
    public IReadOnlyList<KnownList> Lists { get; }

    /// <summary>The query variants hashed for every image: those any list asks for.</summary>
    public QueryVariants Variants { get; }

    /// <summary>
    /// Reads, hashes and matches a file. Never throws for bad input: an unreadable file or undecodable image is
    /// reported in <see cref="MatchReport.Error"/>, with MD5 matches when the bytes could be read.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while reading.</exception>
    public MatchReport MatchFile(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Guarded(path, () => _hasher.HashFile(path, cancellationToken));
    }

    /// <summary>Reads <paramref name="stream"/> to its end and matches it, as <see cref="MatchFile"/> does.</summary>
    public MatchReport MatchStream(Stream stream, string? inputName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        inputName ??= "stream";
        return Guarded(inputName, () => _hasher.HashStream(stream, inputName));
    }

    /// <summary>Matches an encoded image held in memory, as <see cref="MatchFile"/> does.</summary>
    public MatchReport MatchEncoded(ReadOnlyMemory<byte> encoded, string? inputName = null)
    {
        inputName ??= "buffer";
        return Guarded(inputName, () => _hasher.HashEncoded(encoded.Span, inputName));
    }

    /// <summary>Matches decoded pixels (PDQ only: there are no file bytes to take exact hashes of).</summary>
    public MatchReport MatchPixels(PixelBuffer image, string? inputName = null)
    {
        inputName ??= "pixels";
        IReadOnlyList<QueryVariantHash> variants = PdqHasher.HashVariants(image, Variants);
        PdqHashResult pdq = variants[0].Result;
        (LocalSignal, LocalSignal)? local = _local ? (LocalSignal.Compute(image), LocalSignal.Compute(image, mirrored: true)) : null;
        return new() { Input = inputName, Pdq = pdq, Candidates = Candidates(null, pdq.Quality, variants, local) };
    }

    /// <summary>
    /// Matches precomputed hashes. Any may be null (and any of <paramref name="exact"/>'s three may be empty).
    /// <paramref name="variants"/> are the query's variant hashes (the original first, as
    /// <see cref="PdqHasher.HashVariants"/> gives them); without them, lists that ask for variants see only
    /// <paramref name="pdq"/>.
    /// </summary>
    public MatchReport MatchHashes(string inputName, ExactHashes? exact, PdqHashResult? pdq, IReadOnlyList<QueryVariantHash>? variants = null)
    {
        IReadOnlyList<QueryVariantHash>? queries = pdq is { } original
            ? variants is { Count: > 0 } ? variants : [new QueryVariantHash(QueryVariant.Original, original)]
            : null;
        return new() { Input = inputName, Exact = exact, Pdq = pdq, Candidates = Candidates(exact, pdq?.Quality, queries, null) };
    }

    /// <summary>
    /// Matches many files, hashing up to <paramref name="maxParallelism"/> at once (default: one per core), and yields
    /// the reports in input order. <paramref name="progress"/> receives the number of inputs finished so far.
    /// Cancellation stops reading (a file being read stops between chunks) and ends the enumeration with
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public async IAsyncEnumerable<MatchReport> MatchFilesAsync(
        IEnumerable<string> paths,
        IProgress<int>? progress = null,
        int maxParallelism = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        int degree = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount;
        int finished = 0;
        await foreach (MatchReport report in OrderedParallel.SelectAsync(paths, MatchFile, degree, cancellationToken).ConfigureAwait(false))
        {
            yield return report;
            progress?.Report(++finished);
        }
    }

    private MatchReport Guarded(string inputName, Func<ImageHashes> hash)
    {
        ImageHashes hashes;
        try
        {
            hashes = hash();
        }
        catch (HashMatchException e)
        {
            return new MatchReport { Input = inputName, Exact = e.InputHashes, Candidates = Candidates(e.InputHashes, null, null, null), Error = e };
        }

        return new MatchReport { Input = inputName, Exact = hashes.Exact, Pdq = hashes.Pdq, Candidates = Candidates(hashes.Exact, hashes.Pdq.Quality, hashes.Variants, hashes.Local is { } local ? (local, hashes.LocalMirrored!) : null) };
    }

    /// <summary>
    /// Exact candidates of every list, then PDQ candidates of every list, then local-feature candidates of every list
    /// with signals; then, when any exclusion list matched, every match (of any list) becomes <see cref="MatchVerdict.Excluded"/>.
    /// </summary>
    private List<MatchCandidate> Candidates(ExactHashes? exact, int? queryQuality, IReadOnlyList<QueryVariantHash>? variants, (LocalSignal Plain, LocalSignal Mirrored)? local)
    {
        var candidates = new List<MatchCandidate>();
        bool excluded = false;
        void Collect(KnownList list, Action<List<MatchCandidate>> match)
        {
            int start = candidates.Count;
            match(candidates);
            if (list.Options.Role == ListRole.Exclusion)
            {
                for (int i = start; i < candidates.Count; i++)
                {
                    excluded |= candidates[i].IsMatch;
                }
            }
        }

        if (exact is { } digests)
        {
            foreach (KnownList list in Lists)
            {
                Collect(list, found => list.MatchExact(digests, queryQuality, found));
            }
        }

        if (variants is { Count: > 0 } queries)
        {
            foreach (KnownList list in Lists)
            {
                Collect(list, found => list.MatchPdq(queries, found));
            }
        }

        if (local is { } signals)
        {
            foreach (KnownList list in _localLists)
            {
                Collect(list, found => list.MatchLocal(signals.Plain, signals.Mirrored, queryQuality, found));
            }
        }

        if (excluded)
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                if (candidates[i].IsMatch)
                {
                    candidates[i] = candidates[i].WithVerdict(MatchVerdict.Excluded);
                }
            }
        }

        return candidates;
    }
}
