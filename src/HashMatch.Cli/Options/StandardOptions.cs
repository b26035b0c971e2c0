using System.CommandLine;
using HashMatch.Cli.Output;

namespace HashMatch.Cli.Options;

/// <summary>The options several commands share, each defined once with its range check (a value out of range exits with 2).</summary>
internal static class StandardOptions
{
    /// <summary>Upper bound for <c>--parallel</c>: far above any useful degree, low enough that a typo cannot start 100,000 decodes.</summary>
    public const int MaxParallelism = 1024;

    public static Option<int> Parallelism(string what) => Ranged(
        new Option<int>("--parallel") { Description = $"{what} at once (default: one per core, {Environment.ProcessorCount} here).", DefaultValueFactory = _ => Environment.ProcessorCount },
        1,
        MaxParallelism);

    public static Option<OutputFormat> Format() => NamedValueOption.Create(
        "--format",
        "Output: tsv (one header line, then one line per record) or jsonl (one JSON object per line).",
        new Dictionary<string, OutputFormat> { ["tsv"] = OutputFormat.Tsv, ["jsonl"] = OutputFormat.Jsonl },
        "tsv");

    public static Option<ProgressMode> Progress() => NamedValueOption.Create(
        "--progress",
        "Progress on stderr: auto (a live line when stderr is a terminal), plain (a line every few seconds, for logs), none.",
        new Dictionary<string, ProgressMode> { ["auto"] = ProgressMode.Auto, ["plain"] = ProgressMode.Plain, ["none"] = ProgressMode.None },
        "auto");

    public static Option<int> MaxDistance(string description) => Ranged(
        new Option<int>("--max-distance") { Description = description, DefaultValueFactory = _ => HashMatchDefaults.PdqMatchThreshold },
        0,
        PdqHash.BitLength);

    public static Option<int> MinQuality(string description) => Ranged(
        new Option<int>("--min-quality") { Description = description, DefaultValueFactory = _ => HashMatchDefaults.PdqMinQuality },
        PdqQualityScale.Min,
        PdqQualityScale.Max);

    public static Option<bool> FollowSymlinks() => new("--follow-symlinks")
    {
        Description = "Enter directories reached through symbolic links while walking folders (each directory at most once; loops are reported). Links to files are always followed.",
    };

    public static Option<T> Ranged<T>(Option<T> option, T minimum, T maximum)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            T value = result.GetValueOrDefault<T>();
            if (value.CompareTo(minimum) < 0 || value.CompareTo(maximum) > 0)
            {
                result.AddError($"{option.Name} must be {minimum}..{maximum} (got {value})");
            }
        });
        return option;
    }
}
