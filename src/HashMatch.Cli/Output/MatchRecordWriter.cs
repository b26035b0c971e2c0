using System.Globalization;
using HashMatch.IO;
using HashMatch.Matching;

namespace HashMatch.Cli.Output;

/// <summary>Writes one record per match in TSV (header + lines, the query escaped) or JSON Lines.</summary>
internal sealed class MatchRecordWriter(TextWriter output, OutputFormat format)
{
    private const string Header = "query\tentry_id\tdistance\tvariant\tquery_quality\tentry_quality";

    private readonly JsonLinesWriter _json = new(output);

    public void WriteHeader()
    {
        if (format == OutputFormat.Tsv)
        {
            output.Write(Header);
            output.Write('\n');
        }
    }

    /// <summary>Writes the report's matches; returns how many.</summary>
    public int Write(MatchReport report)
    {
        int written = 0;
        foreach (MatchCandidate match in report.Matches)
        {
            if (format == OutputFormat.Tsv)
            {
                output.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{TextEscaping.Control(report.Input)}\t{match.EntryId}\t{match.Distance}\t{match.Variant}\t{match.QueryQuality}\t{match.EntryQuality}\n"));
            }
            else
            {
                _json.WriteObject(json =>
                {
                    json.WriteString("query", report.Input);
                    json.WriteNumber("entry_id", match.EntryId);
                    json.WriteString("method", match.Method.ToString().ToLowerInvariant());
                    json.WriteNumber("distance", match.Distance);
                    json.WriteString("variant", match.Variant.ToString());
                    WriteOptional(json, "query_quality", match.QueryQuality);
                    WriteOptional(json, "entry_quality", match.EntryQuality);
                });
            }

            written++;
        }

        return written;
    }

    private static void WriteOptional(System.Text.Json.Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
