using System.CommandLine;
using HashMatch.Lists;

namespace HashMatch.Cli.Input;

/// <summary>The <c>--format</c> names of <see cref="HashListFormat"/> on the command line.</summary>
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

    public static string Help => string.Join(", ", Names.Keys);

    public static Option<string> Create(string name, string description, string defaultValue)
    {
        var option = new Option<string>(name) { Description = $"{description} One of: {Help}.", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is not null && !Names.ContainsKey(value))
            {
                result.AddError($"unknown list format '{value}' (use one of: {Help})");
            }
        });
        return option;
    }

    public static HashListFormat Parse(string value) => Names[value];
}
