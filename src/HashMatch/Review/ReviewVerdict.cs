namespace HashMatch.Review;

/// <summary>A human reviewer's conclusion about a match decision (or one of its candidates).</summary>
public enum ReviewVerdict
{
    /// <summary>The flagged content is what the list's entry stands for: a true positive.</summary>
    Confirmed,

    /// <summary>The flagged content is not: a false positive of the technology that flagged it.</summary>
    FalsePositive,

    /// <summary>The reviewer could not tell; counted as reviewed, in neither side of the false-positive ratio.</summary>
    Undetermined,
}

/// <summary>How a complaint against a decision ended (Regulation (EU) 2021/1232 asks for complaints and their outcomes).</summary>
public enum ComplaintOutcome
{
    /// <summary>Not decided yet.</summary>
    Pending,

    /// <summary>The decision stands.</summary>
    Upheld,

    /// <summary>The decision was reversed and the content reinstated.</summary>
    Reinstated,
}

/// <summary>The wire names of <see cref="ReviewVerdict"/> and <see cref="ComplaintOutcome"/>: one table for the service, the CLI and the report.</summary>
public static class ReviewNames
{
    private static readonly string[] Verdicts = ["confirmed", "false_positive", "undetermined"];
    private static readonly string[] Outcomes = ["pending", "upheld", "reinstated"];

    /// <summary><c>confirmed</c>, <c>false_positive</c> or <c>undetermined</c>.</summary>
    public static string Name(ReviewVerdict verdict) => Verdicts[(int)verdict];

    /// <summary><c>pending</c>, <c>upheld</c> or <c>reinstated</c>.</summary>
    public static string Name(ComplaintOutcome outcome) => Outcomes[(int)outcome];

    /// <summary>Reads what <see cref="Name(ReviewVerdict)"/> writes (exactly); false for any other text.</summary>
    public static bool TryParse(string? name, out ReviewVerdict verdict)
    {
        int at = Array.IndexOf(Verdicts, name);
        verdict = (ReviewVerdict)Math.Max(at, 0);
        return at >= 0;
    }

    /// <summary>Reads what <see cref="Name(ComplaintOutcome)"/> writes (exactly); false for any other text.</summary>
    public static bool TryParse(string? name, out ComplaintOutcome outcome)
    {
        int at = Array.IndexOf(Outcomes, name);
        outcome = (ComplaintOutcome)Math.Max(at, 0);
        return at >= 0;
    }
}
