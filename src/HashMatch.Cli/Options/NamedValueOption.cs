using System.CommandLine;

namespace HashMatch.Cli.Options;

/// <summary>
/// Options whose value is one of a fixed set of names (output formats, list layouts, progress modes), matched
/// case-insensitively; anything else is an argument error listing the valid names (never a .NET type name).
/// </summary>
internal static class NamedValueOption
{
    public static Option<T> Create<T>(string name, string description, IReadOnlyDictionary<string, T> values, string defaultName)
    {
        var lookup = new Dictionary<string, T>(values, StringComparer.OrdinalIgnoreCase);
        string valid = string.Join(", ", values.Keys);
        return new Option<T>(name)
        {
            Description = $"{description} One of: {valid} (default {defaultName}).",
            DefaultValueFactory = _ => lookup[defaultName],
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (lookup.TryGetValue(text, out T? value))
                {
                    return value;
                }

                result.AddError($"'{text}' is not a valid value for {name} (use one of: {valid})");
                return default!;
            },
        };
    }
}
