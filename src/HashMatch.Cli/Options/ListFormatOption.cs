using System.CommandLine;
using HashMatch.Lists;

namespace HashMatch.Cli.Options;

/// <summary>The command-line names of <see cref="HashListFormat"/> (<c>--list-format</c>, <c>lists convert --from/--to</c>).</summary>
internal static class ListFormatOption
{
    public static readonly IReadOnlyDictionary<string, HashListFormat> Names = new Dictionary<string, HashListFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = HashListFormat.Auto,
        ["pdq"] = HashListFormat.PlainPdq,
        ["md5"] = HashListFormat.PlainMd5,
        ["csv"] = HashListFormat.Csv,
        ["tsv"] = HashListFormat.Tsv,
        ["jsonl"] = HashListFormat.JsonLines,
        ["te-signals"] = HashListFormat.SignalLines,
        ["hma-csv"] = HashListFormat.HmaCsv,
    };

    /// <summary>A layout option that accepts <c>auto</c> (detect from the file).</summary>
    public static Option<HashListFormat> Create(string name, string description) =>
        NamedValueOption.Create(name, description, Names, "auto");

    /// <summary>A layout option for writing: concrete layouts only.</summary>
    public static Option<HashListFormat> CreateConcrete(string name, string description, string defaultName) =>
        NamedValueOption.Create(name, description, Names.Where(p => p.Value != HashListFormat.Auto).ToDictionary(), defaultName);
}
