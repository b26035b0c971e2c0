using System.Globalization;
using System.Text.Json;
using HashMatch.IO;

namespace HashMatch.Lists;

/// <summary>Writes hash lists in any concrete <see cref="HashListFormat"/> (the inverse of <see cref="HashListReader"/>).</summary>
public static class HashListWriter
{
    /// <summary>
    /// Writes <paramref name="entries"/> to <paramref name="writer"/>. Plain formats keep only their hash (and PDQ
    /// quality) and, being line-numbered, not the ids; CSV, TSV and JSON lines keep ids, PDQ, quality and MD5.
    /// </summary>
    /// <returns>How many entries were written (plain formats skip entries without their kind of hash).</returns>
    public static int Write(TextWriter writer, IEnumerable<ListEntry> entries, HashListFormat format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entries);
        int written = 0;
        var json = new JsonLinesWriter(writer);
        if (format is HashListFormat.Csv or HashListFormat.Tsv)
        {
            char d = format == HashListFormat.Csv ? ',' : '\t';
            writer.Write($"id{d}pdq{d}quality{d}md5\n");
        }

        foreach (ListEntry e in entries)
        {
            string line;
            switch (format)
            {
                case HashListFormat.PlainPdq when e.Pdq is { } pdq:
                    line = e.Quality is { } q ? $"{pdq},{q.ToString(CultureInfo.InvariantCulture)}" : pdq.ToString();
                    break;
                case HashListFormat.PlainMd5 when e.Md5 is { } md5:
                    line = md5.ToString();
                    break;
                case HashListFormat.Csv or HashListFormat.Tsv:
                    char d = format == HashListFormat.Csv ? ',' : '\t';
                    line = string.Create(CultureInfo.InvariantCulture, $"{e.Id}{d}{e.Pdq}{d}{e.Quality}{d}{e.Md5}");
                    break;
                case HashListFormat.JsonLines:
                    json.WriteObject(writer => JsonMembers(writer, e));
                    written++;
                    continue;
                case HashListFormat.SignalLines:
                    // One line per hash: an entry with both writes two lines.
                    if (e.Pdq is { } signalPdq)
                    {
                        writer.Write($"pdq {signalPdq}\n");
                        written++;
                    }

                    if (e.Md5 is not { } signalMd5)
                    {
                        continue;
                    }

                    line = $"video_md5 {signalMd5}";
                    break;
                case HashListFormat.HmaCsv:
                    // HMA v1's four-column layout (hash,id,timestamp,tags) with the fields we do not have left empty.
                    if (e.Pdq is { } hmaPdq)
                    {
                        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{hmaPdq},{e.Id},,\n"));
                        written++;
                    }

                    if (e.Md5 is not { } hmaMd5)
                    {
                        continue;
                    }

                    line = string.Create(CultureInfo.InvariantCulture, $"{hmaMd5},{e.Id},,");
                    break;
                case HashListFormat.PlainPdq or HashListFormat.PlainMd5:
                    continue;
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, "Choose a concrete format to write.");
            }

            writer.Write(line);
            writer.Write('\n');
            written++;
        }

        return written;
    }

    private static void JsonMembers(Utf8JsonWriter json, ListEntry e)
    {
        json.WriteString("id", e.Id);
        if (e.Pdq is { } pdq)
        {
            json.WriteString("pdq", pdq.ToString());
        }

        if (e.Quality is { } q)
        {
            json.WriteNumber("quality", q);
        }

        if (e.Md5 is { } md5)
        {
            json.WriteString("md5", md5.ToString());
        }
    }
}
