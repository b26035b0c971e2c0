using System.Globalization;
using HashMatch.IO;
using HashMatch.Matching;

namespace HashMatch.Cli.Output;

/// <summary>Writes one record per reported candidate in TSV (header + lines, user text escaped) or JSON Lines (with metadata).</summary>
internal sealed class MatchRecordWriter(TextWriter output, OutputFormat format)
{
    /// <summary>
    /// The TSV columns; <c>inliers</c> and <c>local_crop</c> (left,top,right,bottom of the known picture's pixels the
    /// query shows, rounded) are filled for local-feature candidates only.
    /// </summary>
    public const string Header = "query\tmethod\tlist\tentry_id\tdistance\tquery_variant\tquery_region\tquery_quality\tentry_quality\tverdict\tinliers\tlocal_crop";

    private readonly JsonLinesWriter _json = new(output);

    public void WriteHeader()
    {
        if (format == OutputFormat.Tsv)
        {
            output.Write(Header);
            output.Write('\n');
        }
    }

    public void Write(string query, MatchCandidate candidate)
    {
        string method = MatchMethodNames.Name(candidate.Method);
        if (format == OutputFormat.Tsv)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture,
                $"{TextEscaping.Control(query)}\t{method}\t{TextEscaping.Control(candidate.List)}\t{TextEscaping.Control(candidate.EntryId)}\t{candidate.Distance}\t{candidate.Variant.Name}\t{candidate.Variant.Region}\t{candidate.QueryQuality}\t{candidate.EntryQuality}\t{candidate.Verdict}\t{candidate.Inliers}\t{Crop(candidate)}\n"));
            return;
        }

        _json.WriteObject(json =>
        {
            json.WriteString("query", query);
            MatchCandidateJson.WriteMembers(json, candidate);
        });
    }

    private static string Crop(MatchCandidate candidate) =>
        candidate.Transform is { } t ? CropText(t.CropLeft, t.CropTop, t.CropRight, t.CropBottom) : "";

    /// <summary>
    /// The <c>local_crop</c> column: left,top,right,bottom to whole pixels. <c>match</c> writes it from the candidate,
    /// triage's <c>hits.tsv</c> from the journal's JSON of the same values.
    /// </summary>
    public static string CropText(double left, double top, double right, double bottom) =>
        string.Create(CultureInfo.InvariantCulture, $"{left:0},{top:0},{right:0},{bottom:0}");
}
