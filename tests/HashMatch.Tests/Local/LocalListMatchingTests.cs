using HashMatch.Evaluation;
using HashMatch.Hashing;
using HashMatch.IO;
using HashMatch.Lists;
using HashMatch.Local;
using HashMatch.Matching;
using HashMatch.Tests.Indexing;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Local;

/// <summary>
/// Lists that carry local-feature signals (<c>hash --signal local</c>): read from JSON lines, kept by index files
/// (and checked when loaded), matched by <see cref="HashMatcher"/> with method <c>local</c>, the inliers and the crop
/// box, followed through <see cref="KnownList.WithChanges"/>, and never written by a list export.
/// </summary>
public sealed class LocalListMatchingTests : IDisposable
{
    private static readonly SyntheticImageGenerator Generator = new(LocalPictures.Seed);

    /// <summary>Six distinct generated pictures with local structure (≥ 60 features), as PNG files' bytes.</summary>
    private static readonly Lazy<(SKBitmap Picture, byte[] Png)[]> Known = new(() =>
    [
        .. LocalPictures.Distinct(Generator)
            .Where(i => Math.Min(Generator.Describe(i).Width, Generator.Describe(i).Height) >= 300)
            .Select(i => Generator.Generate(i))
            .Where(p => LocalSignal.Compute(LocalPictures.Pixels(p)).FeatureCount >= 60)
            .Take(6)
            .Select(p => (p, LocalPictures.Png(p))),
    ]);

    private static readonly ImageHasher SignalHasher = new(new ImageHasherOptions { Local = true });

