using System.Globalization;
using HashMatch.Matching;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Indexing;

/// <summary>
/// Each bank's base list as an index file of version 2 (<see cref="KnownListFile"/>: memory-mapped, checksummed,
/// written atomically) in the data folder's <c>index/</c>, named <c>BANKID.SEQUENCE.hmidx</c> after the bank's
/// database id and the change it was built at. A restart loads the newest file and replays only the later changes;
/// a file that fails its checks is deleted and the bank is read from the database instead. Files are loaded as
/// private copies, not mapped: a live index file truncated by another program killed the server at the next lookup
/// (SIGBUS), and bytes overwritten in place gave 500s and silent misses (issue 22, finding 9); with a copy, what
/// happens to the file afterwards only matters at the next start, where its checksums catch it.
/// </summary>
internal sealed class KnownListIndexFiles : IIndexFiles
{
    private readonly string _folder;

    public KnownListIndexFiles(string dataDirectory, string storeId)
    {
        string index = Path.Combine(dataDirectory, "index");
        _folder = Path.Combine(index, storeId);
        Directory.CreateDirectory(_folder);
        RemoveOtherStores(index, storeId);

        // Saves cut off by kill -9 leave their temporary files, and each save has a new name (its change number), so
        // no later save of the same name would ever remove them.
        HashMatch.IO.AtomicFile.RemoveStaleTemporaries(index);
        HashMatch.IO.AtomicFile.RemoveStaleTemporaries(_folder);
    }

    public (KnownList List, long Sequence)? TryLoad(BankRecord bank)
    {
        if (Files(bank).OrderByDescending(f => f.Sequence).FirstOrDefault() is not { Path: { } path } newest)
        {
            return null;
        }

        try
        {
            return (KnownListFile.Load(path, bank.Settings.Options, bank.Name, privateCopy: true), newest.Sequence);
        }
        catch (HashMatchException)
        {
            File.Delete(path); // damaged: the database has the entries
            return null;
        }
    }

    public void Save(BankRecord bank, KnownList list, long sequence)
    {
        string path = Path.Combine(_folder, string.Create(CultureInfo.InvariantCulture, $"{bank.Id}.{sequence}.hmidx"));
        try
        {
            KnownListFile.Save(list, path);
        }
        catch (HashMatchException)
        {
            return; // a full disk costs the next start time, not correctness: it reads the database
        }

        foreach (var (older, _) in Files(bank).Where(f => f.Sequence != sequence))
        {
            TryDelete(older);
        }
    }

    public void Delete(BankRecord bank)
    {
        foreach (var (path, _) in Files(bank))
        {
            TryDelete(path);
        }
    }

    private IEnumerable<(string Path, long Sequence)> Files(BankRecord bank)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"{bank.Id}.");
        foreach (string path in Directory.EnumerateFiles(_folder, prefix + "*.hmidx"))
        {
            string middle = Path.GetFileNameWithoutExtension(path)[prefix.Length..];
            if (long.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
            {
                yield return (path, sequence);
            }
        }
    }

    /// <summary>Index files of another store (or of the layout before store ids: directly in <c>index/</c>) can never be loaded again.</summary>
    private static void RemoveOtherStores(string index, string storeId)
    {
        foreach (string file in Directory.EnumerateFiles(index, "*.hmidx"))
        {
            TryDelete(file);
        }

        foreach (string folder in Directory.EnumerateDirectories(index).Where(f => Path.GetFileName(f) != storeId))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // left for the next start; never loaded
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // mapped by a list still being served: the next save removes it
        }
    }
}
