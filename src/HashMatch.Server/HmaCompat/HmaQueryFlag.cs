namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's boolean query parameters: <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c> and pydantic's other spellings
/// (<c>yes</c>/<c>no</c>, <c>on</c>/<c>off</c>, <c>t</c>/<c>f</c>, <c>y</c>/<c>n</c>), in any case.
/// </summary>
internal static class HmaQueryFlag
{
    /// <summary>HMA 1.0's message for a value that is none of those.</summary>
    public const string Invalid = "invalid boolean parameter - prefer true/false";

    /// <summary>The flag's value, <paramref name="absent"/> when not given, or null when it is not a boolean.</summary>
    public static bool? Parse(string? value, bool absent) => value?.ToLowerInvariant() switch
    {
        null => absent,
        "true" or "1" or "yes" or "on" or "t" or "y" => true,
        "false" or "0" or "no" or "off" or "f" or "n" => false,
        _ => null,
    };
}
