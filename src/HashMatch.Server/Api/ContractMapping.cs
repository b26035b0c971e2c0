using HashMatch.Lists;
using HashMatch.Local;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Indexing;
using HashMatch.Server.Storage;
using HashMatch.Video;

namespace HashMatch.Server.Api;

/// <summary>Between the API's JSON and the library's types; parse failures name the field (<c>entries[3].pdq</c>).</summary>
internal static class ContractMapping
{
    public static BankResponse Bank(BankRecord record, BankIndex? served, long? sequence = null) => new()
    {
        Name = record.Name,
        MaxDistance = record.Settings.Options.MaxDistance,
        MinQueryQuality = record.Settings.Options.MinQueryQuality,
        MinEntryQuality = record.Settings.Options.MinEntryQuality,
        Variants = QueryVariantNames.Format(record.Settings.Options.Variants),
        Role = WireNames.Role(record.Settings.Options.Role),
        Enabled = record.Settings.Enabled,
        VpdqMatchPercent = record.Settings.VpdqMatchPercent,
        TmkMatchPercent = record.Settings.TmkMatchPercent,
#pragma warning disable HASHMATCH0002 // the bank's threshold for the experimental local-feature signal
        LocalMinInliers = record.Settings.Options.LocalMinInliers,
#pragma warning restore HASHMATCH0002
        Entries = served?.Entries,
        Videos = served?.Videos.Count,
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
        Sequence = sequence,
    };

    public static CandidateJson Candidate(MatchCandidate candidate) => new()
    {
        List = candidate.List,
        EntryId = candidate.EntryId,
        Method = MatchMethodNames.Name(candidate.Method),
        Distance = candidate.Distance,
        QueryVariant = candidate.Variant.Name,
        QueryRegion = Region(candidate.Variant.Region),
#pragma warning disable HASHMATCH0002 // the experimental local-feature members, passed through
        Inliers = candidate.Inliers,
        Transform = candidate.Transform is { } t ? new LocalTransformJson
        {
            Scale = t.Scale,
            RotationDegrees = t.RotationDegrees,
            Mirrored = t.Mirrored,
            Crop = new CropJson { Left = t.CropLeft, Top = t.CropTop, Right = t.CropRight, Bottom = t.CropBottom },
        } : null,
#pragma warning restore HASHMATCH0002
        QueryQuality = candidate.QueryQuality,
        EntryQuality = candidate.EntryQuality,
        Verdict = candidate.Verdict.ToString(),
        Augmented = candidate.Augmented,
        Metadata = candidate.Metadata is { Category: null, Tags.Count: 0, Note: null } ? null : new MetadataJson
        {
            Category = candidate.Metadata.Category,
            Tags = candidate.Metadata.Tags.Count > 0 ? candidate.Metadata.Tags : null,
            Note = candidate.Metadata.Note,
        },
    };

    /// <summary>A video candidate on the wire: the candidate members images have, and its percentages or scores.</summary>
    public static CandidateJson Candidate(VideoCandidate candidate) => new()
    {
        List = candidate.Bank,
        EntryId = candidate.EntryId,
        Method = candidate.Technology,
        Distance = candidate.Distance,
        QueryVariant = QueryVariant.Original.Name,
        Verdict = candidate.Verdict.ToString(),
        Metadata = candidate.Metadata is { Category: null, Tags.Count: 0, Note: null } ? null : new MetadataJson
        {
            Category = candidate.Metadata.Category,
            Tags = candidate.Metadata.Tags.Count > 0 ? candidate.Metadata.Tags : null,
            Note = candidate.Metadata.Note,
        },
        Video = new VideoMatchJson
        {
            QueryMatchPercent = candidate.Vpdq?.QueryMatchPercent,
            ComparedMatchPercent = candidate.Vpdq?.ComparedMatchPercent,
            QueryFrames = candidate.Vpdq?.QueryFramesCompared,
            ComparedFrames = candidate.Vpdq?.ComparedFramesCompared,
            Segments = candidate.Segments is { } segments
                ? [.. segments.Select(s => new VideoSegmentJson { QueryStart = s.QueryStart, QueryEnd = s.QueryEnd, ComparedStart = s.ComparedStart, ComparedEnd = s.ComparedEnd, Frames = s.FrameCount })]
                : null,
            Level1 = candidate.Tmk?.Level1,
            Level2 = candidate.Tmk?.Level2,
        },
    };

