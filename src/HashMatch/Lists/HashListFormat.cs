namespace HashMatch.Lists;

/// <summary>Hash list layouts <see cref="HashListReader"/> reads and <see cref="HashListWriter"/> writes.</summary>
public enum HashListFormat
{
    /// <summary>Decide from the first non-blank line (see <see cref="HashListReader.Detect"/>).</summary>
    Auto,

    /// <summary>One PDQ hash (64 hex digits) per line, optionally followed by <c>,quality</c> or a tab and quality; ids are 1-based line numbers.</summary>
    PlainPdq,

    /// <summary>One MD5 (32 hex digits) per line; ids are 1-based line numbers.</summary>
    PlainMd5,

    /// <summary>Comma-separated with a header line naming the columns (see <see cref="HashListReader"/> for the names understood).</summary>
    Csv,

    /// <summary>Tab-separated with a header line; includes the output of <c>hashmatch hash</c>.</summary>
    Tsv,

    /// <summary>One JSON object per line, as <c>hashmatch hash --format jsonl</c> writes (fields md5, pdq, quality, id or path).</summary>
    JsonLines,

    /// <summary>
    /// python-threatexchange's signal lines: <c>&lt;signal_type&gt; &lt;hash&gt;</c> separated by one space, e.g.
    /// <c>pdq 3f...</c> or <c>video_md5 9a...</c> (its local file exchange and <c>threatexchange hash</c> output).
    /// Ids are 1-based line numbers.
    /// </summary>
    SignalLines,

    /// <summary>
    /// HMA v1's headerless CSV (<c>*.hash_pdq.te</c>, <c>*.hash_video_md5.te</c> and its sample data):
    /// <c>hash,id,timestamp,tags</c> or <c>hash,indicator_id,descriptor_id,timestamp,tags</c>; the id column is the entry id.
    /// </summary>
    HmaCsv,
}
