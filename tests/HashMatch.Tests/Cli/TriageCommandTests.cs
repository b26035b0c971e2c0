using System.Security.Cryptography;
using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Hashing;
using HashMatch.Lists;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary>
/// <c>hashmatch triage</c> as an investigator uses it (issue 27): a folder of generated benign pictures with copies of
/// "known" ones (re-encoded, resized, turned, mirrored, bordered, byte copies, one hidden), a plain known picture
/// whose PDQ quality is below the limit, a document on an NSRL exclusion list, a truncated JPEG and a named pipe,
/// matched against a VICS list, a CSV list and the NSRL list.
/// </summary>
[Trait("Cost", "Slow")]
public sealed class TriageCommandTests : IDisposable
{
    private const int Known = 18;

    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-triage").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string At(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Every_file_gets_one_outcome_copies_are_found_the_plain_pictures_copies_are_named_and_the_case_checks_out()
    {
        Scenario scenario = Build(unrelated: 150);
        var (code, _, stderr) = await CliRunner.RunAsync(["triage", At("seized"), "--list", At("known.vics.json"), "--list", At("known.csv"), "--exclude", At("NSRLFile.txt"), "--out", At("case"), "--quiet"]);
        Assert.True(code == ExitCodes.SomeInputsFailed, stderr); // the truncated JPEG failed

        Dictionary<string, string[]> files = Rows(At("case/files.tsv"));
        Assert.Equal(scenario.All.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
        string Outcome(string path) => files[path][8];

        // Every outcome class is present, each file has exactly one line, numbered in walk order.
        Assert.Equal(["excluded", "failed", "low-quality match", "match", "no match", "skipped"], files.Values.Select(f => f[8]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, files.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), files.Values.Select(f => f[0]).Order(Comparer<string>.Create((a, b) => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)))));

        // Every copy of a known picture matches its entry, in the list that holds it, with that entry's category.
        foreach ((string copy, int known) in scenario.Copies)
        {
            string[] row = files[copy];
            Assert.True(row[8] == "match", $"{Path.GetFileName(copy)} (of known {known}): {string.Join(' ', row[8..])}");
            Assert.Equal((known < Known / 2 ? "known.vics" : "known", Id(known), Category(known)), (row[10], row[11], row[12]));
        }

        // The plain picture's copies are within the threshold but below the quality limit: named, never dropped.
        foreach (string copy in scenario.PlainCopies)
        {
            Assert.True(Outcome(copy) == "low-quality match", $"{Path.GetFileName(copy)}: {string.Join(' ', files[copy][6..])}");
            Assert.Equal(("known", "plain", "QueryLowQuality"), (files[copy][10], files[copy][11], files[copy][16]));
            Assert.InRange(int.Parse(files[copy][14], System.Globalization.CultureInfo.InvariantCulture), 0, 2);
        }

        Assert.All(scenario.Unrelated, path => Assert.Equal("no match", Outcome(path))); // no false match among 150 others
        Assert.Equal("excluded", Outcome(scenario.Document));
        Assert.Equal("no match", Outcome(scenario.OtherDocument));
        Assert.Equal("not an image: exact hashes only", files[scenario.OtherDocument][9]);
        Assert.Equal("failed", Outcome(scenario.Truncated));
        Assert.StartsWith("truncated: ", files[scenario.Truncated][9]);
        Assert.Equal("skipped", Outcome(scenario.Pipe));
        Assert.Equal(Md5(scenario.OtherDocument), files[scenario.OtherDocument][3]); // the seized file's own hashes

        // hits.tsv: every candidate (the byte copies also match by PDQ, so more hits than matched files).
        Dictionary<string, string[]> _ = Rows(At("case/hits.tsv"), unique: false);
        Assert.True(File.ReadLines(At("case/hits.tsv")).Count() - 1 > scenario.Copies.Count + scenario.PlainCopies.Count);

        // The manifest: its checksum file verifies it, and it verifies every other file of the case and each list.
        string manifest = File.ReadAllText(At("case/manifest.json"));
        Assert.Equal($"{Sha256(At("case/manifest.json"))}  manifest.json\n", File.ReadAllText(At("case/manifest.json.sha256")));
        using (JsonDocument json = JsonDocument.Parse(manifest))
        {
            JsonElement root = json.RootElement;
            string[] checkedFiles = [.. root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()!)];
            Assert.Equal(["case.json", "journal.jsonl", "files.tsv", "files.jsonl", "hits.tsv", "hits.jsonl", "vics.json", "caid.json", "report.html"], checkedFiles);
            foreach (JsonElement file in root.GetProperty("files").EnumerateArray())
            {
                Assert.Equal(Sha256(At("case/" + file.GetProperty("file").GetString())), file.GetProperty("sha256").GetString());
            }