    /// <summary>
    /// The report's candidates in its order, at most <paramref name="maxPerBank"/> from each bank (the first ones:
    /// exact candidates, then PDQ by distance), and how many were left out. Verdicts were decided on every candidate
    /// before this cut, so <c>matched</c> and <c>excluded</c> never depend on it; it only bounds the answer's size.
    /// </summary>
    public static (IReadOnlyList<CandidateJson> Candidates, int Omitted) Candidates(MatchReport report, int maxPerBank)
    {
        IReadOnlyList<MatchCandidate> all = report.Candidates;
        if (all.Count <= maxPerBank)
        {
            return ([.. all.Select(Candidate)], 0);
        }

        var perBank = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<CandidateJson>(Math.Min(all.Count, 4 * maxPerBank));
        foreach (MatchCandidate candidate in all)
        {
            int count = perBank.GetValueOrDefault(candidate.List);
            perBank[candidate.List] = count + 1;
            if (count < maxPerBank)
            {
                kept.Add(Candidate(candidate));
            }
        }

        return (kept, all.Count - kept.Count);
    }

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

        var (pdq, md5, sha1, sha256, problem) = Hashes(json.Pdq, json.Quality, json.Md5, json.Sha1, json.Sha256);
        if (problem is not null)
        {
            return (null, field + problem);
        }

#pragma warning disable HASHMATCH0002 // the experimental local-feature signal, taken as the CLI's lists carry it
        LocalSignal? local = null;
        if (json.Local is { Length: > 0 } text)
        {
            try
            {
                local = LocalSignal.FromBase64(text, $"{field}.local");
            }
            catch (HashMatchException e)
            {
                return (null, $"{field}.local: {e.Detail}");
            }
        }

