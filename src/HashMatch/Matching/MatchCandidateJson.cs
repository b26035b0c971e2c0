using System.Text.Json;
using HashMatch.Lists;
using HashMatch.Local;

namespace HashMatch.Matching;

/// <summary>
/// The JSON form of a <see cref="MatchCandidate"/>, written one way for every tool that prints candidates as JSON
/// (<c>hashmatch match --format jsonl</c>): <c>method</c> (<see cref="MatchMethodNames"/>), <c>list</c>,
/// <c>entry_id</c>, <c>distance</c>, <c>query_variant</c> (<see cref="Pdq.QueryVariant.Name"/>), <c>query_region</c>
/// (only for a region variant: <c>x</c>, <c>y</c>, <c>width</c>, <c>height</c> in the query's pixels), <c>inliers</c>
/// and <c>transform</c> (only for a local-feature candidate: <c>scale</c>, <c>rotation_degrees</c>, <c>mirrored</c> and
/// <c>crop</c> — <c>left</c>, <c>top</c>, <c>right</c>, <c>bottom</c> of the known picture's pixels the query shows),
/// <c>query_quality</c> and <c>entry_quality</c> (null when unknown), <c>verdict</c>, <c>augmented</c> (only when true)
/// and <c>metadata</c> (only when the entry has any: <c>category</c>, <c>tags</c>, <c>source</c>, <c>note</c>, each
/// only when present — the members a JSON Lines list carries).
/// </summary>
public static class MatchCandidateJson
{
    /// <summary>Writes the candidate's members into the object <paramref name="json"/> is in (the caller adds its own, such as the query's name).</summary>
    public static void WriteMembers(Utf8JsonWriter json, MatchCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(candidate);
        json.WriteString("method", MatchMethodNames.Name(candidate.Method));
        json.WriteString("list", candidate.List);
        json.WriteString("entry_id", candidate.EntryId);
        json.WriteNumber("distance", candidate.Distance);
        json.WriteString("query_variant", candidate.Variant.Name);
        if (candidate.Variant.Region is { } region)
        {
            json.WriteStartObject("query_region");
            json.WriteNumber("x", region.X);
            json.WriteNumber("y", region.Y);
            json.WriteNumber("width", region.Width);
            json.WriteNumber("height", region.Height);
            json.WriteEndObject();
        }

        if (candidate.Transform is { } transform)
        {
            json.WriteNumber("inliers", candidate.Inliers ?? 0);
            WriteTransform(json, transform);
        }

        WriteOptional(json, "query_quality", candidate.QueryQuality);
        WriteOptional(json, "entry_quality", candidate.EntryQuality);
        json.WriteString("verdict", candidate.Verdict.ToString());
        if (candidate.Augmented)
        {
            json.WriteBoolean("augmented", true);
        }

        if (!candidate.Metadata.IsEmpty)
        {
            json.WriteStartObject("metadata");
            EntryMetadataJson.WriteMembers(json, candidate.Metadata);
            json.WriteEndObject();
        }
    }

    /// <summary>The transform as <see cref="LocalIndex"/> gave it (already rounded to what the signal resolves).</summary>
    private static void WriteTransform(Utf8JsonWriter json, LocalTransform t)
    {
        json.WriteStartObject("transform");
        json.WriteNumber("scale", t.Scale);
        json.WriteNumber("rotation_degrees", t.RotationDegrees);
        json.WriteBoolean("mirrored", t.Mirrored);
        json.WriteStartObject("crop");
        json.WriteNumber("left", t.CropLeft);
        json.WriteNumber("top", t.CropTop);
        json.WriteNumber("right", t.CropRight);
        json.WriteNumber("bottom", t.CropBottom);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
