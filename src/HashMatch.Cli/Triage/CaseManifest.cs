using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HashMatch.Cli.Triage;

/// <summary>
/// The case's manifest, written last (a case is finished when it exists): the tool and command line, the case's
/// settings (lists with their SHA-256 and entry counts, thresholds), each session's start and end, the machine, the
/// counts per outcome, category, list and method, and the SHA-256 of every other file of the case; beside it
/// <c>manifest.json.sha256</c> in <c>sha256sum</c>'s form, so <c>sha256sum -c manifest.json.sha256</c> checks the
/// manifest and the manifest checks the rest.
/// </summary>
internal static class CaseManifest
{
    public const string ChecksumFile = CaseJournal.ManifestFile + ".sha256";

    /// <summary>The case's files the manifest gives checksums of, besides the outputs: the settings, the journal and the report.</summary>
    public static IEnumerable<string> CheckedFiles => [CaseJournal.SettingsFile, CaseJournal.JournalFile, .. CaseOutputs.Names, CaseReport.FileName];

    public static void Write(string folder, IReadOnlyList<string> commandLine, CaseSettings settings, CaseTotals totals)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", "hashmatch-triage-manifest/1");
            json.WriteStartObject("tool");
            json.WriteString("name", "hashmatch");
            json.WriteString("version", settings.ToolVersion);
            json.WriteEndObject();
            json.WriteStartArray("command_line");
            foreach (string argument in commandLine)
            {
                json.WriteStringValue(argument);
            }

            json.WriteEndArray();
            json.WriteStartObject("case");
            settings.WriteMembers(json);
            json.WriteEndObject();

            var sessions = CaseJournal.Sessions(Path.Combine(folder, CaseJournal.JournalFile)).ToList();
            json.WriteString("started", sessions.Count > 0 ? sessions[0].At : "");
            json.WriteString("finished", sessions.Count > 0 ? sessions[^1].At : "");
            json.WriteStartArray("sessions");
            foreach ((string what, string at, long files) in sessions)
            {
                json.WriteStartObject();
                json.WriteString("session", what);
                json.WriteString("at", at);
                json.WriteNumber("files", files);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("machine");
            json.WriteString("host_name", Environment.MachineName);
            json.WriteString("os", RuntimeInformation.OSDescription);
            json.WriteString("architecture", RuntimeInformation.OSArchitecture.ToString());
            json.WriteNumber("cores", Environment.ProcessorCount);
            json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
            json.WriteEndObject();

            json.WriteStartObject("counts");
            json.WriteNumber("files", totals.Files);
            json.WriteNumber("bytes", totals.Bytes);
            json.WriteNumber("candidates", totals.Candidates);
            Counts(json, "outcomes", totals.Outcomes.Select(o => (TriageOutcomes.Name(o.Key), o.Value)));
            Counts(json, "categories", totals.Categories.Select(c => (c.Key, c.Value)));
            Counts(json, "methods", totals.Methods.Select(m => (m.Key, m.Value)));
            json.WriteStartObject("lists");
            foreach ((string list, CaseTotals.ListTally tally) in totals.Lists)
            {
                json.WriteStartObject(list);
                json.WriteNumber("matched", tally.Matched);
                json.WriteNumber("excluded", tally.Excluded);
                json.WriteNumber("low_quality", tally.LowQuality);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("files");
            foreach (string name in CheckedFiles)
            {
                string path = Path.Combine(folder, name);
                using FileStream file = File.OpenRead(path);
                json.WriteStartObject();
                json.WriteString("file", name);
                json.WriteNumber("bytes", file.Length);
                json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(file)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        byte[] manifest = [.. buffer.ToArray(), (byte)'\n'];
        string checksum = string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(SHA256.HashData(manifest))}  {CaseJournal.ManifestFile}\n");

        // The checksum first: a crash between the two leaves a case without manifest.json, which is unfinished and resumes.
        IO.AtomicFile.WriteAllText(Path.Combine(folder, ChecksumFile), checksum);
        IO.AtomicFile.Write(Path.Combine(folder, CaseJournal.ManifestFile), stream => stream.Write(manifest));
    }

    private static void Counts(Utf8JsonWriter json, string name, IEnumerable<(string Key, long Count)> counts)
    {
        json.WriteStartObject(name);
        foreach ((string key, long count) in counts)
        {
            json.WriteNumber(key, count);
        }

        json.WriteEndObject();
    }
}
