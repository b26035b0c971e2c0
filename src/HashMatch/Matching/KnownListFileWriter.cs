using System.Text;
using HashMatch.Indexing;
using HashMatch.Lists;

namespace HashMatch.Matching;

/// <summary>
/// Writes an index file (<see cref="KnownListFile"/>) from entries streamed into it one at a time, each under the name
/// of the list it came from, and from the entries of index files already loaded — without holding the entries as
/// objects: they go straight into the file's columns, so writing ten million entries needs about the file's size in
/// memory, not a multiple of it. This is how <c>hashmatch index build|add|remove|merge</c> write their files.
/// </summary>
/// <remarks>
/// A writer is used once: add entries, then <see cref="Save(string, int)"/>. It is not thread-safe. Entries keep the order they were
/// added in, which is the order <see cref="HashMatcher"/> reports equally close candidates in.
/// </remarks>
public sealed class KnownListFileWriter
{
    private readonly EntryTableBuilder _builder = new(new ColumnSpill()); // past a few million entries, the columns only written wait in a temporary file
    private bool _saved;

    /// <summary>Entries added so far.</summary>
    public int Count => _builder.Count;

    /// <summary>Adds <paramref name="entry"/> as an entry of the list named <paramref name="list"/>.</summary>
    /// <exception cref="InvalidOperationException">The writer was saved, or it holds <see cref="int.MaxValue"/> entries or 65,536 list names.</exception>
    public void Add(ListEntry entry, string list)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(list);
        ThrowIfSaved();
        _builder.Add(entry, list);
    }

    /// <summary>Adds every entry of <paramref name="list"/> (after its changes, if any), in order, each under the list name it has there.</summary>
    /// <exception cref="InvalidOperationException">The writer was saved, or it would exceed its limits (see <see cref="Add"/>).</exception>
    public void AddAll(KnownList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        ThrowIfSaved();
        list.AppendTo(_builder); // a list with changes (KnownList.WithChanges): its final entries, no index built for them
    }

    /// <summary>
    /// Adds the entries of <paramref name="list"/> except those whose id is in <paramref name="ids"/> — of any list, or
    /// only of the list named <paramref name="fromList"/> when given — and returns the ids that were left out (so a
    /// caller can report the ones not found).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="fromList"/> names no list in <paramref name="list"/>.</exception>
    /// <exception cref="InvalidOperationException">The writer was saved.</exception>
    public IReadOnlySet<string> AddAllExcept(KnownList list, IReadOnlySet<string> ids, string? fromList = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(ids);
        ThrowIfSaved();
        EntryTable table = list.Compacted().Entries;
        if (fromList is not null && !table.Sources.Contains(fromList, StringComparer.Ordinal))
        {
            throw new ArgumentException($"the index has no list named '{fromList}' (it has: {string.Join(", ", table.Sources)})");
        }

        // Decode an id only when its byte length could match: ten million string allocations cost seconds.
        var byteLengths = ids.Select(id => Encoding.UTF8.GetByteCount(id)).ToHashSet();
        var found = new HashSet<string>(StringComparer.Ordinal);
        _builder.CopyFrom(table, entry =>
        {
            if (!byteLengths.Contains(table.IdBytes(entry).Length) || (fromList is not null && table.Source(entry) != fromList))
            {
                return true;
            }

            string id = table.Id(entry);
            if (!ids.Contains(id))
            {
                return true;
            }

            found.Add(id);
            return false;
        });
        return found;
    }

    /// <summary>
    /// Writes the file atomically (<see cref="IO.AtomicFile"/>), with the PDQ index structure chosen for
    /// <paramref name="maxDistance"/> (recorded as the file's threshold), then reads it back verifying every checksum
    /// (<see cref="KnownListFile.Inspect"/>) and returns what it holds — a file that does not load is reported by
    /// the command that wrote it, not at the next load (the read-back is one more pass over the file, usually from the
    /// page cache). The writer cannot be used afterwards.
    /// </summary>
    /// <exception cref="HashMatchException">The file cannot be written (reason <see cref="HashMatchErrorReason.WriteFailed"/>; nothing is left behind), or what was written does not read back.</exception>
    /// <exception cref="InvalidOperationException">The writer was saved already.</exception>
    public KnownListFileInfo Save(string path, int maxDistance) => Save(path, maxDistance, null);

    /// <summary>
    /// <see cref="Save(string, int)"/> with the PDQ index structure given instead of chosen: every structure answers
    /// exactly, they differ in speed and memory (docs/hash-index.md). Loading keeps it unless a threshold is asked for
    /// that <see cref="HashIndex.ChooseKind"/> would answer with another structure than for <paramref name="maxDistance"/>.
    /// </summary>
    /// <exception cref="HashMatchException">The file cannot be written, or what was written does not read back.</exception>
    /// <exception cref="InvalidOperationException">The writer was saved already.</exception>
    public KnownListFileInfo Save(string path, int maxDistance, IndexKind structure)
    {
        if (!Enum.IsDefined(structure))
        {
            throw new ArgumentOutOfRangeException(nameof(structure), structure, "Unknown index structure.");
        }

        return Save(path, maxDistance, (IndexKind?)structure);
    }

    private KnownListFileInfo Save(string path, int maxDistance, IndexKind? structure)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ThrowIfSaved();
        _saved = true;
        KnownListFile.Write(path, _builder, maxDistance, structure);
        return KnownListFile.Inspect(path);
    }

    private void ThrowIfSaved()
    {
        if (_saved)
        {
            throw new InvalidOperationException("the index file was saved; a writer is used once");
        }
    }
}
