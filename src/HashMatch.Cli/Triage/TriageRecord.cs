using System.Text.Json;
using HashMatch.Matching;

namespace HashMatch.Cli.Triage;

/// <summary>
/// One file's line of the case journal, read back: everything the case's outputs are made from. The candidates stay
/// the JSON objects <see cref="MatchCandidateJson"/> wrote, so every output copies them rather than writing a
/// candidate a second way.
/// </summary>
internal sealed class TriageRecord : IDisposable
{
    private readonly JsonDocument _document;

    private TriageRecord(JsonDocument document)
    {
        _document = document;
        JsonElement root = document.RootElement;
        Seq = root.GetProperty("seq").GetInt64();
        Path = root.GetProperty("path").GetString()!;
        Size = Optional(root, "size")?.GetInt64();
        Md5 = Optional(root, "md5")?.GetString();
        Sha1 = Optional(root, "sha1")?.GetString();
        Sha256 = Optional(root, "sha256")?.GetString();
        Pdq = Optional(root, "pdq")?.GetString();
        Quality = Optional(root, "quality")?.GetInt32();
        Outcome = TriageOutcomes.Parse(root.GetProperty("outcome").GetString()!);
        Detail = root.GetProperty("detail").GetString()!;
        Candidates = [.. root.GetProperty("candidates").EnumerateArray().Select(c => new TriageHit(c))];
    }

    /// <summary>The file's number in walk order, from 1.</summary>
    public long Seq { get; }

    public string Path { get; }

    public long? Size { get; }

    public string? Md5 { get; }

    public string? Sha1 { get; }

    public string? Sha256 { get; }

    public string? Pdq { get; }

    public int? Quality { get; }

    public TriageOutcome Outcome { get; }

    public string Detail { get; }

    /// <summary>Every candidate, in the matcher's order (exact hashes first, then PDQ by list and distance).</summary>
    public IReadOnlyList<TriageHit> Candidates { get; }

    /// <summary>The candidate that decided the outcome: the first of the best verdict, then the smallest distance.</summary>
    public TriageHit? Best => Candidates.Count == 0 ? null : Candidates.MinBy(c => (c.Rank, c.Distance));

    /// <summary>The best candidate of each list that has any, in the order the lists first appear.</summary>
    public IEnumerable<TriageHit> BestPerList() =>
        Candidates.GroupBy(c => c.List, StringComparer.Ordinal).Select(g => g.MinBy(c => (c.Rank, c.Distance))!);

    /// <summary>Parses one journal line (a file record).</summary>
    /// <exception cref="JsonException">The line is not a file record.</exception>
    public static TriageRecord Parse(string line) => new(JsonDocument.Parse(line));

    public void Dispose() => _document.Dispose();

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value : null;
}

/// <summary>One candidate of a <see cref="TriageRecord"/>: the JSON <see cref="MatchCandidateJson"/> wrote, with the fields the outputs need.</summary>
internal sealed class TriageHit(JsonElement json)
{
    /// <summary>The candidate's JSON object, to be copied member by member.</summary>
    public JsonElement Json { get; } = json;

    public string Method { get; } = json.GetProperty("method").GetString()!;

    public string List { get; } = json.GetProperty("list").GetString()!;

    public string EntryId { get; } = json.GetProperty("entry_id").GetString()!;

    public int Distance { get; } = json.GetProperty("distance").GetInt32();

    public string Variant { get; } = json.GetProperty("query_variant").GetString()!;

    public string Region { get; } = json.TryGetProperty("query_region", out JsonElement r)
        ? $"{r.GetProperty("x").GetInt32()},{r.GetProperty("y").GetInt32()},{r.GetProperty("width").GetInt32()},{r.GetProperty("height").GetInt32()}"
        : "";

    public int? QueryQuality { get; } = json.GetProperty("query_quality") is { ValueKind: JsonValueKind.Number } q ? q.GetInt32() : null;

    public int? EntryQuality { get; } = json.GetProperty("entry_quality") is { ValueKind: JsonValueKind.Number } e ? e.GetInt32() : null;

    public MatchVerdict Verdict { get; } = Enum.Parse<MatchVerdict>(json.GetProperty("verdict").GetString()!);

    public bool Augmented { get; } = json.TryGetProperty("augmented", out JsonElement a) && a.GetBoolean();

    /// <summary>A local-feature candidate's inliers, or null.</summary>
    public int? Inliers { get; } = json.TryGetProperty("inliers", out JsonElement i) ? i.GetInt32() : null;

    /// <summary>A local-feature candidate's crop box as <c>match</c>'s TSV writes it (left,top,right,bottom, rounded), or empty.</summary>
    public string LocalCrop { get; } = json.TryGetProperty("transform", out JsonElement t) && t.GetProperty("crop") is var c
        ? Output.MatchRecordWriter.CropText(c.GetProperty("left").GetDouble(), c.GetProperty("top").GetDouble(), c.GetProperty("right").GetDouble(), c.GetProperty("bottom").GetDouble())
        : "";

    public string? Category { get; } = json.TryGetProperty("metadata", out JsonElement m) && m.TryGetProperty("category", out JsonElement c) ? c.GetString() : null;

    /// <summary>Matches first, then exclusions, then low-quality candidates.</summary>
    public int Rank => Verdict switch
    {
        MatchVerdict.Match => 0,
        MatchVerdict.Excluded => 1,
        _ => 2,
    };
}
