using System.Globalization;
using System.Text;
using System.Text.Json;
using HashMatch.IO;
using HashMatch.Matching;

namespace HashMatch.Cli.Triage;

/// <summary>
/// The case folder's append-only record of a triage: <c>case.json</c> (what the case is: sources, lists with their
/// checksums, thresholds — written once), and <c>journal.jsonl</c>, one line per file examined, in walk order, each
/// flushed as it is written, between lines that mark each session's start, interruption and end. Every output of the
/// case is made from the journal, so a triage stopped at any point (Ctrl-C, SIGTERM, a crash, power loss) resumes
/// where it stopped and ends with outputs byte-identical to an uninterrupted run's: a line cut off by a crash is
/// dropped and its file examined again.
/// </summary>
internal sealed class CaseJournal : IDisposable
{
    public const string SettingsFile = "case.json";
    public const string JournalFile = "journal.jsonl";
    public const string ManifestFile = "manifest.json";

    private const string RecordStart = "{\"seq\":";

    private readonly FileStream _file;
    private readonly StreamWriter _writer;
    private readonly JsonLinesWriter _json;
    private readonly TimeProvider _clock;

    private CaseJournal(string folder, FileStream file, long done, bool resumed, TimeProvider clock)
    {
        Folder = folder;
        _file = file;
        _writer = new StreamWriter(file, new UTF8Encoding(false)) { AutoFlush = false };
        _json = new JsonLinesWriter(_writer);
        _clock = clock;
        Done = done;
        Resumed = resumed;
    }

    /// <summary>The case folder.</summary>
    public string Folder { get; }

    /// <summary>Files recorded so far (the last one's <c>seq</c>).</summary>
    public long Done { get; private set; }

    /// <summary>Whether the journal already held files when it was opened: the triage resumes.</summary>
    public bool Resumed { get; }

    public string JournalPath => Path.Combine(Folder, JournalFile);

    /// <summary>
    /// Starts a case in <paramref name="folder"/> (created if missing; it must be empty) or resumes the unfinished case
    /// there, whose <c>case.json</c> must equal <paramref name="settings"/>.
    /// </summary>
    /// <exception cref="HashMatchException">The folder holds something else, a finished case, or a case started with other settings.</exception>
    public static CaseJournal Open(string folder, string settings, TimeProvider clock)
    {
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        string settingsPath = Path.Combine(folder, SettingsFile);
        if (File.Exists(Path.Combine(folder, ManifestFile)))
        {
            throw new HashMatchException(folder, HashMatchErrorReason.WriteFailed, "the folder holds a finished case (manifest.json); give a new --out folder");
        }

        if (File.Exists(settingsPath))
        {
            string recorded = File.ReadAllText(settingsPath);
            if (recorded != settings)
            {
                throw new HashMatchException(folder, HashMatchErrorReason.WriteFailed,
                    $"the case was started with other settings ({Difference(recorded, settings)}); resume it with the command that started it (case.json records it), or give a new --out folder");
            }
        }
        else
        {
            if (Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new HashMatchException(folder, HashMatchErrorReason.WriteFailed, "the folder is not empty and holds no case; give an empty or new --out folder");
            }

            AtomicFile.WriteAllText(settingsPath, settings);
        }

        string journalPath = Path.Combine(folder, JournalFile);
        long done = CompleteLines(journalPath);
        var file = new FileStream(journalPath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        var journal = new CaseJournal(folder, file, done, done > 0, clock);
        journal.Session(done > 0 ? "resumed" : "started");
        return journal;
    }

    /// <summary>The paths of the files already recorded, in order: a resumed walk must meet them first, in this order.</summary>
    public IEnumerable<string> RecordedPaths()
    {
        foreach (string line in RecordLines(JournalPath))
        {
            using TriageRecord record = TriageRecord.Parse(line);
            yield return record.Path;
        }
    }

    /// <summary>Records the next file and hands the line to the operating system (a crash of this process loses nothing written).</summary>
    public void Append(ExaminedFile file)
    {
        long seq = Done + 1;
        _json.WriteObject(json =>
        {
            json.WriteNumber("seq", seq);
            json.WriteString("path", file.Path);
            CaseOutputs.Optional(json, "size", file.Size);
            CaseOutputs.Optional(json, "md5", file.Exact?.Md5.ToString());
            CaseOutputs.Optional(json, "sha1", file.Exact?.Sha1.ToString());
            CaseOutputs.Optional(json, "sha256", file.Exact?.Sha256.ToString());
            CaseOutputs.Optional(json, "pdq", file.Pdq?.Hash.ToString());
            CaseOutputs.Optional(json, "quality", file.Pdq?.Quality);
            json.WriteString("outcome", TriageOutcomes.Name(file.Outcome));
            json.WriteString("detail", file.Detail);
            json.WriteStartArray("candidates");
            foreach (MatchCandidate candidate in file.Candidates)
            {
                json.WriteStartObject();
                MatchCandidateJson.WriteMembers(json, candidate);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
        _writer.Flush();
        Done = seq;
    }

    /// <summary>Marks the session as stopped before every file was examined.</summary>
    public void Interrupted() => Session("interrupted");

    /// <summary>Marks the walk as complete and forces the journal to disk.</summary>
    public void Finished() => Session("finished");

    /// <summary>The file records (not the session lines), in order.</summary>
    public static IEnumerable<string> RecordLines(string journalPath)
    {
        using StreamReader reader = InputFile.OpenText(journalPath);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith(RecordStart, StringComparison.Ordinal))
            {
                yield return line;
            }
        }
    }

    /// <summary>The session lines (<c>session</c>: started, resumed, interrupted, finished; <c>at</c>; <c>files</c>), in order.</summary>
    public static IEnumerable<(string Session, string At, long Files)> Sessions(string journalPath)
    {
        using StreamReader reader = InputFile.OpenText(journalPath);
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith(RecordStart, StringComparison.Ordinal))
            {
                using JsonDocument session = JsonDocument.Parse(line);
                JsonElement root = session.RootElement;
                yield return (root.GetProperty("session").GetString()!, root.GetProperty("at").GetString()!, root.GetProperty("files").GetInt64());
            }
        }
    }

