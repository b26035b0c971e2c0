namespace HashMatch;

/// <summary>
/// PDQ's quality scale, 0 (a flat or tiny picture) to 100 (a detailed one), and the one check of a quality that comes
/// from outside — a list's column, a request, an option, a limit. Nothing clamps a quality into the scale: a value
/// outside it is a mistake in the input and is reported as one.
/// </summary>
public static class PdqQualityScale
{
    /// <summary>The lowest quality (a picture with no gradient).</summary>
    public const int Min = 0;

    /// <summary>The highest quality.</summary>
    public const int Max = 100;

    /// <summary>Whether <paramref name="quality"/> is on the scale.</summary>
    internal static bool Contains(long quality) => quality is >= Min and <= Max;

    /// <summary>Null when <paramref name="quality"/> is on the scale; otherwise what is wrong, <c>must be an integer 0..100 (got 101)</c>.</summary>
    public static string? Problem(long quality) => Contains(quality) ? null : $"must be an integer {Min}..{Max} (got {quality})";

    /// <summary>Null when <paramref name="text"/> is a quality on the scale (decimal digits); otherwise what is wrong.</summary>
    public static string? Problem(ReadOnlySpan<char> text, out int quality)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out quality))
        {
            return Problem(quality);
        }

        return $"must be an integer {Min}..{Max} (got '{text}')";
    }

    /// <summary>Returns <paramref name="quality"/> when it is on the scale.</summary>
    /// <param name="quality">The value to check.</param>
    /// <param name="input">What the value belongs to (a list, an entry id, an option), named in the error.</param>
    /// <param name="field">Which of its values it is (<c>quality</c>, <c>MinQueryQuality</c>), named in the error.</param>
    /// <exception cref="HashMatchException">Off the scale (<see cref="HashMatchErrorReason.OutOfRange"/>).</exception>
    public static int Check(long quality, string input, string field) =>
        Problem(quality) is { } problem
            ? throw new HashMatchException(input, HashMatchErrorReason.OutOfRange, $"{field}: {problem}")
            : (int)quality;
}
