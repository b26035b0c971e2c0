using System.Globalization;
using System.Text.Json;
using HashMatch.IO;

namespace HashMatch.Lists;

/// <summary>
/// Reads hash lists in every <see cref="HashListFormat"/>. Delimited files (CSV, TSV) need a header line; the columns
/// understood, case-insensitively, are: a PDQ hash (<c>pdq</c>, <c>pdq_hash</c>, <c>hash</c>, <c>hash_value</c>,
/// <c>signal_value</c>), an MD5 (<c>md5</c>, <c>md5_hash</c>, <c>video_md5</c>), the kind of a generic hash column
/// (<c>signal_type</c>, <c>hash_type</c>, <c>type</c>: values containing "pdq" or "md5"; <c>signal_str</c> is the hash
/// column of <c>threatexchange dataset --csv</c>), an id (<c>id</c>,
/// <c>entry_id</c>, <c>hash_id</c>, <c>signal_id</c>, <c>indicator_id</c>) and a quality (<c>quality</c>,
/// <c>pdq_quality</c>); other columns are ignored. A generic hash column without a kind column is PDQ at 64 hex
/// digits and MD5 at 32. Without an id column, ids are 1-based line numbers.
/// </summary>
public static class HashListReader
{
    private static readonly string[] PdqColumns = ["pdq", "pdq_hash", "pdq_hex"];
    private static readonly string[] Md5Columns = ["md5", "md5_hash", "video_md5", "photo_md5"];
    private static readonly string[] GenericColumns = ["hash", "hash_value", "signal_str", "signal_value", "value"];
    private static readonly string[] KindColumns = ["signal_type", "hash_type", "type"];
    private static readonly string[] IdColumns = ["id", "entry_id", "hash_id", "signal_id", "indicator_id", "descriptor_id"];
    private static readonly string[] QualityColumns = ["quality", "pdq_quality"];