    public void Dispose()
    {
        _writer.Flush();
        _file.Flush(flushToDisk: true);
        _writer.Dispose();
    }

    private void Session(string what)
    {
        _json.WriteObject(json =>
        {
            json.WriteString("session", what);
            json.WriteString("at", _clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteNumber("files", Done);
        });
        _writer.Flush();
        _file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Cuts the journal after its last complete line (a crash can leave half of one) and returns the number of file
    /// records; each must be numbered one more than the one before, or the journal is not this tool's.
    /// </summary>
    private static long CompleteLines(string journalPath)
    {
        if (!File.Exists(journalPath))
        {
            return 0;
        }

        long records = 0, keep = 0, offset = 0;
        using (var stream = new FileStream(journalPath, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var line = new MemoryStream();
            int b;
            while ((b = stream.ReadByte()) >= 0)
            {
                offset++;
                if (b != '\n')
                {
                    line.WriteByte((byte)b);
                    continue;
                }

                string text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
                line.SetLength(0);
                if (!IsComplete(text))
                {
                    break;
                }

                if (text.StartsWith(RecordStart, StringComparison.Ordinal))
                {
                    using TriageRecord record = TriageRecord.Parse(text);
                    if (record.Seq != records + 1)
                    {
                        throw new HashMatchException(journalPath, HashMatchErrorReason.Corrupt, $"file record {record.Seq} follows record {records}; the journal was edited");
                    }

                    records++;
                }

                keep = offset;
            }
        }

        if (keep < new FileInfo(journalPath).Length)
        {
            using var stream = new FileStream(journalPath, FileMode.Open, FileAccess.Write, FileShare.None);
            stream.SetLength(keep);
            stream.Flush(flushToDisk: true);
        }

        return records;
    }

    private static bool IsComplete(string line)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The first top-level member of case.json whose value differs, for the error message.</summary>
    private static string Difference(string recorded, string given)
    {
        try
        {
            using JsonDocument a = JsonDocument.Parse(recorded), b = JsonDocument.Parse(given);
            foreach (JsonProperty member in b.RootElement.EnumerateObject())
            {
                if (!a.RootElement.TryGetProperty(member.Name, out JsonElement old) || old.GetRawText() != member.Value.GetRawText())
                {
                    return $"{member.Name} differs";
                }
            }
        }
        catch (JsonException)
        {
            return "case.json cannot be read";
        }

        return "case.json differs";
    }
}