    private readonly string _directory = Directory.CreateTempSubdirectory("hashmatch-local-list-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_copy_cut_by_a_tenth_is_found_by_its_signal_with_the_crop_box_and_not_by_pdq()
    {
        var matcher = new HashMatcher([KnownList.Create("originals", Entries())]);
        (SKBitmap picture, _) = Known.Value[2];
        int cut = picture.Width / 10;
        MatchReport report = matcher.MatchEncoded(CutFromLeft(picture, cut), "upload.png");

        Assert.Null(report.Error);
        Assert.DoesNotContain(report.Candidates, c => c.Method == MatchMethod.Pdq && c.IsMatch);
        MatchCandidate local = Assert.Single(report.Candidates, c => c.Method == MatchMethod.Local);
        Assert.Equal("picture-2", local.EntryId);
        Assert.True(local.IsMatch);
        Assert.InRange(local.Inliers!.Value, HashMatchDefaults.LocalMinInliers, LocalSignal.MaxFeatures);
        double cell = Math.Max(picture.Width, picture.Height) / 128.0; // the stored geometry's resolution
        Assert.InRange(local.Transform!.CropLeft, cut - (3 * cell), cut + (3 * cell));
        Assert.InRange(local.Transform.CropRight, picture.Width - (3 * cell), picture.Width + (3 * cell));
        Assert.InRange(local.Transform.Scale, 0.97, 1.03);
        Assert.False(local.Transform.Mirrored);
        Assert.Contains("\"method\":\"local\"", CandidateText.Of(local));
        Assert.Contains("\"inliers\":", CandidateText.Of(local));
    }

    [Fact]
    public void The_list_threshold_decides_which_local_candidates_are_reported()
    {
        (SKBitmap picture, _) = Known.Value[2];
        byte[] upload = CutFromLeft(picture, picture.Width / 10);
        int inliers = new HashMatcher([KnownList.Create("originals", Entries())]).MatchEncoded(upload, "u").Candidates.Single(c => c.Method == MatchMethod.Local).Inliers!.Value;

        MatchReport at = new HashMatcher([KnownList.Create("originals", Entries(), new KnownListOptions { LocalMinInliers = inliers })]).MatchEncoded(upload, "u");
        Assert.Equal(inliers, Assert.Single(at.Candidates, c => c.Method == MatchMethod.Local).Inliers);
        MatchReport above = new HashMatcher([KnownList.Create("originals", Entries()).WithOptions(new KnownListOptions { LocalMinInliers = inliers + 1 })]).MatchEncoded(upload, "u");
        Assert.DoesNotContain(above.Candidates, c => c.Method == MatchMethod.Local);

        foreach (int bad in (int[])[1, LocalSignal.MaxFeatures + 1])
        {
            var error = Assert.Throws<HashMatchException>(() => KnownList.Create("originals", Entries(), new KnownListOptions { LocalMinInliers = bad }));
            Assert.Equal((HashMatchErrorReason.OutOfRange, "originals"), (error.Reason, error.Input));
        }
    }

    [Fact]
    public void A_list_without_signals_does_not_compute_or_report_them()
    {
        var matcher = new HashMatcher([KnownList.Create("pdq-only", Entries().Select(e => e with { Local = null }))]);
        (SKBitmap picture, byte[] png) = Known.Value[1];
        MatchReport same = matcher.MatchEncoded(png, "same.png");
        Assert.Contains(same.Candidates, c => c.Method == MatchMethod.Md5 && c.EntryId == "picture-1");
        MatchReport cropped = matcher.MatchEncoded(CutFromLeft(picture, picture.Width / 10), "upload.png");
        Assert.DoesNotContain(cropped.Candidates, c => c.Method == MatchMethod.Local);
    }

    [Fact]
    public void An_index_file_keeps_the_signals_and_matches_as_the_list_does()
    {
        KnownList list = KnownList.Create("originals", Entries());
        string path = Path.Combine(_directory, "local.hmidx");
        KnownListFile.Save(list, path);
        Assert.Equal(Known.Value.Length, KnownListFile.Inspect(path).Local);

        KnownList loaded = KnownListFile.Load(path, name: "originals");
        Assert.Equal(
            list.GetEntries().Select(e => Convert.ToHexString(e.Local!.ToBytes())),
            loaded.GetEntries().Select(e => Convert.ToHexString(e.Local!.ToBytes())));
        (SKBitmap picture, _) = Known.Value[4];
        byte[] upload = CutFromLeft(picture, picture.Width / 12);
        Assert.Equal(
            new HashMatcher([list]).MatchEncoded(upload, "u").Candidates.Select(CandidateText.Of),
            new HashMatcher([loaded]).MatchEncoded(upload, "u").Candidates.Select(CandidateText.Of));
    }

    [Fact]
    public void A_file_without_signals_is_written_as_before_without_the_local_sections()
    {
        string path = Path.Combine(_directory, "plain.hmidx");
        KnownListFile.Save(KnownList.Create("plain", Entries().Select(e => e with { Local = null })), path);
        Assert.DoesNotContain(SectionFile.Open(MappedFile.Open(path)).Sections, s => SectionFile.TagName(s.Tag).StartsWith("LOC", StringComparison.Ordinal));
        Assert.Equal(0, KnownListFile.Inspect(path).Local);
    }

    [Fact]
    public void A_damaged_signal_in_an_index_file_is_refused_at_load_even_with_its_section_checksum_right()
    {
        string path = Path.Combine(_directory, "damaged.hmidx");
        KnownListFile.Save(KnownList.Create("originals", Entries()), path);
        byte[] bytes = File.ReadAllBytes(path);
        SectionInfo section = SectionFile.Open(MappedFile.Open(path)).Sections.Single(s => SectionFile.TagName(s.Tag) == "LOCB");
        bytes[section.Offset + 40] ^= 0x10; // inside the first signal's features
        KnownListFileTests.Reseal(bytes, section);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<HashMatchException>(() => KnownListFile.Load(path));
        Assert.Equal(HashMatchErrorReason.Corrupt, error.Reason);
        Assert.Equal(path, error.Input);
        Assert.Contains("local signal of entry 0: checksum mismatch", error.Message);
    }

    [Fact]
    public void Changes_add_and_remove_signals_as_a_rebuilt_list_would()
    {
        List<ListEntry> entries = Entries();
        // Pictures 2 and 3 (one in the base, one added) are found cut by a twentieth: not every picture is (recall
        // at a 5 % crop is about three in four, docs/local-features.md), which is the evaluation's business, not this test's.
        KnownList list = KnownList.Create("originals", entries.Take(3))
            .WithChanges(new KnownListChanges().AddRange(entries.Skip(3)).Remove("picture-0"));
        KnownList rebuilt = KnownList.Create("originals", entries.Skip(1));
        foreach (int k in (int[])[0, 2, 3])
        {
            (SKBitmap picture, _) = Known.Value[k];
            byte[] upload = CutFromLeft(picture, picture.Width / 20);
            MatchReport changed = new HashMatcher([list]).MatchEncoded(upload, "u");
            Assert.Equal(new HashMatcher([rebuilt]).MatchEncoded(upload, "u").Candidates.Select(CandidateText.Of), changed.Candidates.Select(CandidateText.Of));
            Assert.True(k != 0 == changed.Candidates.Any(c => c.Method == MatchMethod.Local && c.EntryId == $"picture-{k}"), $"picture {k}");
        }

        // The base's local index is built once and shared by the lists derived from it: a change to a large bank
        // does not rebuild it.
        KnownList based = KnownList.Create("originals", entries.Take(3));
        LocalIndex built = based.LocalIndex;
        Assert.Same(built, based.WithChanges(new KnownListChanges().AddRange(entries.Skip(3))).LocalIndex);
        Assert.Same(built, based.WithChanges(new KnownListChanges().Remove("picture-1")).WithOptions(new KnownListOptions { LocalMinInliers = 20 }).LocalIndex);
    }

    [Fact]
    public void Json_lines_read_the_signal_and_no_export_writes_it()
    {
        ListEntry entry = Entries()[0];
        string line = $"{{\"id\":\"a\",\"md5\":\"{entry.Md5}\",\"local\":\"{Convert.ToBase64String(entry.Local!.ToBytes())}\"}}";
        ListEntry read = Assert.Single(ListReader.ReadFrom(new StringReader(line), "list.jsonl").Entries);
        Assert.Equal(entry.Local.ToBytes(), read.Local!.ToBytes());

        foreach (ListFormat format in (ListFormat[])[ListFormat.JsonLines, ListFormat.Tsv, ListFormat.Csv])
        {
            var text = new StringWriter();
            ListWriter.Write(text, [read], format);
            Assert.DoesNotContain(Convert.ToBase64String(entry.Local.ToBytes())[..40], text.ToString());
            var loss = new ListConversionLoss(format);
            loss.Add(read, 1);
            Assert.Contains(loss.Describe(), d => d.StartsWith("local signals of 1 entry not written", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("not base64!", "local: a local signal is base64")]
    [InlineData("SE1MRgE=", "local: ")]
    [InlineData("flip", "local: checksum mismatch")]
    public void A_malformed_signal_is_a_record_error_naming_the_member(string value, string expected)
    {
        if (value == "flip")
        {
            byte[] stored = Entries()[0].Local!.ToBytes();
            stored[30] ^= 0x01;
            value = Convert.ToBase64String(stored);
        }

        ListContents read = ListReader.ReadFrom(new StringReader($"{{\"id\":\"a\",\"md5\":\"{new string('0', 32)}\",\"local\":\"{value}\"}}"), "list.jsonl", collectErrors: true);
        Assert.Empty(read.Entries);
        Assert.Contains(expected, Assert.Single(read.Errors).Message);
    }

    /// <summary>Entries as <c>hash --signal local</c> gives them: MD5, PDQ and the signal of each known picture.</summary>
    private static List<ListEntry> Entries() =>
    [
        .. Known.Value.Select((k, i) =>
        {
            ImageHashes hashes = SignalHasher.HashEncoded(k.Png, $"picture-{i}.png");
            return new ListEntry { Id = $"picture-{i}", Md5 = hashes.Exact.Md5, Pdq = hashes.Pdq.Hash, Quality = hashes.Pdq.Quality, Local = hashes.Local };
        }),
    ];

    private static byte[] CutFromLeft(SKBitmap picture, int cut)
    {
        using SKBitmap copy = LocalPictures.Copy(picture, cut, 0, picture.Width - cut, picture.Height, 0, 1);
        return LocalPictures.Png(copy);
    }
}
