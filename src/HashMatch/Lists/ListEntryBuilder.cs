using System.Globalization;
using HashMatch.Local;

namespace HashMatch.Lists;

/// <summary>
/// Collects the fields of one record as a layout reader parses them, checks each (hash lengths and digits, quality
/// 0–100, PhotoDNA size, one value per field) and builds the <see cref="ListEntry"/>. The first problem is kept as
/// <see cref="Error"/>, naming the field; a record without any matchable hash is an error too. Reused record after
/// record (<see cref="Reset"/>).
/// </summary>
internal sealed class ListEntryBuilder
{
    /// <summary>PhotoDNA hashes are 144 bytes (base64: 192 characters; hex: 288 digits).</summary>
    private const int PhotoDnaBytes = 144;

    /// <summary>The tag python-threatexchange and HMA give video signals (<c>TYPE_TAG</c> of its video signal types).</summary>
    public const string VideoTag = "media_type_video";

    private readonly List<string> _tags = [];
    private readonly PdqHash[] _dihedral = new PdqHash[PdqDihedralHashes.VariantCount];
    private string? _id, _photoDna, _category, _source, _note;
    private PdqHash? _pdq;
    private int? _quality;
    private ExactHash? _md5, _sha1, _sha256;
    private bool _augmented;
    private int _dihedralSet;
    private LocalSignal? _local;

    /// <summary>The first problem found in the record, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether the record has a PDQ hash yet.</summary>
    public bool HasPdq => _pdq is not null;

    /// <summary>The record's id so far.</summary>
    public string? CurrentId => _id;

    /// <summary>Starts a new record.</summary>
    public void Reset()
    {
        _tags.Clear();
        _id = _photoDna = _category = _source = _note = null;
        _pdq = null;
        _quality = null;
        _md5 = _sha1 = _sha256 = null;
        _augmented = false;
        _dihedralSet = 0;
        _local = null;
        Error = null;
    }

    /// <summary>Records a problem (the first one is kept).</summary>
    public void Fail(string message) => Error ??= message;

    /// <summary>Whether the record has the exact hash of <paramref name="algorithm"/> yet.</summary>
    public bool Has(ExactHashAlgorithm algorithm) => Slot(algorithm) is not null;

    /// <summary>The entry's id; empty text is no id.</summary>
    public void Id(string? text, string field) => Text(ref _id, text, field);

