using System.Data.Common;
using System.Text.Json;
using HashMatch.Lists;
using HashMatch.Local;

namespace HashMatch.Server.Storage;

/// <summary>
/// How a <see cref="ListEntry"/> is laid out in the entries table: hashes as raw bytes (32 for PDQ, 16/20/32 for the
/// exact hashes), quality as a small integer, tags as a JSON array, the rest as text. One place for both databases.
/// </summary>
internal static class EntryColumns
{
    /// <summary>The columns written and read, in this order (after <c>bank_id, seq</c> when writing).</summary>
    public const string Names = "entry_id, pdq, quality, md5, sha1, sha256, photodna, category, tags, source, note, augmented, local";

    /// <summary>Number of columns in <see cref="Names"/>.</summary>
    public const int Count = 13;

    /// <summary>The column values of <paramref name="entry"/>, in <see cref="Names"/> order (null for absent values).</summary>
    public static void Write(ListEntry entry, object?[] values)
    {
        values[0] = entry.Id;
        values[1] = entry.Pdq?.ToByteArray();
        values[2] = entry.Quality is { } q ? (short)PdqQualityScale.Check(q, entry.Id, "quality") : null;
        values[3] = Bytes(entry.Md5);
        values[4] = Bytes(entry.Sha1);
        values[5] = Bytes(entry.Sha256);
        values[6] = entry.PhotoDna;
        values[7] = entry.Metadata.Category;
        values[8] = Tags(entry.Metadata);
        values[9] = entry.Metadata.Source;
        values[10] = entry.Metadata.Note;
        values[11] = entry.Augmented;
#pragma warning disable HASHMATCH0002 // the experimental local-feature signal, stored as given
        values[12] = entry.Local?.ToBytes();
#pragma warning restore HASHMATCH0002
    }

    /// <summary>The entry in the current row of <paramref name="row"/>, whose first column is <c>entry_id</c>.</summary>
    public static ListEntry Read(DbDataReader row)
    {
        EntryMetadata metadata = Metadata(row, 7);
        return new ListEntry
        {
            Id = row.GetString(0),
            Pdq = row.IsDBNull(1) ? null : PdqHash.FromBytes((byte[])row.GetValue(1)),
            Quality = row.IsDBNull(2) ? null : Convert.ToInt32(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
            Md5 = Exact(row, 3, ExactHashAlgorithm.Md5),
            Sha1 = Exact(row, 4, ExactHashAlgorithm.Sha1),
            Sha256 = Exact(row, 5, ExactHashAlgorithm.Sha256),
            PhotoDna = Text(row, 6),
            Metadata = metadata,
            Augmented = !row.IsDBNull(11) && Convert.ToBoolean(row.GetValue(11), System.Globalization.CultureInfo.InvariantCulture),
#pragma warning disable HASHMATCH0002 // the experimental local-feature signal: checked again as it is read
            Local = row.IsDBNull(12) ? null : LocalSignal.Parse((byte[])row.GetValue(12), $"the local signal of stored entry '{row.GetString(0)}'"),
#pragma warning restore HASHMATCH0002
        };
    }

    /// <summary>
    /// What the table keeps of <paramref name="entries"/> (one id's rows, in order) as one 64-bit XxHash: equal rows
    /// give equal values, and a full list is compared with a bank by these instead of by holding the bank's entries.
    /// </summary>
    public static ulong Fingerprint(IEnumerable<ListEntry> entries)
    {
        var hash = new System.IO.Hashing.XxHash64();
        object?[] values = new object?[Count];
        Span<byte> number = stackalloc byte[9];
        foreach (ListEntry entry in entries)
        {
            Write(entry, values);
            foreach (object? value in values)
            {
                // A tag and a length before each value, so that no two different rows write the same bytes.
                switch (value)
                {
                    case null:
                        hash.Append([0]);
                        break;
                    case byte[] bytes:
                        number[0] = 1;
                        BitConverter.TryWriteBytes(number[1..], (long)bytes.Length);
                        hash.Append(number);
                        hash.Append(bytes);
                        break;
                    case string text:
                        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
                        number[0] = 2;
                        BitConverter.TryWriteBytes(number[1..], (long)utf8.Length);
                        hash.Append(number);
                        hash.Append(utf8);
                        break;
                    case bool flag:
                        hash.Append([3, flag ? (byte)1 : (byte)0]);
                        break;
                    default:
                        number[0] = 4;
                        BitConverter.TryWriteBytes(number[1..], Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                        hash.Append(number);
                        break;
                }
            }

            hash.Append([0xFF]); // the end of a row
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The digest's bytes, or null for none.</summary>
    public static byte[]? Bytes(ExactHash? hash)
    {
        if (hash is not { } h)
        {
            return null;
        }

        byte[] bytes = new byte[h.ByteLength];
        h.WriteBytes(bytes);
        return bytes;
    }

    private static ExactHash? Exact(DbDataReader row, int column, ExactHashAlgorithm algorithm) =>
        row.IsDBNull(column) ? null : ExactHash.FromBytes(algorithm, (byte[])row.GetValue(column));

    /// <summary>The metadata in the four columns from <paramref name="first"/>: category, tags (JSON), source, note; video rows store it alike.</summary>
    public static EntryMetadata Metadata(DbDataReader row, int first)
    {
        string? category = Text(row, first), tags = Text(row, first + 1), source = Text(row, first + 2), note = Text(row, first + 3);
        return category is null && tags is null && source is null && note is null
            ? EntryMetadata.None
            : new EntryMetadata
            {
                Category = category,
                Tags = tags is null ? [] : JsonSerializer.Deserialize(tags, StorageJson.Default.IReadOnlyListString) ?? [],
                Source = source,
                Note = note,
            };
    }

    /// <summary>The tags column's value: JSON, or null without tags.</summary>
    public static string? Tags(EntryMetadata metadata) =>
        metadata.Tags.Count > 0 ? JsonSerializer.Serialize(metadata.Tags, StorageJson.Default.IReadOnlyListString) : null;

    private static string? Text(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);
}
