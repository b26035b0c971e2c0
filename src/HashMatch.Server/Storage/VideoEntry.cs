using HashMatch.Lists;
using HashMatch.Video;

namespace HashMatch.Server.Storage;

/// <summary>
/// A video a bank holds (<c>hm_videos</c>): an id, its vPDQ frame hashes and/or its TMK+PDQF signature, and the
/// metadata image entries carry. Matched by <see cref="Indexing.SnapshotVideos"/>; removed with the bank's entries
/// of the same id.
/// </summary>
/// <param name="Id">The entry id (ids need not be unique; removing an id removes every entry and video with it).</param>
/// <param name="Vpdq">The sampled frames' PDQ hashes, in the reference's <c>frame,quality,hash,timestamp</c> terms; null when only TMK is held.</param>
/// <param name="Tmk">The TMK+PDQF signature, parsed from <paramref name="TmkBytes"/>; null when only vPDQ is held.</param>
/// <param name="TmkBytes">The reference's <c>.tmk</c> bytes as given (what is stored, and what an export would return).</param>
/// <param name="Metadata">Category, tags, source and note.</param>
internal sealed record VideoEntry(string Id, IReadOnlyList<VpdqFrameHash>? Vpdq, TmkHash? Tmk, byte[]? TmkBytes, EntryMetadata Metadata);
