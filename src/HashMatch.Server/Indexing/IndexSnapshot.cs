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

    public IndexSnapshot(long sequence, IEnumerable<BankIndex> banks, ImageHasherOptions hasherOptions)
    {
        Sequence = sequence;
        Banks = [.. banks.OrderBy(b => b.Record.Id)];
        foreach (BankIndex bank in Banks)
        {
            _banks[bank.Name] = bank;
        }

        Matcher = new HashMatcher(Banks.Where(b => b.Record.Settings.Enabled).Select(b => b.List), hasherOptions);
        HasTmk = Banks.Any(b => b.Record.Settings.Enabled && b.Videos.HasTmk);
        _videos = new Lazy<SnapshotVideos>(() => new SnapshotVideos(Banks.Where(b => b.Record.Settings.Enabled)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether an enabled bank holds a TMK signature (a query video's TMK is computed only then).</summary>
    public bool HasTmk { get; }

    /// <summary>The enabled banks' videos, indexed on first use.</summary>
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
