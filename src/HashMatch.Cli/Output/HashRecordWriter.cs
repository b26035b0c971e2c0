using System.Text.Json;
using HashMatch.Hashing;

namespace HashMatch.Cli.Output;

/// <summary>Output formats of <c>hashmatch hash</c>.</summary>
internal enum HashOutputFormat
{
    /// <summary>Tab-separated values with one header line.</summary>
    Tsv,

    /// <summary>One JSON object per line.</summary>
    Jsonl,
}

/// <summary>Writes one record per hashed file in TSV or JSON Lines.</summary>
internal sealed class HashRecordWriter(TextWriter output, HashOutputFormat format, bool dihedral)
{
    private static readonly (PdqVariant Variant, string Column)[] DihedralColumns =
    [
        (PdqVariant.Rotate90, "pdq_rot90"),
        (PdqVariant.Rotate180, "pdq_rot180"),
        (PdqVariant.Rotate270, "pdq_rot270"),
        (PdqVariant.FlipX, "pdq_flipx"),
        (PdqVariant.FlipY, "pdq_flipy"),
        (PdqVariant.FlipPlus1, "pdq_flipplus1"),
        (PdqVariant.FlipMinus1, "pdq_flipminus1"),
    ];

    public void WriteHeader()
    {
        if (format == HashOutputFormat.Tsv)
        {
            output.Write("path\tmd5\tpdq\tquality");
            if (dihedral)
            {
                foreach (var (_, column) in DihedralColumns)
                {
                    output.Write('\t');
                    output.Write(column);
                }
            }

            output.WriteLine();
        }
    }

    public void Write(string path, ImageHashes hashes)
    {
        if (format == HashOutputFormat.Tsv)
        {
            output.Write($"{Escape(path)}\t{hashes.Md5}\t{hashes.Pdq.Hash}\t{hashes.Pdq.Quality}");
            if (dihedral && hashes.Dihedral is { } all)
            {
                foreach (var (variant, _) in DihedralColumns)
                {
                    output.Write('\t');
                    output.Write(all[variant].ToString());
                }
            }

            output.WriteLine();
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("md5", hashes.Md5.ToString());
            json.WriteString("pdq", hashes.Pdq.Hash.ToString());
            json.WriteNumber("quality", hashes.Pdq.Quality);
            json.WriteNumber("width", hashes.Width);
            json.WriteNumber("height", hashes.Height);
            json.WriteString("format", hashes.Format);
            if (dihedral && hashes.Dihedral is { } all)
            {
                foreach (var (variant, column) in DihedralColumns)
                {
                    json.WriteString(column, all[variant].ToString());
                }
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>Keeps one record per line: tabs and line breaks in file names would break TSV parsing.</summary>
    private static string Escape(string path) =>
        path.AsSpan().IndexOfAny('\t', '\n', '\r') < 0 ? path : path.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");
}
