using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// Turns the hashes an exchange sends into <see cref="ListEntry"/> values. A value of a known kind that does not
/// parse is a malformed page (the whole page is refused: a list is never half-applied); a kind HashMatch does not
/// match (PhotoDNA aside, which entries carry) is skipped.
/// </summary>
internal sealed class ExchangeSignals(string exchange, string page)
{
    private PdqHash? _pdq;
    private ExactHash? _md5, _sha1, _sha256;
    private string? _photoDna;

    /// <summary>Adds a PDQ hash (64 hex digits).</summary>
    public void Pdq(string value, string field)
    {
        _pdq = PdqHash.TryParseCore(value.Trim(), out PdqHash hash, out string? error) ? hash : throw Malformed(field, error);
    }

    /// <summary>Adds an exact hash of <paramref name="algorithm"/>.</summary>
    public void Exact(ExactHashAlgorithm algorithm, string value, string field)
    {
        ExactHash hash = ExactHash.TryParseCore(algorithm, value.Trim(), out ExactHash parsed, out string? error) ? parsed : throw Malformed(field, error);
        switch (algorithm)
        {
            case ExactHashAlgorithm.Md5: _md5 = hash; break;
            case ExactHashAlgorithm.Sha1: _sha1 = hash; break;
            default: _sha256 = hash; break;
        }
    }

    /// <summary>Keeps a PhotoDNA value (carried, never matched).</summary>
    public void PhotoDna(string value) => _photoDna = value.Trim();

    /// <summary>The change for <paramref name="id"/>: its entry with these hashes, or a withdrawal when none was added (nothing HashMatch can use).</summary>
    public ExchangeChange Change(string id, EntryMetadata metadata) =>
        _pdq is null && _md5 is null && _sha1 is null && _sha256 is null
            ? ExchangeChange.Removal(id)
            : new ExchangeChange(id, [new ListEntry { Id = id, Pdq = _pdq, Md5 = _md5, Sha1 = _sha1, Sha256 = _sha256, PhotoDna = _photoDna, Metadata = metadata }]);

    /// <summary>A malformed-page error naming the page and field.</summary>
    private HashMatchException Malformed(string field, string problem) =>
        new(exchange, HashMatchErrorReason.Malformed, $"{page}: {field}: {problem}");
}
