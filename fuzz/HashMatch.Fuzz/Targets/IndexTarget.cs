using System.Buffers.Binary;
using System.IO.Hashing;
using HashMatch.Indexing;

namespace HashMatch.Fuzz.Targets;

/// <summary>
/// The index loader: <see cref="HashIndexFile.Load"/> on the input as a file, as recorded and with every structure;
/// then the same bytes with the trailing checksum recomputed, so mutants reach what lies behind the checksum (the
/// header's counts and kinds, the index build) instead of all stopping at "checksum mismatch".
/// </summary>
/// <remarks>
/// Checked besides "only HashMatchException": a loaded index holds as many entries as the file's header says and
/// finds each of its first few hashes at distance 0.
/// </remarks>
public sealed class IndexTarget : FuzzTarget
{
    private static readonly IndexKind?[] Kinds = [null, .. Enum.GetValues<IndexKind>().Cast<IndexKind?>()];

    /// <inheritdoc/>
    public override void Run(ReadOnlySpan<byte> input)
    {
        string path = Path.Combine(Path.GetTempPath(), $"hashmatch-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.hmidx");
        try
        {
            File.WriteAllBytes(path, input);
            LoadAll(path);
            if (input.Length >= 16)
            {
                byte[] repaired = input.ToArray();
                BinaryPrimitives.WriteUInt64LittleEndian(repaired.AsSpan(repaired.Length - 8), XxHash3.HashToUInt64(repaired.AsSpan(0, repaired.Length - 8)));
                File.WriteAllBytes(path, repaired);
                LoadAll(path);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void LoadAll(string path)
    {
        foreach (IndexKind? kind in Kinds)
        {
            HashIndex index;
            try
            {
                index = HashIndexFile.Load(path, kind);
            }
            catch (HashMatchException e)
            {
                CheckRejection(e, path);
                continue;
            }

            IndexEntry[] entries = index.GetEntries();
            if (entries.Length != index.Count)
            {
                throw new ContractViolation($"the index says {index.Count} entries but gives {entries.Length}");
            }

            var found = new List<IndexMatch>();
            foreach (IndexEntry entry in entries.Take(4))
            {
                found.Clear();
                index.Query(entry.Hash, 0, found);
                if (!found.Exists(m => m.Id == entry.Id))
                {
                    throw new ContractViolation($"{index.Kind}: entry {entry.Id} is not found at distance 0");
                }
            }
        }
    }
}
