namespace HashMatch.Lists;

/// <summary>
/// Hash list layouts <see cref="ListReader"/> reads and <see cref="ListWriter"/> writes (docs/lists.md
/// says what each carries).
/// </summary>
public enum ListFormat
{
    /// <summary>Decide from the start of the list (see <see cref="ListReader.Detect"/>).</summary>
    Auto,

    /// <summary>One PDQ hash (64 hex digits) per line, optionally followed by <c>,quality</c> or a tab and quality; ids are line numbers.</summary>
    PlainPdq,

    /// <summary>One MD5 (32 hex digits) per line, optionally followed by white space and a file name (md5sum); ids are line numbers.</summary>
    PlainMd5,

    /// <summary>Comma-separated with a header line naming the columns (id, pdq, quality, md5, sha1, sha256, photodna, category, tags, source, note, augmented, and more names).</summary>
    Csv,

    /// <summary>Tab-separated with a header line; includes the output of <c>hashmatch hash</c>.</summary>
    Tsv,

    /// <summary>One JSON object per line, as <c>hashmatch hash --format jsonl</c> and the writer write them.</summary>
    JsonLines,

    /// <summary>
    /// python-threatexchange's signal lines: <c>&lt;signal_type&gt; &lt;hash&gt;</c> separated by one space
    /// (<c>pdq</c>, <c>photo_md5</c>, <c>video_md5</c>, <c>video_sha256</c>); ids are line numbers.
    /// </summary>
    SignalLines,

    /// <summary>
    /// HMA v1's headerless CSV (<c>*.hash_pdq.te</c>, <c>*.hash_video_md5.te</c> and its sample data):
    /// <c>hash,id,timestamp,tags</c> or <c>hash,indicator_id,descriptor_id,timestamp,tags</c>.
    /// </summary>
    HmaCsv,

    /// <summary>One SHA-1 (40 hex digits) per line, optionally followed by white space and a file name (sha1sum); ids are line numbers.</summary>
    PlainSha1,

    /// <summary>One SHA-256 (64 hex digits) per line, optionally followed by white space and a file name (sha256sum); detected only with a file name, since 64 bare digits are PDQ.</summary>
    PlainSha256,

    /// <summary>Project VIC VICS 2.0 JSON: <c>"@odata.context"</c> and <c>"value": [...]</c> of Media records.</summary>
    Vics,

    /// <summary>Project VIC VICS 1.x JSON (1.3): <c>"odata.metadata"</c> and <c>"value": [...]</c> of Media records or of Cases holding them.</summary>
    Vics1,

    /// <summary>The UK Child Abuse Image Database's VICS-based JSON export (<c>"odata.metadata"</c> of data model 1.2).</summary>
    Caid,

    /// <summary>Interpol ICSE's semicolon-separated export (<c>MD5;SHA1;PhotoDNA;Image ID;...</c>).</summary>
    Icse,

    /// <summary>NIST NSRL RDS hash file (<c>NSRLFile.txt</c>: <c>"SHA-1","MD5","CRC32","FileName",...</c>), known software, for exclusion lists; read only.</summary>
    Nsrl,
}
