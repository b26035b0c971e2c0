namespace HashMatch.Server.Api;

/// <summary>
/// The media types of hash lists on the wire: what <c>/import</c> recognises as naming a layout (anything else is
/// detected from the bytes), what <c>/export</c> labels its layouts with, and what the OpenAPI document lists for both.
/// </summary>
internal static class ListMediaTypes
{
    /// <summary>Tab-separated values: the layout <c>hashmatch hash</c> writes.</summary>
    public const string Tsv = "text/tab-separated-values";

    /// <summary>Comma-separated values.</summary>
    public const string Csv = "text/csv";

    /// <summary>JSON lines under its most common name.</summary>
    public const string JsonLines = "application/x-ndjson";

    /// <summary>JSON documents (VICS, CAID): detected on import, written by export.</summary>
    public const string Json = "application/json";

    /// <summary>Plain text (hash-per-line lists, for example): detected on import, written by export.</summary>
    public const string Text = "text/plain";

    /// <summary>The other names of JSON lines that <c>/import</c> accepts as naming the layout.</summary>
    public static readonly IReadOnlyList<string> JsonLinesAliases = ["application/jsonl", "application/x-jsonlines"];

    /// <summary>The content types an <c>/import</c> body is documented with (the layout is detected for any other).</summary>
    public static readonly IReadOnlyList<string> Import = [Tsv, Csv, JsonLines, .. JsonLinesAliases, Json, Text];

    /// <summary>The content types <c>/export</c> answers with, one per layout family.</summary>
    public static readonly IReadOnlyList<string> Export = [Tsv, Csv, JsonLines, Json, Text];
}
