using HashMatch.Hashing;
using HashMatch.Matching;

namespace HashMatch.Server.Indexing;

/// <summary>
/// Everything a request matches against, immutable and published with one reference write (so a request sees each
/// change entirely or not at all): every bank's <see cref="BankIndex"/> at change <see cref="Sequence"/>, and one
/// library <see cref="HashMatcher"/> over the enabled banks' lists, whose reports are the answers as they are (and,
/// for uploaded videos, <see cref="SnapshotVideos"/> over the enabled banks' video entries).
/// </summary>
internal sealed class IndexSnapshot
{
    private readonly Dictionary<string, BankIndex> _banks = new(StringComparer.Ordinal);
    private readonly Lazy<SnapshotVideos> _videos;

    /// <summary>The enabled banks' videos, by bank: what <see cref="Videos"/> is built from.</summary>
    private readonly (string Bank, BankVideos Videos)[] _videoKey;

    /// <summary>
    /// A snapshot of <paramref name="banks"/>; its video index is <paramref name="previous"/>'s (built or not) when the
    /// enabled banks hold the very same videos, so that a change to image entries or to settings does not make the
    /// next video query index every video again.
    /// </summary>
    public IndexSnapshot(long sequence, IEnumerable<BankIndex> banks, ImageHasherOptions hasherOptions, IndexSnapshot? previous = null)
    {
        Sequence = sequence;
        Banks = [.. banks.OrderBy(b => b.Record.Id)];
        foreach (BankIndex bank in Banks)
        {
            _banks[bank.Name] = bank;
        }

        Matcher = new HashMatcher(Banks.Where(b => b.Record.Settings.Enabled).Select(b => b.List), hasherOptions);
        HasTmk = Banks.Any(b => b.Record.Settings.Enabled && b.Videos.HasTmk);
        _videoKey = [.. Banks.Where(b => b.Record.Settings.Enabled).Select(b => (b.Name, b.Videos))];
        _videos = previous is not null && previous._videoKey.Length == _videoKey.Length
            && previous._videoKey.Zip(_videoKey).All(p => p.First.Bank == p.Second.Bank && ReferenceEquals(p.First.Videos, p.Second.Videos))
            ? previous._videos
            : new Lazy<SnapshotVideos>(() => new SnapshotVideos(Banks.Where(b => b.Record.Settings.Enabled)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether an enabled bank holds a TMK signature (a query video's TMK is computed only then).</summary>
    public bool HasTmk { get; }

    /// <summary>The enabled banks' videos, indexed on first use (and kept while they do not change); match with this snapshot's bank settings.</summary>
    public SnapshotVideos Videos => _videos.Value;

    /// <summary>The last change applied.</summary>
    public long Sequence { get; }

    /// <summary>Every bank, enabled or not, by creation.</summary>
    public IReadOnlyList<BankIndex> Banks { get; }

    /// <summary>The library's matcher over the enabled banks' lists, by creation (each list named as its bank).</summary>
    public HashMatcher Matcher { get; }

    /// <summary>The bank named <paramref name="name"/>, or null.</summary>
    public BankIndex? Bank(string name) => _banks.GetValueOrDefault(name);
}