    /// <summary>Reads the list at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its layout, or <see cref="HashListFormat.Auto"/>.</param>
    /// <param name="collectErrors">Collect unusable lines in <see cref="HashListContents.Errors"/> and go on (for linting) instead of throwing at the first.</param>
    /// <exception cref="HashMatchException">The file cannot be read, its format cannot be detected, or (unless collecting) a line is malformed; the message names the line.</exception>
    public static HashListContents Read(string path, HashListFormat format = HashListFormat.Auto, bool collectErrors = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        using StreamReader reader = InputFile.OpenText(path);
        try
        {
            return ReadFrom(reader, path, format, collectErrors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    /// <summary>Reads a list from <paramref name="reader"/>; <paramref name="inputName"/> names it in errors.</summary>
    /// <inheritdoc cref="Read(string, HashListFormat, bool)"/>
    public static HashListContents ReadFrom(TextReader reader, string inputName, HashListFormat format = HashListFormat.Auto, bool collectErrors = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(inputName);
        var entries = new List<ListEntry>();
        var lineNumbers = new List<int>();
        var errors = new List<ListIssue>();
        LineParser? parser = null;
        int lineNumber = 0, firstDataLine = 0;
        var lines = new BoundedLineReader(reader, inputName);
        while (lines.ReadLine() is { } line)
        {
            lineNumber++;
            string text = line.Trim();
            if (text.Length == 0 || (text[0] == '#' && parser is null))
            {
                continue; // blank lines anywhere; '#' comments before the data
            }

            if (parser is null)
            {
                format = format == HashListFormat.Auto ? Detect(text) : format;
                if (format == HashListFormat.Auto)
                {
                    throw new HashMatchException(inputName, HashMatchErrorReason.UnsupportedFormat,
                        $"line {lineNumber}: cannot tell the list format (expected 64 or 32 hex digits, a CSV/TSV header naming a hash column, or JSON); use --format.");
                }

                parser = LineParser.For(format, text, inputName, lineNumber);
                if (parser.ConsumesHeader)
                {
                    continue;
                }
            }

            // Without an id column an entry's id is its line, counted from the first data line (a header does not count).
            firstDataLine = firstDataLine == 0 ? lineNumber : firstDataLine;
            string lineId = (lineNumber - firstDataLine + 1).ToString(CultureInfo.InvariantCulture);
            if (parser.TryParse(line, lineId, out ListEntry entry, out string? error))
            {
                entries.Add(entry);
                lineNumbers.Add(lineNumber);
            }
            else if (collectErrors)
            {
                errors.Add(new ListIssue { Input = inputName, Line = lineNumber, Severity = ListIssueSeverity.Error, Code = "malformed", Message = error! });
            }
            else
            {
                throw new HashMatchException(inputName, HashMatchErrorReason.Malformed, $"line {lineNumber}: {error}");
            }
        }

        return new HashListContents
        {
            Input = inputName,
            Format = format == HashListFormat.Auto ? HashListFormat.PlainPdq : format,
            Entries = entries,
            Lines = lineNumbers,
            Errors = errors,
        };
    }

    /// <summary>
    /// The format a list's first non-blank line implies: <c>{</c> → JSON lines; a line with letters beyond hex digits
    /// and a tab or comma → TSV or CSV header; 64 hex digits (optionally followed by a separator) → plain PDQ; 32 → plain
    /// MD5. <see cref="HashListFormat.Auto"/> when none applies.
    /// </summary>
    public static HashListFormat Detect(string firstLine)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        string text = firstLine.Trim();
        if (text.StartsWith('{'))
        {
            return HashListFormat.JsonLines;
        }

        int separator = text.IndexOfAny([',', '\t']);
        string first = (separator >= 0 ? text[..separator] : text).Trim();
        if (first.Length is PdqHash.HexLength or Md5HexLength && IsHex(first))
        {
            // hash,id,... with a numeric second field and more fields is HMA v1's layout; hash[,quality] is ours.
            string[] fields = text.Split(',');
            if (fields.Length >= 3 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return HashListFormat.HmaCsv;
            }

            return first.Length == PdqHash.HexLength ? HashListFormat.PlainPdq : HashListFormat.PlainMd5;
        }

        int space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && text[..space] is "pdq" or "video_md5" or "md5" && IsHex(text[(space + 1)..].Trim()))
        {
            return HashListFormat.SignalLines;
        }

        if (separator >= 0 || KnownColumn(Normalize(text)))
        {
            return text.Contains('\t', StringComparison.Ordinal) ? HashListFormat.Tsv : HashListFormat.Csv;
        }

        return HashListFormat.Auto;
    }

    private static bool KnownColumn(string name) =>
        PdqColumns.Contains(name) || Md5Columns.Contains(name) || GenericColumns.Contains(name);

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Normalize(string column) => column.Trim().Trim('"').Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private const int Md5HexLength = 32;

    private static bool TryParseMd5(ReadOnlySpan<char> text, out ExactHash md5, out string? error) =>
        ExactHash.TryParseCore(ExactHashAlgorithm.Md5, text, out md5, out error);

    /// <summary>Parses the PDQ and MD5 fields of one line (either may be empty, not both).</summary>
    private static bool TryParseHashes(string pdqText, string md5Text, out PdqHash? pdq, out ExactHash? md5, out string? error)
    {
        pdq = null;
        md5 = null;
        error = null;
        if (pdqText.Length > 0)
        {
            if (!PdqHash.TryParseCore(pdqText, out PdqHash parsed, out error))
            {
                return false;
            }

            pdq = parsed;
        }

        if (md5Text.Length > 0)
        {
            if (!TryParseMd5(md5Text, out ExactHash parsed, out error))
            {
                return false;
            }

            md5 = parsed;
        }

        if (pdq is null && md5 is null)
        {
            error = "no PDQ or MD5 hash on this line";
            return false;
        }

        return true;
    }

    private static bool TryParseQuality(ReadOnlySpan<char> text, out int? quality, out string? error)
    {
        quality = null;
        error = null;
        if (text.IsEmpty)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int q) && q <= 100)
        {
            quality = q;
            return true;
        }

