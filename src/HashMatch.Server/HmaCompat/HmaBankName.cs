using HashMatch.Server.Storage;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's bank-name rule, <c>[A-Z_][A-Z0-9_]*</c>, for banks created through the HMA routes. A HashMatch bank name
/// must also pass <see cref="BankSettings.NameProblem"/> (1–64 characters, starting with a letter or digit), so of
/// HMA's names those starting with '_' or longer than 64 are refused here too. Banks made through <c>/v1</c> keep
/// HashMatch's rule; the HMA routes list and address them by their names as they are.
/// </summary>
internal static class HmaBankName
{
    /// <summary>HMA's message for a name that breaks its rule.</summary>
    public const string RuleMessage = "Bank names must be UPPER_WITH_UNDERSCORE";

    /// <summary>Why <paramref name="name"/> cannot name a bank made through the HMA routes, or null.</summary>
    public static string? Problem(string name)
    {
        bool hmaRule = name.Length > 0 && (char.IsAsciiLetterUpper(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');
        if (!hmaRule)
        {
            return RuleMessage;
        }

        return BankSettings.NameProblem(name) is { } hashMatchRule ? $"{RuleMessage} ({hashMatchRule})" : null;
    }
}
