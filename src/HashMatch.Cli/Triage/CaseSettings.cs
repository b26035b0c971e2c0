using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HashMatch.IO;
using HashMatch.Matching;

namespace HashMatch.Cli.Triage;

/// <summary>A list or index a case matches against, as case.json and the manifest record it.</summary>
/// <param name="Name">The list's name in the case's files (the file name, made unique).</param>
/// <param name="Role">known or exclusion.</param>
/// <param name="Kind">list (a hash list file, indexed in memory) or index (a hashmatch index file).</param>
/// <param name="Path">The full path.</param>
/// <param name="Format">The list's layout as read (for an index: hashmatch-index).</param>
/// <param name="Sha256">SHA-256 of the file's bytes.</param>
/// <param name="Bytes">The file's length.</param>
/// <param name="Entries">Entries matched against.</param>
internal sealed record CaseList(string Name, string Role, string Kind, string Path, string Format, string Sha256, long Bytes, long Entries)
{
    /// <summary>Describes the file at <paramref name="path"/>, reading it once for its checksum.</summary>
    public static CaseList Describe(string path, string name, ListRole role, string kind, string format, long entries)
    {
        string full = System.IO.Path.GetFullPath(path);
        using FileStream file = InputFile.OpenRead(full);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        return new CaseList(name, role == ListRole.Exclusion ? "exclusion" : "known", kind, full, format, sha256, file.Length, entries);
    }
}

/// <summary>
/// What makes a case: its sources, lists (with checksums), thresholds and the tool's version — the content of
/// case.json, which a resumed triage must match exactly.
/// </summary>
internal sealed record CaseSettings(
    string ToolVersion,
    IReadOnlyList<string> Sources,
    string? FilesFrom,
    bool FollowSymlinks,
    IReadOnlyList<CaseList> Lists,
    int MaxDistance,
    int MinQuality,
    string Variants,
    long MaxImageBytes)
{
    public const string Format = "hashmatch-triage-case/1";

    /// <summary>case.json's text (indented, members in a fixed order, so equal settings give equal text).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteMembers(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public void WriteMembers(Utf8JsonWriter json)
    {
        json.WriteString("format", Format);
        json.WriteString("tool_version", ToolVersion);
        json.WriteStartArray("sources");
        foreach (string source in Sources)
        {
            json.WriteStringValue(source);
        }

        json.WriteEndArray();
        if (FilesFrom is null)
        {
            json.WriteNull("files_from");
        }
        else
        {
            json.WriteString("files_from", FilesFrom);
        }

        json.WriteBoolean("follow_symlinks", FollowSymlinks);
        json.WriteStartArray("lists");
        foreach (CaseList list in Lists)
        {
            json.WriteStartObject();
            json.WriteString("name", list.Name);
            json.WriteString("role", list.Role);
            json.WriteString("kind", list.Kind);
            json.WriteString("path", list.Path);
            json.WriteString("format", list.Format);
            json.WriteString("sha256", list.Sha256);
            json.WriteNumber("bytes", list.Bytes);
            json.WriteNumber("entries", list.Entries);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("max_distance", MaxDistance);
        json.WriteNumber("min_quality", MinQuality);
        json.WriteString("variants", Variants);
        json.WriteNumber("max_image_bytes", MaxImageBytes);
    }
}