            JsonElement lists = root.GetProperty("case").GetProperty("lists");
            Assert.Equal([("known.vics", "known", Known / 2), ("known", "known", Known - (Known / 2) + 1), ("NSRLFile", "exclusion", 1)],
                lists.EnumerateArray().Select(l => (l.GetProperty("name").GetString()!, l.GetProperty("role").GetString()!, l.GetProperty("entries").GetInt32())));
            Assert.All(lists.EnumerateArray(), l => Assert.Equal(Sha256(l.GetProperty("path").GetString()!), l.GetProperty("sha256").GetString()));
            JsonElement outcomes = root.GetProperty("counts").GetProperty("outcomes");
            Assert.Equal(scenario.Copies.Count, outcomes.GetProperty("match").GetInt32());
            Assert.Equal(scenario.PlainCopies.Count, outcomes.GetProperty("low-quality match").GetInt32());
            Assert.Equal(files.Count, root.GetProperty("counts").GetProperty("files").GetInt32());
            Assert.Equal(["started", "finished"], root.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("session").GetString()));
        }

        // The VICS export imports again as a list: every file read, with its hashes, matched ones with their category.
        ListContents vics = ListReader.Read(At("case/vics.json"));
        Assert.Equal(ListFormat.Vics, vics.Format);
        var exported = vics.Entries.ToDictionary(e => e.Metadata.Source!);
        Assert.Equal(files.Values.Where(f => f[3].Length > 0).Select(f => f[1]).Order(StringComparer.Ordinal), exported.Keys.Order(StringComparer.Ordinal));
        foreach ((string path, string[] row) in files.Where(f => f.Value[3].Length > 0))
        {
            ListEntry entry = exported[path];
            Assert.Equal((row[3], row[4], row[5], row[6]), (entry.Md5.ToString(), entry.Sha1.ToString(), entry.Sha256.ToString(), entry.Pdq?.ToString() ?? ""));
            Assert.Equal(row[8] == "match" ? row[12] : null, string.IsNullOrEmpty(entry.Metadata.Category) ? null : entry.Metadata.Category);
        }

        Assert.Equal(vics.Entries.Count, ListReader.Read(At("case/caid.json")).Entries.Count);

        // A finished case is not overwritten.
        var (again, _, againError) = await CliRunner.RunAsync(["triage", At("seized"), "--list", At("known.csv"), "--out", At("case"), "--quiet"]);
        Assert.Equal(ExitCodes.Failed, again);
        Assert.Contains("finished case", againError);
    }

    [Fact]
    public async Task A_triage_stopped_part_way_resumes_without_examining_recorded_files_again_and_ends_byte_identical()
    {
        Scenario scenario = Build(unrelated: 40);
        string[] paths = [.. scenario.All.Where(p => p != scenario.Pipe).Order(StringComparer.Ordinal)];
        string[] Args(string output) => ["triage", "--files-from", "-", "--list", At("known.csv"), "--exclude", At("NSRLFile.txt"), "--out", output, "--quiet", "--parallel", "2"];
        CancellationToken test = TestContext.Current.CancellationToken;

        int whole = await CliApplication.RunAsync(Args(At("whole")), TextWriter.Null, TextWriter.Null, test, new StringReader(string.Join('\n', paths)));
        Assert.Equal(ExitCodes.SomeInputsFailed, whole);

        // The first run gets the paths up to the 30th and then waits for more, as a slow source would; once 20 files
        // are recorded, it is cancelled (what SIGINT does).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(test);
        var stdin = new StallingReader(string.Join('\n', paths[..30]) + "\n", stop.Token);
        Task<int> first = CliApplication.RunAsync(Args(At("resumed")), TextWriter.Null, TextWriter.Null, stop.Token, stdin);
        string journal = At("resumed/journal.jsonl");
        while (!first.IsCompleted && (!File.Exists(journal) || Records(journal) < 20))
        {
            await Task.Delay(50, test);
        }

        stop.Cancel();
        Assert.Equal(ExitCodes.Interrupted, await first);
        int recorded = Records(journal);
        Assert.InRange(recorded, 20, 30);

        var stderr = new StringWriter();
        string[] resumeArgs = [.. Args(At("resumed")).Where(a => a != "--quiet")];
        int second = await CliApplication.RunAsync(resumeArgs, TextWriter.Null, stderr, test, new StringReader(string.Join('\n', paths)));
        Assert.Equal(ExitCodes.SomeInputsFailed, second);
        Assert.Contains($"resuming {At("resumed")} after {recorded} files", stderr.ToString());
        Assert.Equal(paths.Length, Records(journal)); // each file recorded once: the first ones were not examined again

        foreach (string output in new[] { "files.tsv", "files.jsonl", "hits.tsv", "hits.jsonl", "vics.json", "caid.json" })
        {
            Assert.True(File.ReadAllBytes(At("whole/" + output)).AsSpan().SequenceEqual(File.ReadAllBytes(At("resumed/" + output))), $"{output} differs after the resume");
        }

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(At("resumed/manifest.json")));
        Assert.Equal(["started", "interrupted", "resumed", "finished"], manifest.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("session").GetString()));

        // Resuming with other settings is refused, naming what differs.
        var refused = new StringWriter();
        Directory.CreateDirectory(At("other"));
        File.Copy(At("resumed/case.json"), At("other/case.json"));
        int differs = await CliApplication.RunAsync([.. Args(At("other")), "--max-distance", "20"], TextWriter.Null, refused, test, new StringReader(string.Join('\n', paths)));
        Assert.Equal(ExitCodes.Failed, differs);
        Assert.Contains("max_distance differs", refused.ToString());
    }

    [Fact]
    public async Task An_empty_source_is_a_warning_and_exit_1_not_a_silent_success()
    {
        Build(unrelated: 0);
        Directory.CreateDirectory(At("empty"));
        var (code, _, stderr) = await CliRunner.RunAsync(["triage", At("empty"), "--list", At("known.csv"), "--out", At("case")]);
        Assert.Equal(ExitCodes.SomeInputsFailed, code);
        Assert.Contains("nothing was examined", stderr);
        Assert.True(File.Exists(At("case/manifest.json")));
    }

    [Fact]
    [Trait("Cost", "Integration")]
    public async Task The_case_report_opens_in_headless_chromium_without_errors_and_shows_every_outcome()
    {
        string binary = HeadlessChromium.Find()
            ?? throw new Xunit.Sdk.XunitException("chromium not found: install Debian's chromium (apt-get install -y chromium) or set HASHMATCH_CHROMIUM; the case report's browser test cannot run without it.");
        CancellationToken cancel = TestContext.Current.CancellationToken;
        Scenario scenario = Build(unrelated: 10);
        var (code, _, stderr) = await CliRunner.RunAsync(["triage", At("seized"), "--list", At("known.vics.json"), "--list", At("known.csv"), "--exclude", At("NSRLFile.txt"), "--out", At("case"), "--quiet"]);
        Assert.True(code == ExitCodes.SomeInputsFailed, stderr);

        await using HeadlessChromium browser = await HeadlessChromium.StartAsync(binary, cancel);
        await browser.OpenAsync(new Uri(At("case/report.html")).AbsoluteUri, cancel);
        System.Text.Json.Nodes.JsonNode page = (await browser.EvaluateAsync("""
            (() => ({
              title: document.title,
              headings: [...document.querySelectorAll("h2")].map(h => h.textContent),
              empty: [...document.querySelectorAll("table")].filter(t => t.querySelectorAll("td").length === 0).length,
              images: document.images.length,
              scripts: document.scripts.length,
              text: document.body.innerText,
            }))()
            """, cancel))!;

        Assert.Empty(browser.Errors);
        Assert.Equal("Triage case report", (string?)page["title"]);
        Assert.Equal(0, (int)page["images"]!); // never a picture of what was examined
        Assert.Equal(0, (int)page["scripts"]!);
        Assert.Equal(0, (int)page["empty"]!);
        string[] headings = [.. page["headings"]!.AsArray().Select(h => (string)h!)];
        foreach (string outcome in new[] { "match", "low-quality match", "excluded", "failed", "skipped" })
        {
            Assert.Contains(headings, h => h.StartsWith($"Files: {outcome} (", StringComparison.Ordinal));
        }

        string text = (string)page["text"]!;
        Assert.Contains(Path.GetFileName(scenario.PlainCopies[0]), text);
        Assert.Contains(Sha256(At("known.csv")), text);
        Assert.Contains("turned by 90°", text); // the method of the turned copy, in words
    }

    /// <summary>The files of the scenario, by role.</summary>
    private sealed record Scenario(List<string> All, List<(string Path, int Known)> Copies, List<string> PlainCopies, List<string> Unrelated, string Document, string OtherDocument, string Truncated, string Pipe);

    private Scenario Build(int unrelated)
    {
        string seized = At("seized");
        Directory.CreateDirectory(Path.Combine(seized, "DCIM"));
        Directory.CreateDirectory(Path.Combine(seized, "Downloads", ".thumbnails"));
        var scenario = new Scenario([], [], [], [], Path.Combine(seized, "Documents-notes.txt"), Path.Combine(seized, "readme.txt"), Path.Combine(seized, "Downloads", "partial.jpg"), Path.Combine(seized, "pipe"));
        void Put(string path, byte[] bytes)
        {
            File.WriteAllBytes(path, bytes);
            scenario.All.Add(path);
        }

        var vics = new List<ListEntry>();
        var csv = new List<ListEntry>();
        for (int k = 0; k < Known; k++)
        {
            using SKBitmap original = SyntheticImages.Draw(300, 200, k);
            byte[] png = Encode(original, SKEncodedImageFormat.Png, 100);
            ImageHashes hashes = ImageHasher.Default.HashEncoded(png);
            var entry = new ListEntry { Id = Id(k), Md5 = hashes.Exact.Md5, Pdq = hashes.Pdq.Hash, Quality = hashes.Pdq.Quality, Metadata = new EntryMetadata { Category = Category(k) } };
            (k < Known / 2 ? vics : csv).Add(entry);

            // One copy of each known picture, made the way re-sharing makes them.
            string copy = Path.Combine(seized, k % 3 == 0 ? "DCIM" : "Downloads", $"IMG_{k:D4}" + (k % 6 == 5 ? ".png" : ".jpg"));
            using SKBitmap edited = (k % 6) switch
            {
                0 => original.Copy(),
                1 => original.Resize(new SKImageInfo(150, 100), new SKSamplingOptions(SKFilterMode.Linear)),
                2 => Turned(original),
                3 => Mirrored(original),
                4 => SyntheticImages.Canvas(420, 320, SKColors.White, c => c.DrawBitmap(original, 60, 60, SKSamplingOptions.Default, null)),
                _ => original.Copy(),
            };
            Put(copy, k % 6 == 5 ? png : Encode(edited, SKEncodedImageFormat.Jpeg, k % 6 == 0 ? 70 : 90));
            scenario.Copies.Add((copy, k));
        }

        // A hidden thumbnail: a byte copy of known 0.
        using (SKBitmap first = SyntheticImages.Draw(300, 200, 0))
        {
            string thumbnail = Path.Combine(seized, "Downloads", ".thumbnails", "t0.png");
            Put(thumbnail, Encode(first, SKEncodedImageFormat.Png, 100));
            scenario.Copies.Add((thumbnail, 0));
        }

        // A plain picture (soft shapes on a flat ground): PDQ quality below 50. Its copies keep the pixels (another
        // PNG encoder's bytes) or nearly (ten pixels changed): distance 0–2, yet not a PDQ match by the quality rule.
        using (SKBitmap plain = Plain())
        {
            byte[] png = Encode(plain, SKEncodedImageFormat.Png, 100);
            ImageHashes hashes = ImageHasher.Default.HashEncoded(png);
            Assert.InRange(hashes.Pdq.Quality, 1, 49);
            csv.Add(new ListEntry { Id = "plain", Md5 = hashes.Exact.Md5, Pdq = hashes.Pdq.Hash, Quality = hashes.Pdq.Quality, Metadata = new EntryMetadata { Category = "2" } });
            byte[] rgb = new byte[plain.Width * plain.Height * 3];
            for (int y = 0, i = 0; y < plain.Height; y++)
            {
                for (int x = 0; x < plain.Width; x++)
                {
                    SKColor c = plain.GetPixel(x, y);
                    (rgb[i++], rgb[i++], rgb[i++]) = (c.Red, c.Green, c.Blue);
                }
            }

            string lossless = Path.Combine(seized, "DCIM", "plain-copy.png");
            Put(lossless, PngWriter.Write(plain.Width, plain.Height, 8, PngWriter.Rgb, Rows(rgb, plain.Width * 3)));
            string touched = Path.Combine(seized, "DCIM", "plain-copy-touched.png");
            rgb.AsSpan(0, 30).Fill(255); // ten white pixels in the corner
            Put(touched, PngWriter.Write(plain.Width, plain.Height, 8, PngWriter.Rgb, Rows(rgb, plain.Width * 3)));
            scenario.PlainCopies.AddRange([lossless, touched]);
        }

        for (int u = 0; u < unrelated; u++)
        {
            string path = Path.Combine(seized, u % 2 == 0 ? "DCIM" : "Downloads", $"other-{u:D4}.jpg");
            Put(path, SyntheticImages.Encode(300, 200, 10_000 + u, SKEncodedImageFormat.Jpeg, 85));
            scenario.Unrelated.Add(path);
        }

        Put(scenario.Document, "meeting notes\n"u8.ToArray());
        Put(scenario.OtherDocument, "nothing to see\n"u8.ToArray());
        Put(scenario.Truncated, SyntheticImages.Encode(300, 200, 77, SKEncodedImageFormat.Jpeg, 90)[..3000]);
        PosixFiles.MakeFifo(scenario.Pipe);
        scenario.All.Add(scenario.Pipe);

        WriteList(At("known.vics.json"), vics, ListFormat.Vics);
        WriteList(At("known.csv"), csv, ListFormat.Csv);
        File.WriteAllText(At("NSRLFile.txt"),
            "\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"SpecialCode\"\n" +
            $"\"{Sha1(scenario.Document).ToUpperInvariant()}\",\"{Md5(scenario.Document).ToUpperInvariant()}\",\"00000000\",\"notes.txt\",14,1,\"358\",\"\"\n");
        return scenario;
    }

    private static string Id(int known) => (1000 + known).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Category(int known) => known % 2 == 0 ? "1" : "3";

    private static SKBitmap Turned(SKBitmap original) => SyntheticImages.Canvas(original.Height, original.Width, SKColors.Black, c =>
    {
        c.Translate(original.Height, 0);
        c.RotateDegrees(90);
        c.DrawBitmap(original, 0, 0, SKSamplingOptions.Default, null);
    });

    private static SKBitmap Mirrored(SKBitmap original) => SyntheticImages.Canvas(original.Width, original.Height, SKColors.Black, c =>
    {
        c.Translate(original.Width, 0);
        c.Scale(-1, 1);
        c.DrawBitmap(original, 0, 0, SKSamplingOptions.Default, null);
    });

    private static SKBitmap Plain() => SyntheticImages.Canvas(300, 200, new SKColor(120, 124, 128), c =>
    {
        using var blur = SKImageFilter.CreateBlur(14, 14);
        using var paint = new SKPaint { IsAntialias = true, ImageFilter = blur, Color = new SKColor(150, 150, 146) };
        c.DrawCircle(90, 80, 45, paint);
        paint.Color = new SKColor(104, 108, 112);
        c.DrawRect(170, 90, 90, 70, paint);
    });

    private static byte[] Rows(byte[] rgb, int stride)
    {
        // PNG rows: a filter byte (0, none) before each row.
        int height = rgb.Length / stride;
        byte[] raw = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++)
        {
            rgb.AsSpan(y * stride, stride).CopyTo(raw.AsSpan((y * (stride + 1)) + 1));
        }

        return raw;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using SKData data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    private static void WriteList(string path, IEnumerable<ListEntry> entries, ListFormat format)
    {
        using var writer = new StreamWriter(path);
        ListWriter.Write(writer, entries, format);
    }

    /// <summary>The TSV's data rows by their path (second column).</summary>
    private static Dictionary<string, string[]> Rows(string tsv, bool unique = true)
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(tsv).Skip(1))
        {
            string[] fields = line.Split('\t');
            if (unique)
            {
                rows.Add(fields[1], fields);
            }
            else
            {
                rows[fields[1]] = fields;
            }
        }

        return rows;
    }

    private static int Records(string journal)
    {
        using var stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        int records = 0;
        while (reader.ReadLine() is { } line)
        {
            records += line.StartsWith("{\"seq\":", StringComparison.Ordinal) && line.EndsWith('}') ? 1 : 0;
        }

        return records;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Md5(string path) => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));

    private static string Sha1(string path) => Convert.ToHexStringLower(SHA1.HashData(File.ReadAllBytes(path)));

    /// <summary>Standard input that gives its text and then waits, as a source that has more to come, until the token is cancelled.</summary>
    private sealed class StallingReader(string text, CancellationToken stalledUntil) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_position == text.Length)
            {
                stalledUntil.WaitHandle.WaitOne();
                stalledUntil.ThrowIfCancellationRequested();
            }

            int n = Math.Min(count, text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }

        public override int Read() => throw new NotSupportedException();

        public override int Peek() => throw new NotSupportedException();
    }
}
