using System.Collections.Immutable;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Indexing;

/// <summary>
/// A bank's video entries as a replica serves them, immutable: read whole when the bank is built (videos are few and
/// not in the bank's index file), then changed by the same add and remove changes as the bank's entries.
/// </summary>
internal sealed class BankVideos
{
    private BankVideos(ImmutableList<VideoEntry> videos) => All = videos;

    /// <summary>No videos.</summary>
    public static BankVideos Empty { get; } = new([]);

    /// <summary>Every video, in the order added.</summary>
    public ImmutableList<VideoEntry> All { get; }

    public int Count => All.Count;

    /// <summary>Whether any video holds a TMK signature (TMK is computed for a query only then).</summary>
    public bool HasTmk => All.Any(v => v.Tmk is not null);

    /// <summary><paramref name="videos"/> as a bank's videos.</summary>
    public static BankVideos Of(IEnumerable<VideoEntry> videos) => new([.. videos]);

    /// <summary>Whether a video has id <paramref name="id"/>.</summary>
    public bool Contains(string id) => All.Any(v => v.Id == id);

    /// <summary>These videos and <paramref name="added"/> after them.</summary>
    public BankVideos With(IEnumerable<VideoEntry> added)
    {
        ImmutableList<VideoEntry> all = All.AddRange(added);
        return ReferenceEquals(all, All) ? this : new BankVideos(all);
    }

    /// <summary>These videos without those with id <paramref name="id"/>.</summary>
    public BankVideos Without(string id)
    {
        ImmutableList<VideoEntry> kept = All.RemoveAll(v => v.Id == id);
        return ReferenceEquals(kept, All) ? this : new BankVideos(kept);
    }
}
