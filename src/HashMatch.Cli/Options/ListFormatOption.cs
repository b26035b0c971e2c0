using System.CommandLine;
using HashMatch.Lists;

namespace HashMatch.Cli.Options;

/// <summary>The command-line names of <see cref="ListFormat"/> (<c>--list-format</c>, <c>lists convert --from/--to</c>).</summary>
internal static class ListFormatOption
{
    /// <summary>Every layout by its name (<see cref="ListFormatNames"/>), <c>auto</c> first.</summary>
    public static readonly IReadOnlyDictionary<string, ListFormat> Names = ListFormatNames.All.ToDictionary(
        name => name, name => ListFormatNames.TryParse(name, out ListFormat format) ? format : ListFormat.Auto, StringComparer.OrdinalIgnoreCase);

    /// <summary>The command-line name of <paramref name="format"/>.</summary>
    public static string NameOf(ListFormat format) => ListFormatNames.Of(format);

    /// <summary>A layout option that accepts <c>auto</c> (detect from the file).</summary>
    public static Option<ListFormat> Create(string name, string description) =>
        NamedValueOption.Create(name, description, Names, "auto", "layout");

    /// <summary>
    /// A layout option for writing: layouts with a writer only. <c>auto</c> and read-only layouts (<c>nsrl</c>) are
    /// refused with a message saying why, not just as unknown names. When the option is absent it parses as
    /// <see cref="ListFormat.Auto"/>, which the command replaces with the layout <paramref name="defaultName"/> names.
    /// </summary>
    public static Option<ListFormat> CreateConcrete(string name, string description, string defaultName)
    {
        string[] writable = [.. Names.Where(p => ListWriter.CanWrite(p.Value)).Select(p => p.Key)];
        string valid = string.Join(", ", writable);
        return new Option<ListFormat>(name)
        {
            Description = $"{description} One of: {valid} (default {defaultName}).",
            HelpName = "layout",
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (Names.TryGetValue(text, out ListFormat format) && ListWriter.CanWrite(format))
                {
                    return format;
                }

                result.AddError(format == ListFormat.Auto && Names.ContainsKey(text)
                    ? $"{name} needs the layout to write: 'auto' only detects layouts when reading (use one of: {valid})"
                    : Names.ContainsKey(text)
                        ? $"'{text}' lists are read, not written (use one of: {valid} for {name})"
                        : $"'{text}' is not a valid value for {name} (use one of: {valid})");
                return default;
            },
        };
    }
}
