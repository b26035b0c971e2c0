using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace HashMatch.Evaluation;

/// <summary>
/// Tick marks for an axis whose coordinates are base-10 logarithms (ScottPlot 5 has no logarithmic axis; the data
/// are plotted as log10 and the ticks say what the values are).
/// </summary>
internal static class LogTicks
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Major ticks "10ⁿ" at every decade from <paramref name="lowExponent"/> to <paramref name="highExponent"/>, minor ticks at 2..9 × 10ⁿ.</summary>
    public static NumericManual Decades(int lowExponent, int highExponent)
    {
        var ticks = new NumericManual();
        for (int e = lowExponent; e <= highExponent; e++)
        {
            ticks.AddMajor(e, PowerOfTen(e));
            if (e < highExponent)
            {
                for (int k = 2; k <= 9; k++)
                {
                    ticks.AddMinor(e + Math.Log10(k));
                }
            }
        }

        return ticks;
    }

    /// <summary>"10⁻⁶", "10⁰" = "1".</summary>
    public static string PowerOfTen(int exponent) => exponent switch
    {
        0 => "1",
        1 => "10",
        _ => "10" + string.Concat(exponent.ToString(Invariant).Select(Superscript)),
    };

    private static char Superscript(char c) => c switch
    {
        '-' => '⁻',
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        _ => (char)('⁴' + (c - '4')),
    };
}
