using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Indexing;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Api;

/// <summary>Between the API's JSON and the library's types; parse failures name the field (<c>entries[3].pdq</c>).</summary>
internal static class ContractMapping
{
    public static BankResponse Bank(BankRecord record, BankIndex? served, long? sequence = null) => new()
    {
        Name = record.Name,
        MaxDistance = record.Settings.MaxDistance,
        MinQueryQuality = record.Settings.MinQueryQuality,
        MinEntryQuality = record.Settings.MinEntryQuality,
        Variants = WireNames.Variants(record.Settings.Variants),
        Role = WireNames.Role(record.Settings.Role),
        Enabled = record.Settings.Enabled,
        Entries = served?.Entries,
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
        Sequence = sequence,
    };

    public static CandidateJson Candidate(MatchCandidate candidate) => new()
    {
        Bank = candidate.List,
        EntryId = candidate.EntryId,
        Method = WireNames.Method(candidate.Method),
        Distance = candidate.Distance,
        QueryVariant = WireNames.Variant(candidate.QueryVariant),
        QueryQuality = candidate.QueryQuality,
        EntryQuality = candidate.EntryQuality,
        Verdict = WireNames.Verdict(candidate.Verdict),
        Augmented = candidate.Augmented,
        Metadata = candidate.Metadata.IsEmpty ? null : new MetadataJson
        {
            Category = candidate.Metadata.Category,
            Tags = candidate.Metadata.Tags.Count > 0 ? candidate.Metadata.Tags : null,
            Source = candidate.Metadata.Source,
            Note = candidate.Metadata.Note,
        },
    };

    public static IReadOnlyList<CandidateJson> Candidates(MatchReport report) => [.. report.Candidates.Select(Candidate)];

    /// <summary>A list entry from JSON, or why not (naming <paramref name="field"/>).</summary>
    public static (ListEntry? Entry, string? Problem) Entry(EntryJson? json, string field)
    {
        if (json is null)
        {
            return (null, $"{field}: null");
        }

        if (string.IsNullOrEmpty(json.Id))
        {
            return (null, $"{field}.id: required");
        }

        var (pdq, pdqProblem) = Pdq(json.Pdq, $"{field}.pdq");
        var (md5, md5Problem) = Exact(json.Md5, ExactHashAlgorithm.Md5, $"{field}.md5");
        var (sha1, sha1Problem) = Exact(json.Sha1, ExactHashAlgorithm.Sha1, $"{field}.sha1");
        var (sha256, sha256Problem) = Exact(json.Sha256, ExactHashAlgorithm.Sha256, $"{field}.sha256");
        string? problem = pdqProblem ?? md5Problem ?? sha1Problem ?? sha256Problem
            ?? (json.Quality is < 0 or > 100 ? $"{field}.quality: 0..100" : null)
            ?? (pdq is null && md5 is null && sha1 is null && sha256 is null ? $"{field}: no hash (give pdq, md5, sha1 or sha256)" : null);
        if (problem is not null)
        {
            return (null, problem);
        }

        bool hasMetadata = json.Category is not null || json.Tags is { Count: > 0 } || json.Source is not null || json.Note is not null;
        return (new ListEntry
        {
            Id = json.Id,
            Pdq = pdq,
            Quality = json.Quality,
            Md5 = md5,
            Sha1 = sha1,
            Sha256 = sha256,
            PhotoDna = json.Photodna,
            Metadata = hasMetadata ? new EntryMetadata { Category = json.Category, Tags = json.Tags ?? [], Source = json.Source, Note = json.Note } : EntryMetadata.None,
            Augmented = json.Augmented ?? false,
        }, null);
    }

    /// <summary>A PDQ hash from 64 hex digits (null when absent), or why not.</summary>
    public static (PdqHash? Hash, string? Problem) Pdq(string? hex, string field) =>
        hex is null ? (null, null) : PdqHash.TryParse(hex, out PdqHash hash) ? (hash, null) : (null, $"{field}: not a PDQ hash (64 hex digits)");

    /// <summary>An exact hash from hex (null when absent), or why not.</summary>
    public static (ExactHash? Hash, string? Problem) Exact(string? hex, ExactHashAlgorithm algorithm, string field) =>
        hex is null ? (null, null)
        : ExactHash.TryParse(algorithm, hex, out ExactHash hash) ? (hash, null)
        : (null, $"{field}: not an {ExactHash.NameOf(algorithm)} ({ExactHash.ByteLengthOf(algorithm) * 2} hex digits)");
}
