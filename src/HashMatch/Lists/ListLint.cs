using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace HashMatch.Lists;

/// <summary>
/// The linter's checks over a stream of entries (<see cref="ListLinter"/>): per-entry warnings as entries
/// arrive, duplicates and notes at <see cref="Finish"/>. Duplicates are found on 128-bit keys: an MD5 itself, the
/// first 128 bits of a SHA-1 or SHA-256 (uniform, so a false repeat among 10⁷ hashes has odds of about 10⁻²⁵), and
/// XxHash128 of a PDQ hash (whose own bits are not uniform: near-duplicate images share most of them).
/// </summary>
internal sealed class ListLint(string input, Action<ListIssue> report)
{
    private readonly (string Name, DuplicateKeys Keys)[] _duplicates =
        [("PDQ hash", new()), ("MD5", new()), ("SHA-1", new()), ("SHA-256", new())];

    private int _entries, _photoDna;

    public void Add(ListEntry entry, int line)
    {
        _entries++;
        if (entry.PhotoDna is not null)
        {
            _photoDna++;
        }

        Span<byte> bytes = stackalloc byte[PdqHash.ByteLength];
        if (entry.Pdq is { } pdq)
        {
            pdq.WriteBytes(bytes);
            _duplicates[0].Keys.Add(XxHash128.HashToUInt128(bytes), line);
            if (ListLinter.Degenerate(pdq) is { } problem)
            {
                Warn(line, problem.Code, problem.Message);
            }

            if (entry.Quality < ListLinter.MinQuality)
            {
                Warn(line, "low-quality", $"the list records quality {entry.Quality} (below {ListLinter.MinQuality}): PDQ hashes of such images match unrelated ones");
            }
        }

        int slot = 1;
        foreach (ExactHashAlgorithm algorithm in (ReadOnlySpan<ExactHashAlgorithm>)[ExactHashAlgorithm.Md5, ExactHashAlgorithm.Sha1, ExactHashAlgorithm.Sha256])
        {
            if (entry.Exact(algorithm) is { } hash)
            {
                hash.WriteBytes(bytes);
                _duplicates[slot].Keys.Add(BinaryPrimitives.ReadUInt128BigEndian(bytes), line);
            }

            slot++;
        }
    }

    /// <summary>Reports duplicates (by line), then notes about the whole list.</summary>
    /// <param name="errors">Malformed records found while reading (an empty list is only worth a warning without them).</param>
    public void Finish(int errors)
    {
        var repeats = new List<(int Line, int First, string Name)>();
        foreach ((string name, DuplicateKeys keys) in _duplicates)
        {
            repeats.AddRange(keys.Repeats().Select(r => (r.Line, r.First, name)));
        }

        foreach ((int line, int first, string name) in repeats.OrderBy(r => r.Line))
        {
            Warn(line, "duplicate", string.Create(CultureInfo.InvariantCulture, $"{name} repeats line {first}"));
        }

        if (_entries == 0 && errors == 0)
        {
            Warn(0, "empty", "the list has no entries");
        }

        if (_photoDna > 0)
        {
            report(new ListIssue
            {
                Input = input,
                Line = 0,
                Severity = ListIssueSeverity.Info,
                Code = "photodna",
                Message = string.Create(CultureInfo.InvariantCulture,
                    $"{_photoDna:N0} of {_entries:N0} entries carry a PhotoDNA hash: kept and written back by 'lists convert', but not matched (PhotoDNA is not public)"),
            });
        }
    }

    private void Warn(int line, string code, string message) =>
        report(new ListIssue { Input = input, Line = line, Severity = ListIssueSeverity.Warning, Code = code, Message = message });
}