        error = $"quality must be an integer 0..100 (got '{text.ToString()}')";
        return false;
    }

    /// <summary>Parses the data lines of one format.</summary>
    private abstract class LineParser
    {
        public virtual bool ConsumesHeader => false;

        public static LineParser For(HashListFormat format, string firstLine, string inputName, int lineNumber) => format switch
        {
            HashListFormat.PlainPdq => new PlainPdqParser(),
            HashListFormat.PlainMd5 => new PlainMd5Parser(),
            HashListFormat.Csv => DelimitedParser.FromHeader(firstLine, ',', inputName, lineNumber),
            HashListFormat.Tsv => DelimitedParser.FromHeader(firstLine, '\t', inputName, lineNumber),
            HashListFormat.JsonLines => new JsonLinesParser(),
            HashListFormat.SignalLines => new SignalLinesParser(),
            HashListFormat.HmaCsv => new HmaCsvParser(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown list format."),
        };

        /// <summary>Parses one data line; <paramref name="lineId"/> is the entry's id when the line carries none.</summary>
        public abstract bool TryParse(string line, string lineId, out ListEntry entry, out string? error);
    }

    private sealed class PlainPdqParser : LineParser
    {
        public override bool TryParse(string line, string lineId, out ListEntry entry, out string? error)
        {
            ReadOnlySpan<char> text = line.AsSpan().Trim();
            int separator = text.IndexOfAny(',', '\t');
            ReadOnlySpan<char> hex = (separator >= 0 ? text[..separator] : text).TrimEnd();
            ReadOnlySpan<char> rest = separator >= 0 ? text[(separator + 1)..].Trim() : [];
            int nextSeparator = rest.IndexOfAny(',', '\t');
            ReadOnlySpan<char> qualityText = (nextSeparator >= 0 ? rest[..nextSeparator] : rest).Trim();
            entry = null!;
            if (!PdqHash.TryParseCore(hex, out PdqHash hash, out error) || !TryParseQuality(qualityText, out int? quality, out error))
            {
                return false;
            }

            entry = new ListEntry { Id = lineId, Pdq = hash, Quality = quality };
            return true;
        }
    }

    private sealed class PlainMd5Parser : LineParser
    {
        public override bool TryParse(string line, string lineId, out ListEntry entry, out string? error)
        {
            ReadOnlySpan<char> text = line.AsSpan().Trim();
            int separator = text.IndexOfAny(',', '\t');
            entry = null!;
            if (!TryParseMd5((separator >= 0 ? text[..separator] : text).TrimEnd(), out ExactHash md5, out error))
            {
                return false;
            }

            entry = new ListEntry { Id = lineId, Md5 = md5 };
            return true;
        }
    }

    private sealed class DelimitedParser(char delimiter, int columns, int pdq, int md5, int generic, int kind, int id, int quality, int augmented) : LineParser
    {
        public override bool ConsumesHeader => true;

        public static DelimitedParser FromHeader(string header, char delimiter, string inputName, int lineNumber)
        {
            string[] names = [.. Split(header, delimiter).Select(Normalize)];
            int Find(string[] candidates) => Array.FindIndex(names, candidates.Contains);
            int pdq = Find(PdqColumns), md5 = Find(Md5Columns), generic = Find(GenericColumns);
            if (pdq < 0 && md5 < 0 && generic < 0)
            {
                throw new HashMatchException(inputName, HashMatchErrorReason.Malformed,
                    $"line {lineNumber}: the header names no hash column (expected one of {string.Join(", ", PdqColumns.Concat(Md5Columns).Concat(GenericColumns))}); got: {string.Join(", ", names)}.");
            }

            return new DelimitedParser(delimiter, names.Length, pdq, md5, generic, Find(KindColumns), Find(IdColumns), Find(QualityColumns), Array.IndexOf(names, "augmented"));
        }

        public override bool TryParse(string line, string lineId, out ListEntry entry, out string? error)
        {
            entry = null!;
            List<string> fields = Split(line, delimiter);
            if (fields.Count < columns)
            {
                error = $"expected {columns} fields, got {fields.Count}";
                return false;
            }

            string Field(int index) => index >= 0 ? fields[index].Trim() : "";
            string pdqText = Field(pdq), md5Text = Field(md5), genericText = Field(generic);
            if (genericText.Length > 0)
            {
                string kindText = Field(kind).ToLowerInvariant();
                bool isMd5 = kindText.Contains("md5", StringComparison.Ordinal) || (kindText.Length == 0 && genericText.Length == Md5HexLength);
                bool isPdq = kindText.Contains("pdq", StringComparison.Ordinal) || (kindText.Length == 0 && !isMd5);
                if (isMd5 && md5Text.Length == 0)
                {
                    md5Text = genericText;
                }
                else if (isPdq && pdqText.Length == 0)
                {
                    pdqText = genericText;
                }
                else if (!isMd5 && !isPdq)
                {
                    error = $"signal type '{Field(kind)}' is neither PDQ nor MD5";
                    return false;
                }
            }

            if (!TryParseHashes(pdqText, md5Text, out PdqHash? pdqHash, out ExactHash? md5Hash, out error))
            {
                return false;
            }

            string entryId = id >= 0 ? Field(id) : lineId;
            if (entryId.Length == 0)
            {
                error = "the id column is empty";
                return false;
            }

            if (!TryParseQuality(Field(quality), out int? q, out error))
            {
                return false;
            }

            entry = new ListEntry { Id = entryId, Pdq = pdqHash, Md5 = md5Hash, Quality = q, Augmented = Field(augmented).Length > 0 };
            error = null;
            return true;
        }

        /// <summary>Splits one line, honouring double quotes (RFC 4180: a quoted field may contain the delimiter and "" for a quote).</summary>
        private static List<string> Split(string line, char delimiter)
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == delimiter)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            fields.Add(field.ToString());
            return fields;
        }
    }

    private sealed class SignalLinesParser : LineParser
    {
        public override bool TryParse(string line, string lineId, out ListEntry entry, out string? error)
        {
            entry = null!;
            string text = line.Trim();
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            string type = space > 0 ? text[..space] : "", value = space > 0 ? text[(space + 1)..].Trim() : text;
            if (type == "pdq")
            {
                bool ok = PdqHash.TryParseCore(value, out PdqHash pdq, out error);
                entry = ok ? new ListEntry { Id = lineId, Pdq = pdq } : null!;
                return ok;
            }

            if (type is "video_md5" or "md5")
            {
                bool ok = TryParseMd5(value, out ExactHash md5, out error);
                entry = ok ? new ListEntry { Id = lineId, Md5 = md5 } : null!;
                return ok;
            }

            error = $"expected '<signal_type> <hash>' with signal type pdq or video_md5, got '{(type.Length > 0 ? type : text)}'";
            return false;
        }
    }

    private sealed class HmaCsvParser : LineParser
    {
        public override bool TryParse(string line, string lineId, out ListEntry entry, out string? error)
        {
            entry = null!;
            string[] fields = line.Trim().Split(',');
            string hash = fields[0].Trim();
            string id = fields.Length >= 2 ? fields[1].Trim() : "";
            if (id.Length == 0)
            {
                error = "expected 'hash,id,...' with an id";
                return false;
            }

            if (hash.Length == Md5HexLength)
            {
                if (!TryParseMd5(hash, out ExactHash md5, out error))
                {
                    return false;
                }

                entry = new ListEntry { Id = id, Md5 = md5 };
                return true;
            }

            if (!PdqHash.TryParseCore(hash, out PdqHash pdq, out error))
            {
                return false;
            }

            entry = new ListEntry { Id = id, Pdq = pdq };
            return true;
        }
    }

    private sealed class JsonLinesParser : LineParser
    {
        public override bool TryParse(string line, string lineId, out ListEntry entry, out string? error)
        {
            entry = null!;
            try
            {
                using var document = JsonDocument.Parse(line);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    error = "expected a JSON object";
                    return false;
                }

                string? Text(string name) => root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                if (!TryParseHashes(Text("pdq") ?? "", Text("md5") ?? "", out PdqHash? pdq, out ExactHash? md5, out error))
                {
                    return false;
                }

                // "id" may be a string or a number; anything else, or a quality outside 0..100, is an error, not a fallback.
                string id = lineId;
                if (root.TryGetProperty("id", out JsonElement idValue))
                {
                    switch (idValue.ValueKind)
                    {
                        case JsonValueKind.String when idValue.GetString() is { Length: > 0 } text:
                            id = text;
                            break;
                        case JsonValueKind.Number:
                            id = idValue.GetRawText();
                            break;
                        default:
                            error = $"\"id\" must be a non-empty string or a number (got {idValue.ValueKind.ToString().ToLowerInvariant()})";
                            return false;
                    }
                }

                int? quality = null;
                if (root.TryGetProperty("quality", out JsonElement q))
                {
                    if (q.ValueKind != JsonValueKind.Number || !q.TryGetInt32(out int qv) || qv is < 0 or > 100)
                    {
                        error = $"\"quality\" must be an integer 0..100 (got {q.GetRawText()})";
                        return false;
                    }

                    quality = qv;
                }
                bool augmented = root.TryGetProperty("augmented", out JsonElement a) && a.ValueKind is JsonValueKind.String or JsonValueKind.True;
                entry = new ListEntry { Id = id, Pdq = pdq, Md5 = md5, Quality = quality, Augmented = augmented };
                error = null;
                return true;
            }
            catch (JsonException e)
            {
                error = $"not valid JSON: {e.Message}";
                return false;
            }
        }
    }
}
