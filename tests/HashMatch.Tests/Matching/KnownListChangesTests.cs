using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Tests.Indexing;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Matching;

/// <summary>
/// A list derived with <see cref="KnownList.WithChanges"/> answers every query exactly as a list built from scratch
/// over the same final entries: same candidates in the same order with the same verdicts, exclusion included.
/// </summary>
public sealed class KnownListChangesTests
{
    [Property(MaxTest = 60)]
    public Property Changed_lists_answer_like_lists_built_from_scratch(PositiveInt seed, byte baseChoice, byte stepChoice)
    {
        var random = new Random(seed.Get);
        var pool = new EntryPool(random);

        // A base of more than 2,000 entries gets multi-index hashing instead of the scan (KnownList's own choice).
        int baseSize = baseChoice > 240 ? 2_100 + random.Next(200) : baseChoice % 40;
        var known = new ChangedList("known", pool.Entries(baseSize), new KnownListOptions { MaxDistance = 20 + random.Next(20) });
        var allow = new ChangedList("allow", pool.Entries(random.Next(8)), new KnownListOptions { Role = ListRole.Exclusion, Variants = QueryVariants.PixelDihedral });
        for (int step = 0, steps = 1 + (stepChoice % 16); step < steps; step++)
        {
            known.Change(pool, random);
            allow.Change(pool, random);
        }

        foreach (ChangedList list in (ChangedList[])[known, allow])
        {
            if (list.Changed.Count != list.Model.Count || !list.Changed.GetEntries().Select(Key).SequenceEqual(list.Model.Select(Key)))
            {
                return false.Label($"{list.Changed.Name}: entries differ ({list.Changed.Count} vs {list.Model.Count})");
            }
        }

        var changed = new HashMatcher([known.Changed, allow.Changed]);
        var scratch = new HashMatcher([known.Scratch(), allow.Scratch()]);
        for (int q = 0; q < 12; q++)
        {
            (ExactHashes? exact, PdqHashResult pdq, IReadOnlyList<QueryVariantHash> variants) = pool.Query();
            MatchReport expected = scratch.MatchHashes("q", exact, pdq, variants);
            MatchReport actual = changed.MatchHashes("q", exact, pdq, variants);
            string[] actualJson = CandidateText.Of(actual.Candidates), expectedJson = CandidateText.Of(expected.Candidates);
            if (!actualJson.SequenceEqual(expectedJson))
            {
                return false.Label($"query {q}: {string.Join(", ", actualJson)} instead of {string.Join(", ", expectedJson)}");
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void Changes_share_the_base_and_say_how_large_they_are()
    {
        PdqHash hash = IndexData.RandomHash(new Random(1));
        KnownList list = KnownList.Create("known", [Entry("a", hash), Entry("b", hash), Entry("b", hash)]);
        KnownList changed = list
            .WithChanges(new KnownListChanges().Add(Entry("c", hash)).Remove("b"))
            .WithChanges(new KnownListChanges().Remove("c").Add(Entry("d", hash)).Remove("x"));

        Assert.Equal((3, 1, 3, 2), (changed.BaseCount, changed.AddedCount, changed.RemovedIdCount, changed.Count));
        Assert.Equal(["a", "d"], changed.GetEntries().Select(e => e.Id));
        Assert.Equal((3, 0, 0, 3), (list.BaseCount, list.AddedCount, list.RemovedIdCount, list.Count)); // the original is unchanged
    }

    [Fact]
    public void Removing_then_adding_an_id_replaces_it_and_adding_then_removing_leaves_none()
    {
        PdqHash hash = IndexData.RandomHash(new Random(2));
        KnownList list = KnownList.Create("known", [Entry("a", hash, quality: 10)]);

        KnownList replaced = list.WithChanges(new KnownListChanges().Remove("a").Add(Entry("a", hash, quality: 90)));
        KnownList gone = list.WithChanges(new KnownListChanges().Add(Entry("a", hash, quality: 90)).Remove("a"));

        Assert.Equal([90], replaced.GetEntries().Select(e => e.Quality));
        Assert.Empty(gone.GetEntries());
        MatchCandidate match = Assert.Single(new HashMatcher([replaced]).MatchHashes("q", null, new PdqHashResult(hash, 100)).Candidates);
        Assert.Equal(("a", 90, MatchVerdict.Match), (match.EntryId, match.EntryQuality, match.Verdict));
        Assert.Empty(new HashMatcher([gone]).MatchHashes("q", null, new PdqHashResult(hash, 100)).Candidates);
    }

    [Fact]
    public void A_saved_changed_list_holds_its_entries_after_the_changes()
    {
        var random = new Random(3);
        PdqHash hash = IndexData.RandomHash(random);
        KnownList changed = KnownList.Create("known", [Entry("a", hash), Entry("b", IndexData.Near(hash, 3, random))])
            .WithChanges(new KnownListChanges().Remove("a").Add(Entry("c", IndexData.Near(hash, 5, random))));
        string path = Path.Combine(Path.GetTempPath(), $"hm-changes-{Guid.NewGuid():N}.hmidx");
        try
        {
            KnownListFile.Save(changed, path);
            KnownList loaded = KnownListFile.Load(path, name: "known", privateCopy: true);
            Assert.Equal(["b", "c"], loaded.GetEntries().Select(e => e.Id));
            Assert.Equal((2, 0, 0), (loaded.BaseCount, loaded.AddedCount, loaded.RemovedIdCount));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ListEntry Entry(string id, PdqHash hash, int? quality = 100) => new() { Id = id, Pdq = hash, Quality = quality };

    /// <summary>What equality of two entries means here (metadata is not generated).</summary>
    private static (string, PdqHash?, int?, ExactHash?, ExactHash?, bool) Key(ListEntry e) => (e.Id, e.Pdq, e.Quality, e.Md5, e.Sha1, e.Augmented);

    /// <summary>A list changed step by step, and the entries it should hold: a plain list with removals and appends.</summary>
    private sealed class ChangedList(string name, List<ListEntry> initial, KnownListOptions options)
    {
        public KnownList Changed { get; private set; } = KnownList.Create(name, initial, options);

        public List<ListEntry> Model { get; } = [.. initial];

        public KnownList Scratch() => KnownList.Create(name, Model, options);

        /// <summary>One <see cref="KnownList.WithChanges"/> of up to six additions and removals, in random order.</summary>
        public void Change(EntryPool pool, Random random)
        {
            var changes = new KnownListChanges();
            for (int op = 0, ops = random.Next(7); op < ops; op++)
            {
                if (random.Next(5) < 3)
                {
                    ListEntry entry = pool.Entry();
                    changes.Add(entry);
                    Model.Add(entry);
                }
                else
                {
                    string id = pool.Id();
                    changes.Remove(id);
                    Model.RemoveAll(e => e.Id == id);
                }
            }

            Changed = Changed.WithChanges(changes);
        }
    }

    /// <summary>
    /// Entries and queries drawn from few ids, a few PDQ centres and a few digests, so that ids repeat, removals hit,
    /// queries find several entries at various distances and exact hashes collide.
    /// </summary>
    private sealed class EntryPool(Random random)
    {
        private readonly PdqHash[] _centres = [.. Enumerable.Range(0, 5).Select(_ => IndexData.RandomHash(random))];
        private readonly ExactHash[] _md5 = [.. Enumerable.Range(0, 4).Select(i => ExactHash.Compute(ExactHashAlgorithm.Md5, [(byte)i]))];
        private readonly ExactHash[] _sha1 = [.. Enumerable.Range(0, 3).Select(i => ExactHash.Compute(ExactHashAlgorithm.Sha1, [(byte)i]))];
        private readonly int?[] _qualities = [null, 30, 60, 100];

        public string Id() => "e" + random.Next(15);

        public List<ListEntry> Entries(int count) => [.. Enumerable.Range(0, count).Select(_ => Entry())];

        public ListEntry Entry()
        {
            bool pdq = random.Next(5) > 0, md5 = random.Next(5) < 2, sha1 = random.Next(5) == 0;
            return new ListEntry
            {
                Id = Id(),
                Pdq = pdq || !(md5 || sha1) ? Near() : null,
                Quality = _qualities[random.Next(_qualities.Length)],
                Md5 = md5 ? _md5[random.Next(_md5.Length)] : null,
                Sha1 = sha1 ? _sha1[random.Next(_sha1.Length)] : null,
                Augmented = random.Next(10) == 0,
            };
        }

        public (ExactHashes?, PdqHashResult, IReadOnlyList<QueryVariantHash>) Query()
        {
            ExactHashes? exact = random.Next(2) == 0 ? null : new ExactHashes(random.Next(3) > 0 ? _md5[random.Next(_md5.Length)] : default, random.Next(2) == 0 ? _sha1[random.Next(_sha1.Length)] : default, default);
            var pdq = new PdqHashResult(Near(), random.Next(4) == 0 ? 40 : 90);
            IReadOnlyList<QueryVariantHash> variants = random.Next(2) == 0
                ? [new QueryVariantHash(QueryVariant.Original, pdq)]
                : [new QueryVariantHash(QueryVariant.Original, pdq), new QueryVariantHash(QueryVariant.Turned(PdqVariant.Rotate90), new PdqHashResult(Near(), 90))];
            return (exact, pdq, variants);
        }

        private PdqHash Near() => IndexData.Near(_centres[random.Next(_centres.Length)], random.Next(45), random);
    }
}
