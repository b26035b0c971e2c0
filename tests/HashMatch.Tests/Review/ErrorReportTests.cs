using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Review;

namespace HashMatch.Tests.Review;

/// <summary>The technology names and the false-positive report per technology (issue 26).</summary>
public sealed class ErrorReportTests
{
    [Fact]
    public void A_candidate_is_named_by_its_method_its_query_variant_kind_or_a_list_side_crop()
    {
        var random = new Random(26);
        PdqHash hash = RandomHashes.Next(random), cropped = RandomHashes.Next(random);
        var md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, "x"u8);
        KnownList list = KnownList.Create("bank", [
            new ListEntry { Id = "a", Pdq = hash, Md5 = md5, Quality = 100 },
            new ListEntry { Id = "crop", Pdq = cropped, Quality = 100, Augmented = true },
        ]);
        var matcher = new HashMatcher([list.WithOptions(list.Options with { Variants = QueryVariants.All })]);
        static string[] Names(MatchReport report) => [.. report.Candidates.Select(MatchTechnologies.Of)];

        Assert.Equal(["md5", "pdq"], Names(matcher.MatchHashes("q", new ExactHashes(md5, default, default), new PdqHashResult(hash, 100))));
        var other = new PdqHashResult(RandomHashes.Next(random), 100);
        Assert.Equal(["pdq:pixel-dihedral"], Names(matcher.MatchHashes("q", null, other, [new QueryVariantHash(QueryVariant.Original, other), new QueryVariantHash(QueryVariant.Turned(PdqVariant.Rotate90), new PdqHashResult(hash, 100))])));
        Assert.Equal(["pdq:augmented"], Names(matcher.MatchHashes("q", null, new PdqHashResult(cropped, 100))));
        Assert.All(MatchTechnologies.All, name => Assert.True(MatchTechnologies.IsKnown(name)));
        Assert.Equal(["md5", "sha1", "sha256", "pdq", "pdq:pixel-dihedral", "pdq:upscale", "pdq:region", "pdq:augmented", "vpdq", "tmk"], MatchTechnologies.All);
    }

    [Fact]
    public void Review_names_read_back_and_nothing_else_reads()
    {
        foreach (ReviewVerdict verdict in Enum.GetValues<ReviewVerdict>())
        {
            Assert.True(ReviewNames.TryParse(ReviewNames.Name(verdict), out ReviewVerdict back));
            Assert.Equal(verdict, back);
        }

        foreach (ComplaintOutcome outcome in Enum.GetValues<ComplaintOutcome>())
        {
            Assert.True(ReviewNames.TryParse(ReviewNames.Name(outcome), out ComplaintOutcome back));
            Assert.Equal(outcome, back);
        }

        Assert.False(ReviewNames.TryParse("Confirmed", out ReviewVerdict _));
        Assert.False(ReviewNames.TryParse("false-positive", out ReviewVerdict _));
        Assert.False(ReviewNames.TryParse((string?)null, out ComplaintOutcome _));
    }

    [Fact]
    public void A_decision_counts_once_per_technology_that_flagged_it_with_the_candidates_own_verdict_first()
    {
        DecisionOutcome[] decisions =
        [
            // Found by MD5 and by PDQ (two PDQ entries); the reviewer confirmed the MD5 hit and called one PDQ entry wrong.
            new() { Flagged = [new("md5", "b1", ReviewVerdict.Confirmed), new("pdq", "b1", ReviewVerdict.FalsePositive), new("pdq", "b1")], Verdict = ReviewVerdict.Confirmed, Complaints = 1 },
            new() { Flagged = [new("pdq", "b2")], Verdict = ReviewVerdict.FalsePositive, Complaints = 2, Reinstated = true },
            new() { Flagged = [new("pdq", "b1")], Verdict = ReviewVerdict.Undetermined },
            new() { Flagged = [new("pdq:region", "b2")] },
        ];

        ErrorReportRow[] rows = [.. ErrorReport.Compute(decisions)];
        Assert.Equal(["md5", "pdq", "pdq:region", "all"], rows.Select(r => r.Technology));
        ErrorReportRow pdq = rows[1];
        Assert.Equal((3L, 3L, 0L, 2L, 1L, 3L, 1L), (pdq.Flagged, pdq.Reviewed, pdq.Confirmed, pdq.FalsePositives, pdq.Undetermined, pdq.Complaints, pdq.Reinstated));
        Assert.Equal(1.0, pdq.FalsePositiveRatio);
        Assert.Equal((BinomialInterval.Of(2, 2).Low, BinomialInterval.Of(2, 2).High), (pdq.FalsePositiveRatioLow, pdq.FalsePositiveRatioHigh));
        Assert.Null(rows[2].FalsePositiveRatio); // not reviewed: no ratio, not 0
        Assert.Equal((0L, 0L), (rows[2].Reviewed, rows[2].FalsePositives));

        ErrorReportRow total = rows[3];
        Assert.Equal((4L, 3L, 1L, 1L, 1L), (total.Flagged, total.Reviewed, total.Confirmed, total.FalsePositives, total.Undetermined));
        Assert.Equal(0.5, total.FalsePositiveRatio);

        ErrorReportRow[] byBank = [.. ErrorReport.Compute(decisions, byBank: true)];
        Assert.Equal([("md5", "b1"), ("pdq", "b1"), ("pdq", "b2"), ("pdq:region", "b2"), ("all", null)], byBank.Select(r => (r.Technology, r.Bank)));
        Assert.Empty(ErrorReport.Compute([]));
    }

    [Fact]
    public void The_report_equals_a_recount_of_ten_thousand_random_decisions()
    {
        var random = new Random(20261207);
        string[] technologies = ["md5", "sha256", "pdq", "pdq:pixel-dihedral", "pdq:region", "pdq:augmented", "vpdq", "tmk"];
        string[] banks = ["ncmec", "own", "stopncii"];
        var decisions = new List<DecisionOutcome>();
        for (int i = 0; i < 12_000; i++)
        {
            int count = 1 + random.Next(3);
            FlaggedCandidate[] flagged = [.. Enumerable.Range(0, count).Select(_ => new FlaggedCandidate(
                technologies[random.Next(technologies.Length)], banks[random.Next(banks.Length)], random.Next(10) == 0 ? (ReviewVerdict)random.Next(3) : null))];
            int review = random.Next(5);
            decisions.Add(new DecisionOutcome
            {
                Flagged = flagged,
                Verdict = review < 3 ? (ReviewVerdict)review : null,
                Complaints = random.Next(20) == 0 ? 1 + random.Next(2) : 0,
                Reinstated = random.Next(40) == 0,
            });
        }

        foreach (bool byBank in new[] { false, true })
        {
            var rows = ErrorReport.Compute(decisions, byBank).ToDictionary(r => (r.Technology, r.Bank));
            foreach (string technology in technologies)
            {
                string?[] bankRows = byBank ? [.. banks] : [null];
                foreach (string? bank in bankRows)
                {
                    // The recount: each decision's candidates of this row, and the verdict that applies to them.
                    var counted = decisions
                        .Select(d => (d, own: d.Flagged.Where(f => f.Technology == technology && (bank is null || f.Bank == bank)).ToList()))
                        .Where(x => x.own.Count > 0)
                        .Select(x => (x.d, verdict: x.own.Any(f => f.Verdict == ReviewVerdict.Confirmed) ? ReviewVerdict.Confirmed
                            : x.own.Any(f => f.Verdict == ReviewVerdict.FalsePositive) ? ReviewVerdict.FalsePositive
                            : x.own.Any(f => f.Verdict == ReviewVerdict.Undetermined) ? ReviewVerdict.Undetermined
                            : x.d.Verdict))
                        .ToList();
                    ErrorReportRow row = rows[(technology, bank)];
                    long confirmed = counted.Count(c => c.verdict == ReviewVerdict.Confirmed), wrong = counted.Count(c => c.verdict == ReviewVerdict.FalsePositive);
                    Assert.Equal(counted.Count, row.Flagged);
                    Assert.Equal(counted.Count(c => c.verdict is not null), row.Reviewed);
                    Assert.Equal((confirmed, wrong), (row.Confirmed, row.FalsePositives));
                    Assert.Equal(counted.Count(c => c.verdict == ReviewVerdict.Undetermined), row.Undetermined);
                    Assert.Equal(counted.Sum(c => (long)c.d.Complaints), row.Complaints);
                    Assert.Equal(counted.Count(c => c.d.Reinstated), row.Reinstated);
                    Assert.Equal(wrong / (double)(confirmed + wrong), row.FalsePositiveRatio!.Value, 12);
                }
            }

            Assert.Equal(decisions.Count, rows[(ErrorReport.Total, null)].Flagged);
            Assert.Equal(technologies.Length * (byBank ? banks.Length : 1) + 1, rows.Count);
        }
    }
}

