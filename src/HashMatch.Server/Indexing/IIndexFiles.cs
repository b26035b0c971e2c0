using HashMatch.Matching;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Indexing;

/// <summary>
/// Where a replica keeps each bank's last built base list so that a restart loads it and replays only the changes
/// after it, instead of reading every entry from the database. The one seam for the index file format:
/// <see cref="KnownListIndexFiles"/> (the memory-mapped index file version 2 in the data folder), or
/// <see cref="NoIndexFiles"/> when there is no data folder.
/// </summary>
internal interface IIndexFiles
{
    /// <summary>The bank's saved base list and the change sequence it was built at, or null.</summary>
    (KnownList List, long Sequence)? TryLoad(BankRecord bank);

    /// <summary>Saves the bank's base list built at <paramref name="sequence"/> (atomically: a crash leaves the previous file).</summary>
    void Save(BankRecord bank, KnownList list, long sequence);

    /// <summary>Forgets a deleted bank's file.</summary>
    void Delete(BankRecord bank);
}

/// <summary>No index files: every start and rebuild reads the bank's entries from the database (streamed).</summary>
internal sealed class NoIndexFiles : IIndexFiles
{
    public (KnownList List, long Sequence)? TryLoad(BankRecord bank) => null;

    public void Save(BankRecord bank, KnownList list, long sequence)
    {
    }

    public void Delete(BankRecord bank)
    {
    }
}