        bool hasMetadata = json.Category is not null || json.Tags is { Count: > 0 } || json.Source is not null || json.Note is not null;
        var entry = new ListEntry
        {
            Local = local,
#pragma warning restore HASHMATCH0002
            Id = json.Id,
            Pdq = pdq,
            Quality = json.Quality,
            Md5 = md5,
            Sha1 = sha1,
            Sha256 = sha256,
            PhotoDna = json.Photodna,
            Metadata = hasMetadata ? new EntryMetadata { Category = json.Category, Tags = json.Tags ?? [], Source = json.Source, Note = json.Note } : EntryMetadata.None,
            Augmented = json.Augmented ?? false,
        };
        return !entry.HasHash ? (null, $"{field}: {NoHash}")
            : ListEntryLimits.Problem(entry) is { } tooLong ? (null, $"{field}.{tooLong}")
            : (entry, null);
    }

    /// <summary>
    /// A video entry from JSON, or why not (naming <paramref name="field"/> and the member: <c>videos[2].tmk: truncated:
    /// ...</c>). The vPDQ text is parsed by the library's reader and the <c>.tmk</c> bytes by its TMK reader, each
    /// within <see cref="VideoEntryLimits"/>.
    /// </summary>
    public static (VideoEntry? Video, VideoEntryProblem? Problem) Video(VideoEntryJson? json, string field)
    {
        if (json is null)
        {
            return (null, new(field, HashMatchErrorReason.Malformed, $"{field}: null"));
        }

        if (string.IsNullOrEmpty(json.Id))
        {
            return (null, new($"{field}.id", HashMatchErrorReason.Malformed, $"{field}.id: required"));
        }

        if (json.Vpdq is null && json.Tmk is null)
        {
            return (null, new(field, HashMatchErrorReason.Malformed, $"{field}: no video hash (give vpdq, tmk or both)"));
        }

        var metadata = new EntryMetadata { Category = json.Category, Tags = json.Tags ?? [], Source = json.Source, Note = json.Note };
        if (ListEntryLimits.Problem(new ListEntry { Id = json.Id, Metadata = metadata }) is { } tooLong)
        {
            return (null, new($"{field}.{tooLong[..tooLong.IndexOf(':', StringComparison.Ordinal)]}", HashMatchErrorReason.TooLarge, $"{field}.{tooLong}"));
        }

        IReadOnlyList<VpdqFrameHash>? frames = null;
        if (json.Vpdq is { } text)
        {
            if (text.Length > VideoEntryLimits.MaxVpdqChars)
            {
                return (null, new($"{field}.vpdq", HashMatchErrorReason.TooLarge, $"{field}.vpdq: {text.Length:N0} characters; at most {VideoEntryLimits.MaxVpdqChars:N0}"));
            }

            try
            {
                frames = VpdqFile.Read(new StringReader(text), $"{field}.vpdq");
            }
            catch (HashMatchException e)
            {
                return (null, new($"{field}.vpdq", e.Reason, e.Message));
            }

            if (frames.Count > VideoEntryLimits.MaxFrames)
            {
                return (null, new($"{field}.vpdq", HashMatchErrorReason.TooLarge, $"{field}.vpdq: {frames.Count:N0} frames; at most {VideoEntryLimits.MaxFrames:N0}"));
            }

            int minQuality = Indexing.SnapshotVideos.VpdqOptions.MinQuality;
            if (!frames.Any(f => f.Quality >= minQuality))
            {
                return (null, new($"{field}.vpdq", HashMatchErrorReason.OutOfRange, $"{field}.vpdq: no frame has quality {minQuality} or more, so it could never match"));
            }
        }

        byte[]? tmkBytes = null;
        TmkHash? tmk = null;
        if (json.Tmk is { } base64)
        {
            if (base64.Length > (VideoEntryLimits.MaxTmkBytes + 2) / 3 * 4)
            {
                return (null, new($"{field}.tmk", HashMatchErrorReason.TooLarge, $"{field}.tmk: over {VideoEntryLimits.MaxTmkBytes:N0} bytes"));
            }

            try
            {
                tmkBytes = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                return (null, new($"{field}.tmk", HashMatchErrorReason.Malformed, $"{field}.tmk: not base64"));
            }

            try
            {
                tmk = TmkFile.Read(new MemoryStream(tmkBytes, writable: false), $"{field}.tmk");
            }
            catch (HashMatchException e)
            {
                return (null, new($"{field}.tmk", e.Reason, e.Message));
            }

            if (tmk.FramesPerSecond != VideoEntryLimits.TmkFramesPerSecond)
            {
                return (null, new($"{field}.tmk", HashMatchErrorReason.UnsupportedFormat, $"{field}.tmk: made at {tmk.FramesPerSecond} frames per second; TMK+PDQF signatures are made at {VideoEntryLimits.TmkFramesPerSecond} (the reference's rate), so it could never be compared"));
            }
        }

        return (new VideoEntry(json.Id, frames, tmk, tmkBytes, metadata.Category is null && metadata.Tags.Count == 0 && metadata.Source is null && metadata.Note is null ? EntryMetadata.None : metadata), null);
    }

    /// <summary>The wire form of a stored entry, with every member the store keeps (source included: write scope).</summary>
    public static EntryJson EntryJson(ListEntry entry) => new()
    {
        Id = entry.Id,
        Pdq = entry.Pdq?.ToString(),
        Quality = entry.Quality,
        Md5 = entry.Md5?.ToString(),
        Sha1 = entry.Sha1?.ToString(),
        Sha256 = entry.Sha256?.ToString(),
        Photodna = entry.PhotoDna,
        Category = entry.Metadata.Category,
        Tags = entry.Metadata.Tags.Count > 0 ? entry.Metadata.Tags : null,
        Source = entry.Metadata.Source,
        Note = entry.Metadata.Note,
        Augmented = entry.Augmented ? true : null,
    };

    /// <summary>What an entry or a looked-up hash without any hash is told.</summary>
    public const string NoHash = "no hash (give pdq, md5, sha1 or sha256)";

    /// <summary>
    /// The hashes of an entry or a looked-up hash, each parsed once, or what is wrong as text that follows the field's
    /// name (<c>.pdq: not a PDQ hash …</c>), so nothing is formatted for the hashes that are fine.
    /// </summary>
    public static (PdqHash? Pdq, ExactHash? Md5, ExactHash? Sha1, ExactHash? Sha256, string? Problem) Hashes(string? pdq, int? quality, string? md5, string? sha1, string? sha256)
    {
        PdqHash parsedPdq = default;
        if (pdq is not null && !PdqHash.TryParse(pdq, out parsedPdq))
        {
            return (null, null, null, null, ".pdq: not a PDQ hash (64 hex digits)");
        }

        if (Exact(md5, ExactHashAlgorithm.Md5, out ExactHash? parsedMd5) is { } md5Problem)
        {
            return (null, null, null, null, md5Problem);
        }

        if (Exact(sha1, ExactHashAlgorithm.Sha1, out ExactHash? parsedSha1) is { } sha1Problem)
        {
            return (null, null, null, null, sha1Problem);
        }

        if (Exact(sha256, ExactHashAlgorithm.Sha256, out ExactHash? parsedSha256) is { } sha256Problem)
        {
            return (null, null, null, null, sha256Problem);
        }

        if (quality is { } q && PdqQualityScale.Problem(q) is { } qualityProblem)
        {
            return (null, null, null, null, $".quality: {qualityProblem}");
        }

        return (pdq is null ? null : parsedPdq, parsedMd5, parsedSha1, parsedSha256, null);
    }

    private static string? Exact(string? hex, ExactHashAlgorithm algorithm, out ExactHash? hash)
    {
        hash = null;
        if (hex is null)
        {
            return null;
        }

        if (!ExactHash.TryParse(algorithm, hex, out ExactHash parsed))
        {
            string name = ExactHash.NameOf(algorithm);
            return $".{name}: not an {name} ({ExactHash.ByteLengthOf(algorithm) * 2} hex digits)";
        }

        hash = parsed;
        return null;
    }

    /// <summary>The wire form of a query region; null for none.</summary>
    public static RegionJson? Region(QueryRegion? region) =>
        region is { } r ? new RegionJson { X = r.X, Y = r.Y, Width = r.Width, Height = r.Height } : null;
}
