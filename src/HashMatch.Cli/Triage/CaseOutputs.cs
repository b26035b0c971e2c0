using System.Globalization;
using System.Text;
using System.Text.Json;
using HashMatch.Cli.Output;
using HashMatch.IO;
using HashMatch.Lists;

namespace HashMatch.Cli.Triage;

/// <summary>
/// Makes the case's outputs from its journal, each written whole and atomically (a crash leaves the old file or the
/// new one) in one pass over the journal: <c>files.tsv</c>/<c>files.jsonl</c> (one line per file examined, with the
/// best candidate), <c>hits.tsv</c>/<c>hits.jsonl</c> (one line per candidate), <c>vics.json</c> (a VICS 2.0 case:
/// every file with exact hashes, matched files with their entry's category) and <c>caid.json</c> (the same in CAID's
/// VICS-based layout). Made only from the journal, they are byte-identical however often the triage was interrupted.
/// </summary>
internal static class CaseOutputs
{
    /// <summary>The outputs, in the order they are written and listed in the manifest.</summary>
    public static IReadOnlyList<string> Names { get; } = ["files.tsv", "files.jsonl", "hits.tsv", "hits.jsonl", "vics.json", "caid.json"];

    public const string FilesHeader = "seq\tpath\tsize\tmd5\tsha1\tsha256\tpdq\tquality\toutcome\tdetail\tlist\tentry_id\tcategory\tmethod\tdistance\tquery_variant\tverdict\tother_candidates";

    public const string HitsHeader = "seq\tpath\tlist\tentry_id\tcategory\tmethod\tdistance\tquery_variant\tquery_region\tquery_quality\tentry_quality\tverdict\tinliers\tlocal_crop";

    /// <summary>Writes every output into <paramref name="folder"/> and returns the totals (gathered while writing files.tsv).</summary>
    public static CaseTotals Write(string folder, string journalPath)
    {
        var totals = new CaseTotals();
        Pass(folder, "files.tsv", journalPath, writer => Line(writer, FilesHeader), (writer, record) =>
        {
            totals.Add(record);
            TriageHit? best = record.Best;
            Line(writer, string.Join('\t',
                Number(record.Seq), Field(record.Path), Number(record.Size), record.Md5 ?? "", record.Sha1 ?? "", record.Sha256 ?? "", record.Pdq ?? "", Number(record.Quality),
                TriageOutcomes.Name(record.Outcome), Field(record.Detail),
                Field(best?.List), Field(best?.EntryId), Field(best?.Category), best?.Method ?? "", Number(best?.Distance), best?.Variant ?? "", best?.Verdict.ToString() ?? "",
                Number(Math.Max(0, record.Candidates.Count - 1))));
        });

        Pass(folder, "files.jsonl", journalPath, null, (writer, record) => new JsonLinesWriter(writer).WriteObject(json =>
        {
            json.WriteNumber("seq", record.Seq);
            json.WriteString("path", record.Path);
            Optional(json, "size", record.Size);
            Optional(json, "md5", record.Md5);
            Optional(json, "sha1", record.Sha1);
            Optional(json, "sha256", record.Sha256);
            Optional(json, "pdq", record.Pdq);
            Optional(json, "quality", record.Quality);
            json.WriteString("outcome", TriageOutcomes.Name(record.Outcome));
            json.WriteString("detail", record.Detail);
            json.WriteStartArray("best_per_list");
            foreach (TriageHit hit in record.BestPerList())
            {
                hit.Json.WriteTo(json);
            }

            json.WriteEndArray();
            json.WriteNumber("candidates", record.Candidates.Count);
        }));

        Pass(folder, "hits.tsv", journalPath, writer => Line(writer, HitsHeader), (writer, record) =>
        {
            foreach (TriageHit hit in record.Candidates)
            {
                Line(writer, string.Join('\t',
                    Number(record.Seq), Field(record.Path), Field(hit.List), Field(hit.EntryId), Field(hit.Category), hit.Method, Number(hit.Distance), hit.Variant, hit.Region,
                    Number(hit.QueryQuality), Number(hit.EntryQuality), hit.Verdict.ToString(), Number(hit.Inliers), hit.LocalCrop));
            }
        });

        Pass(folder, "hits.jsonl", journalPath, null, (writer, record) =>
        {
            var lines = new JsonLinesWriter(writer);
            foreach (TriageHit hit in record.Candidates)
            {
                lines.WriteObject(json =>
                {
                    json.WriteNumber("seq", record.Seq);
                    json.WriteString("path", record.Path);
                    foreach (JsonProperty member in hit.Json.EnumerateObject())
                    {
                        member.WriteTo(json);
                    }
                });
            }
        });

        ExportPass(folder, "vics.json", journalPath, ListFormat.Vics);
        ExportPass(folder, "caid.json", journalPath, ListFormat.Caid);
        return totals;
    }

    /// <summary>
    /// A list of the case for the tools investigators use: one Media record per file whose bytes were read — MediaID
    /// its sequence number, its exact hashes and PDQ, RelativeFilePath its path, Category the category of the entry
    /// that matched it (none for every other file: uncategorised), Comments the outcome and the best candidate.
    /// </summary>
    private static void ExportPass(string folder, string name, string journalPath, ListFormat format)
    {
        ListEntryWriter? list = null;
        Pass(folder, name, journalPath, writer => list = ListWriter.Open(writer, format), (_, record) =>
        {
            if (record.Md5 is null)
            {
                return;
            }

            TriageHit? best = record.Best;
            string note = best is null
                ? TriageOutcomes.Name(record.Outcome)
                : string.Create(CultureInfo.InvariantCulture, $"{TriageOutcomes.Name(record.Outcome)}: {best.List} entry {best.EntryId} ({CaseTotals.MethodKey(best)}, distance {best.Distance})");
            list!.Write(new ListEntry
            {
                Id = Number(record.Seq),
                Md5 = ExactHash.Parse(ExactHashAlgorithm.Md5, record.Md5),
                Sha1 = record.Sha1 is { } sha1 ? ExactHash.Parse(ExactHashAlgorithm.Sha1, sha1) : null,
                Sha256 = record.Sha256 is { } sha256 ? ExactHash.Parse(ExactHashAlgorithm.Sha256, sha256) : null,
                Pdq = record.Pdq is { } pdq ? PdqHash.Parse(pdq) : null,
                Metadata = new EntryMetadata
                {
                    Category = record.Outcome == TriageOutcome.Match ? best?.Category : null,
                    Source = Clip(record.Path, ListEntryLimits.MaxSourceLength),
                    Note = Clip(note, ListEntryLimits.MaxNoteLength),
                },
            });
        }, _ => list!.Finish());
    }

    private static void Pass(string folder, string name, string journalPath, Action<TextWriter>? begin, Action<TextWriter, TriageRecord> each, Action<TextWriter>? end = null) =>
        AtomicFile.Write(Path.Combine(folder, name), stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            begin?.Invoke(writer);
            foreach (string line in CaseJournal.RecordLines(journalPath))
            {
                using TriageRecord record = TriageRecord.Parse(line);
                each(writer, record);
            }

            end?.Invoke(writer);
            writer.Flush();
        });

    private static void Line(TextWriter writer, string text)
    {
        writer.Write(text);
        writer.Write('\n');
    }

    private static string Field(string? text) => text is null ? "" : TextEscaping.Control(text);

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Clip(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 3), "...");

    /// <summary>A member that is null when the value is missing (the journal and files.jsonl write them alike).</summary>
    internal static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>A member that is null when the value is missing.</summary>
    internal static void Optional(Utf8JsonWriter json, string name, long? value)
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