/// <summary>Threshold advice from reviewed outcomes (issue 26).</summary>
public sealed class ThresholdAdviceTests
{
    [Fact]
    public void Each_threshold_keeps_what_is_at_or_below_it_and_loses_or_avoids_the_rest()
    {
        ReviewedDistance[] reviewed =
        [
            new(0, ReviewVerdict.Confirmed), new(4, ReviewVerdict.Confirmed), new(4, ReviewVerdict.Confirmed), new(20, ReviewVerdict.Confirmed),
            new(18, ReviewVerdict.FalsePositive), new(30, ReviewVerdict.FalsePositive), new(31, ReviewVerdict.FalsePositive),
            new(2, ReviewVerdict.Undetermined), // says nothing either way
        ];
        IReadOnlyList<ThresholdRow> rows = ThresholdAdvice.Compute(reviewed);
        Assert.Equal(ThresholdAdvice.MaxThreshold + 1, rows.Count);
        Assert.Equal(Enumerable.Range(0, 65), rows.Select(r => r.Threshold));
        static (long, long, long, long) At(ThresholdRow r) => (r.ConfirmedKept, r.ConfirmedLost, r.FalsePositivesKept, r.FalsePositivesAvoided);
        Assert.Equal((1L, 3L, 0L, 3L), At(rows[0]));
        Assert.Equal((3L, 1L, 0L, 3L), At(rows[17]));
        Assert.Equal((3L, 1L, 1L, 2L), At(rows[18]));
        Assert.Equal((4L, 0L, 1L, 2L), At(rows[20]));
        Assert.Equal((4L, 0L, 3L, 0L), At(rows[31]));
        Assert.All(rows, r => Assert.Equal((4L, 3L), (r.ConfirmedKept + r.ConfirmedLost, r.FalsePositivesKept + r.FalsePositivesAvoided)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdAdvice.Compute([new ReviewedDistance(257, ReviewVerdict.Confirmed)]));
    }
}
