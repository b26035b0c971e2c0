using System.Globalization;

namespace HashMatch.Evaluation;

/// <summary>How the report, the headline tables (docs/evaluation.md) and the one-line summary write rates, counts and the operator's figure.</summary>
internal static class NumberText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A rate in scientific notation with three digits, "0" for zero, "–" when undefined (nothing counted).</summary>
    public static string Rate(double rate) => double.IsNaN(rate) ? "–" : rate == 0 ? "0" : rate.ToString("0.00e+0", Invariant);

    /// <summary>A share as a percentage with one decimal, "–" when undefined.</summary>
    public static string Percent(double share) => double.IsNaN(share) ? "–" : share.ToString("0.0%", Invariant);

    /// <summary>An expected count: scientific below 0.01, two decimals below 1,000, grouped digits above.</summary>
    public static string Count(double value) => value switch
    {
        0 => "0",
        < 0.01 => value.ToString("0.0e+0", Invariant),
        < 1000 => value.ToString("0.##", Invariant),
        _ => value.ToString("N0", Invariant),
    };

    /// <summary>"expected (upper bound)", or, when the sample cannot bound the figure, that it is too small and how many pairs it would take.</summary>
    public static string Operator(OperatorFigure figure) => figure.IsInformative
        ? $"{Count(figure.Expected)} ({Count(figure.UpperBound)})"
        : string.Create(Invariant, $"too few pairs (needs {figure.PairsNeeded:N0})");
}