    /// <summary>The PDQ hash (64 hex digits); empty text is none.</summary>
    public void Pdq(ReadOnlySpan<char> text, string field)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return;
        }

        if (!PdqHash.TryParseCore(text, out PdqHash hash, out string? error))
        {
            Fail($"{field}: {error}");
        }
        else if (_pdq is { } existing && existing != hash)
        {
            Fail($"{field}: a second, different PDQ hash for the same entry");
        }
        else
        {
            _pdq = hash;
        }
    }

    /// <summary>An exact hash (hex, either case); empty text is none.</summary>
    public void Exact(ExactHashAlgorithm algorithm, ReadOnlySpan<char> text, string field)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return;
        }

        if (!ExactHash.TryParseCore(algorithm, text, out ExactHash hash, out string? error))
        {
            Fail($"{field}: {error}");
            return;
        }

        ref ExactHash? slot = ref Slot(algorithm);
        if (slot is { } existing && existing != hash)
        {
            Fail($"{field}: a second, different {ExactHash.NameOf(algorithm).ToUpperInvariant()} for the same entry");
        }
        else
        {
            slot = hash;
        }
    }

    /// <summary>A hash of the kind <paramref name="column"/> holds (PDQ, MD5, SHA-1, SHA-256 or PhotoDNA).</summary>
    public void Hash(ListColumn column, string? text, string field)
    {
        switch (column)
        {
            case ListColumn.Pdq:
                Pdq(text, field);
                break;
            case ListColumn.Md5:
                Exact(ExactHashAlgorithm.Md5, text, field);
                break;
            case ListColumn.Sha1:
                Exact(ExactHashAlgorithm.Sha1, text, field);
                break;
            case ListColumn.Sha256:
                Exact(ExactHashAlgorithm.Sha256, text, field);
                break;
            case ListColumn.PhotoDna:
                PhotoDna(text, field);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(column), column, "Not a hash column.");
        }
    }

    /// <summary>The PDQ quality, an integer 0–100 written in decimal; empty text is none.</summary>
    public void Quality(ReadOnlySpan<char> text, string field)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return;
        }

        if (PdqQualityScale.Problem(text, out int value) is { } problem)
        {
            Fail($"{field}: quality {problem}");
        }
        else
        {
            _quality = value;
        }
    }

    /// <summary>The PDQ quality.</summary>
    public void Quality(long value, string field)
    {
        if (PdqQualityScale.Problem(value) is { } problem)
        {
            Fail($"{field}: quality {problem}");
        }
        else
        {
            _quality = (int)value;
        }
    }

    /// <summary>One of the seven rotated or flipped PDQ hashes (<c>hashmatch hash --dihedral</c>).</summary>
    public void Dihedral(PdqVariant variant, ReadOnlySpan<char> text, string field)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return;
        }

        if (!PdqHash.TryParseCore(text, out PdqHash hash, out string? error))
        {
            Fail($"{field}: {error}");
            return;
        }

        _dihedral[(int)variant] = hash;
        _dihedralSet |= 1 << (int)variant;
    }

    /// <summary>
    /// A PhotoDNA hash, kept as given after checking its size: 144 bytes as base64 or hex (it is carried and written
    /// back, never matched — the algorithm is not public).
    /// </summary>
    public void PhotoDna(string? text, string field)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        bool hex = ListPreview.IsHex(text, 2 * PhotoDnaBytes);
        Span<byte> decoded = stackalloc byte[PhotoDnaBytes + 3];
        bool base64 = !hex && Convert.TryFromBase64String(text, decoded, out int written) && written == PhotoDnaBytes;
        if (!hex && !base64)
        {
            Fail($"{field}: a PhotoDNA hash is {PhotoDnaBytes} bytes, as base64 ({PhotoDnaBytes / 3 * 4} characters) or hex ({2 * PhotoDnaBytes} digits); got {text.Length} characters");
            return;
        }

        Text(ref _photoDna, text, field);
    }

    /// <summary>
    /// A local-feature signal (<c>hashmatch hash --signal local</c>): its stored form in base64, parsed and checked here
    /// (version, size, checksum) so a damaged one is a record error naming the field and the reason.
    /// </summary>
    public void Local(string? text, string field)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        try
        {
            LocalSignal signal = LocalSignal.FromBase64(text, field);
            if (_local is not null)
            {
                Fail($"{field}: given twice");
                return;
            }

            _local = signal;
        }
        catch (HashMatchException e)
        {
            Fail($"{field}: {e.Detail}");
        }
    }

    /// <summary>The category; empty text is none.</summary>
    public void Category(string? text, string field) => Text(ref _category, text, field);

    /// <summary>Where the entry came from; empty text is none.</summary>
    public void Source(string? text, string field) => Text(ref _source, text, field);

    /// <summary>Whether a source was given.</summary>
    public bool HasSource => _source is not null;

    /// <summary>A note; empty text is none.</summary>
    public void Note(string? text, string field) => Text(ref _note, text, field);

    /// <summary>Adds one tag (empty text and repeats are ignored).</summary>
    public void Tag(string? text)
    {
        text = text?.Trim();
        if (!string.IsNullOrEmpty(text) && !_tags.Contains(text))
        {
            _tags.Add(text);
        }
    }

    /// <summary>Adds the tags of <paramref name="text"/>, separated by <paramref name="separator"/> (or by white space when null).</summary>
    public void Tags(string? text, char? separator)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (string tag in separator is { } s ? text.Split(s) : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            Tag(tag);
        }
    }

    /// <summary>
    /// The augmented flag from text: empty, <c>false</c>, <c>no</c> or <c>0</c> is an original; anything else — <c>true</c>,
    /// or the name of the crop <c>hashmatch hash --augment</c> writes (<c>center95</c>) — an augmented hash.
    /// </summary>
    public void Augmented(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        _augmented |= !(text.IsEmpty || text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The augmented flag.</summary>
    public void Augmented(bool value) => _augmented |= value;

    /// <summary>
    /// The entry, or null with <see cref="Error"/> set when a field was malformed or the record has no hash that can be
    /// matched (PDQ, MD5, SHA-1 or SHA-256).
    /// </summary>
    /// <param name="fallbackId">The id when the record has none (its line or record number).</param>
    public ListEntry? Build(string fallbackId)
    {
        const int AllRotations = ((1 << PdqDihedralHashes.VariantCount) - 1) & ~1;
        if (Error is null && _dihedralSet != 0 && (_dihedralSet != AllRotations || _pdq is null))
        {
            Fail("rotated and flipped hashes need all seven pdq_rot90 ... pdq_flipminus1 columns and the pdq column");
        }

        if (Error is not null)
        {
            return null;
        }

        PdqDihedralHashes? dihedral = null;
        if (_dihedralSet != 0)
        {
            _dihedral[0] = _pdq!.Value;
            dihedral = new PdqDihedralHashes(_dihedral, _quality ?? 100);
        }

        var entry = new ListEntry
        {
            Id = _id ?? fallbackId,
            Pdq = _pdq,
            Quality = _quality,
            Dihedral = dihedral,
            Md5 = _md5,
            Sha1 = _sha1,
            Sha256 = _sha256,
            PhotoDna = _photoDna,
            Augmented = _augmented,
            Local = _local,
            Metadata = _category is null && _tags.Count == 0 && _source is null && _note is null
                ? EntryMetadata.None
                : new EntryMetadata { Category = _category, Tags = [.. _tags], Source = _source, Note = _note },
        };
        if (!entry.HasHash)
        {
            Fail(entry.PhotoDna is not null
                ? "only a PhotoDNA hash, which cannot be matched (the algorithm is not public); the entry needs a PDQ, MD5, SHA-1 or SHA-256"
                : "no hash (expected a PDQ, MD5, SHA-1 or SHA-256)");
            return null;
        }

        if (ListEntryLimits.Problem(entry) is { } tooLong)
        {
            Fail(tooLong);
            return null;
        }

        return entry;
    }

    /// <summary>Text quoted in an error, shortened so a broken line cannot flood the message.</summary>
    public static string Clip(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");

    private void Text(ref string? slot, string? text, string field)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (slot is not null && slot != text)
        {
            Fail($"{field}: given twice, with different values");
            return;
        }

        slot = text;
    }

    private ref ExactHash? Slot(ExactHashAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case ExactHashAlgorithm.Md5:
                return ref _md5;
            case ExactHashAlgorithm.Sha1:
                return ref _sha1;
            case ExactHashAlgorithm.Sha256:
                return ref _sha256;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an exact hash algorithm.");
        }
    }
}
