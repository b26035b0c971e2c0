using HashMatch.Lists;
using HashMatch.Matching;

namespace HashMatch.Tests.Indexing;

/// <summary>
/// The public streaming writer of index files (what <c>hashmatch index build|add|remove|merge</c> use): the same bytes
/// as saving a built list, entries copied from loaded files keep their list names, removal by id leaves out exactly
/// the entries named (of one list when asked), and a writer is used once.
/// </summary>
public sealed class KnownListFileWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hashmatch-writer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static KnownListFileWriter WriterOf(IEnumerable<(ListEntry Entry, string List)> entries)
    {
        var writer = new KnownListFileWriter();
        foreach (var (entry, list) in entries)
        {
            writer.Add(entry, list);
        }

        return writer;
    }

    [Fact]
    public void Streamed_entries_give_the_same_file_as_saving_the_loaded_list_and_the_summary_of_what_was_written()
    {
        var entries = KnownListFileTests.RichEntries(2000, 11);
        string streamed = PathOf("streamed.hmidx"), saved = PathOf("saved.hmidx");

        KnownListFileInfo info = WriterOf(entries).Save(streamed, HashMatchDefaults.PdqMatchThreshold);
        KnownListFile.Save(KnownListFile.Load(streamed), saved);

        Assert.Equal(File.ReadAllBytes(saved), File.ReadAllBytes(streamed));
        Assert.Equal(2000, info.Entries);
        Assert.Equal(entries.Count(e => e.Entry.Pdq is not null), info.Pdq);
        Assert.Equal(entries.Count(e => e.Entry.Md5 is not null), info.Md5);
        Assert.Equal(["ncmec", "partner"], info.Lists.Select(l => l.List));
        Assert.Equal(HashMatchDefaults.PdqMatchThreshold, info.MaxDistance);
    }

    [Fact]
    public void Copied_entries_keep_their_list_names_and_order()
    {
        var first = KnownListFileTests.RichEntries(300, 1);
        var second = KnownListFileTests.RichEntries(200, 2).Select(e => (e.Entry, List: "other")).ToList();
        var merged = new KnownListFileWriter();
        merged.AddAll(LoadAfterWriting(first, PathOf("a.hmidx")));
        merged.AddAll(LoadAfterWriting(second, PathOf("b.hmidx")));
        KnownListFileInfo info = merged.Save(PathOf("merged.hmidx"), 20);

        Assert.Equal([("ncmec", 210), ("partner", 90), ("other", 200)], info.Lists.Select(l => (l.List, l.Entries)));
        KnownList loaded = KnownListFile.Load(PathOf("merged.hmidx"));
        Assert.Equal([.. first.Select(e => e.Entry.Id), .. second.Select(e => e.Entry.Id)], loaded.GetEntries().Select(e => e.Id));
        Assert.Equal(20, loaded.Options.MaxDistance);
    }

    [Fact]
    public void Removal_leaves_out_exactly_the_named_ids_and_reports_those_it_found()
    {
        var entries = KnownListFileTests.RichEntries(500, 3);
        KnownList list = LoadAfterWriting(entries, PathOf("list.hmidx"));
        string[] present = [entries[7].Entry.Id, entries[42].Entry.Id];
        var writer = new KnownListFileWriter();

        IReadOnlySet<string> found = writer.AddAllExcept(list, new HashSet<string>([.. present, "no-such-id"], StringComparer.Ordinal));

        Assert.Equal(present.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(498, writer.Count);
        writer.Save(PathOf("list.hmidx"), HashMatchDefaults.PdqMatchThreshold);
        Assert.Equal(
            entries.Select(e => e.Entry.Id).Where(id => !present.Contains(id)),
            KnownListFile.Load(PathOf("list.hmidx")).GetEntries().Select(e => e.Id));
    }

    [Fact]
    public void Removal_restricted_to_one_list_keeps_the_same_id_in_the_others_and_an_unknown_list_is_refused()
    {
        var entries = new List<(ListEntry, string)>
        {
            (new ListEntry { Id = "7", Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [1]) }, "a"),
            (new ListEntry { Id = "7", Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [2]) }, "b"),
        };
        KnownList list = LoadAfterWriting(entries, PathOf("two.hmidx"));
        var writer = new KnownListFileWriter();

        Assert.Equal(["7"], writer.AddAllExcept(list, new HashSet<string>(["7"]), fromList: "b"));
        KnownListFileInfo info = writer.Save(PathOf("two.hmidx"), 31);
        Assert.Equal([("a", 1)], info.Lists.Where(l => l.Entries > 0).Select(l => (l.List, l.Entries)));

        ArgumentException refused = Assert.Throws<ArgumentException>(() => new KnownListFileWriter().AddAllExcept(list, new HashSet<string>(["7"]), fromList: "c"));
        Assert.Contains("no list named 'c'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_list_is_copied_with_its_changes()
    {
        var entries = KnownListFileTests.RichEntries(50, 6);
        KnownList changed = LoadAfterWriting(entries, PathOf("base.hmidx")).WithChanges(new KnownListChanges()
            .Remove(entries[0].Entry.Id)
            .Add(new ListEntry { Id = "added", Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [9]) }));
        var writer = new KnownListFileWriter();
        writer.AddAll(changed);
        Assert.Equal(["added"], writer.AddAllExcept(changed, new HashSet<string>(["added"])));
        writer.Save(PathOf("changed.hmidx"), 31);

        string[] expected = [.. entries.Skip(1).Select(e => e.Entry.Id), "added"];
        Assert.Equal([.. expected, .. expected.SkipLast(1)], KnownListFile.Load(PathOf("changed.hmidx")).GetEntries().Select(e => e.Id));
    }

    [Fact]
    public void A_writer_is_used_once()
    {
        KnownListFileWriter writer = WriterOf(KnownListFileTests.RichEntries(10, 4));
        writer.Save(PathOf("once.hmidx"), 31);
        Assert.Throws<InvalidOperationException>(() => writer.Add(new ListEntry { Id = "x", Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [3]) }, "l"));
        Assert.Throws<InvalidOperationException>(() => writer.Save(PathOf("twice.hmidx"), 31));
        Assert.False(File.Exists(PathOf("twice.hmidx")));
    }

    private static KnownList LoadAfterWriting(IEnumerable<(ListEntry Entry, string List)> entries, string path)
    {
        WriterOf(entries).Save(path, HashMatchDefaults.PdqMatchThreshold);
        return KnownListFile.Load(path);
    }
}
