using System.CommandLine;

namespace HashMatch.Cli.Options;

/// <summary>
/// Options whose value is one of a fixed set of names (output formats, list layouts, progress modes), matched
/// case-insensitively; anything else is an argument error listing the valid names (never a .NET type name).
/// </summary>
/// <remarks>
/// The default is the type's default value (the first enum member) and is not given to the parser as a default
/// value factory: help would print it as the member's .NET name (<c>[default: Tsv]</c>), and the description
/// already names it as the user types it.
/// </remarks>
internal static class NamedValueOption
{
    /// <param name="name">The option, e.g. <c>--format</c>.</param>
    /// <param name="description">What the option chooses; the valid names and the default are appended.</param>
    /// <param name="values">Command-line names and their values.</param>
    /// <param name="defaultName">The name of the value used when the option is absent: must map to <c>default(T)</c>.</param>
    /// <param name="helpName">The placeholder in usage (<c>--list-format &lt;layout&gt;</c>); default: the names joined by '|'.</param>
    public static Option<T> Create<T>(string name, string description, IReadOnlyDictionary<string, T> values, string defaultName, string? helpName = null)
    {
        var lookup = new Dictionary<string, T>(values, StringComparer.OrdinalIgnoreCase);
        if (!EqualityComparer<T>.Default.Equals(lookup[defaultName], default))
        {
            throw new ArgumentException($"{name}: the default '{defaultName}' must be the type's default value", nameof(defaultName));
        }

        string valid = string.Join(", ", values.Keys);
        return new Option<T>(name)
        {
            Description = $"{description} One of: {valid} (default {defaultName}).",
            HelpName = helpName ?? string.Join('|', values.Keys),
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
