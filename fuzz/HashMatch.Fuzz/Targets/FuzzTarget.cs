namespace HashMatch.Fuzz.Targets;

/// <summary>
/// One fuzzing target: feeds arbitrary bytes to a library entry point and throws <see cref="ContractViolation"/>
/// (or lets any other exception escape) when the library breaks its bad-input contract. The coverage-guided fuzzer
/// (Program) and the test suite's replay of testdata/fuzz (FuzzRegressionTests) run the same targets.
/// </summary>
/// <remarks>
/// The contract (README "Bad input"): every failure is a <see cref="HashMatchException"/> naming the input and giving
/// a defined <see cref="HashMatchErrorReason"/>; nothing else escapes. Time and memory bounds are the fuzzer's
/// (afl-fuzz -t, the runtime's heap limit) and the mutation test's.
/// </remarks>
public abstract class FuzzTarget
{
    /// <summary>The targets by name: decoder, lists, index, pixels, local.</summary>
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>
    {
        ["decoder"] = new DecoderTarget(),
        ["lists"] = new ListTarget(),
        ["index"] = new IndexTarget(),
        ["pixels"] = new PixelTarget(),
        ["local"] = new LocalSignalTarget(),
    };

    /// <summary>Runs the library on <paramref name="input"/>; returns normally when it kept its contract.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>Checks that a rejection names <paramref name="expectedInput"/> and gives a defined reason.</summary>
    protected static void CheckRejection(HashMatchException error, string expectedInput)
    {
        if (error.Input != expectedInput)
        {
            throw new ContractViolation($"the error names '{error.Input}', not the input '{expectedInput}'", error);
        }

        if (!Enum.IsDefined(error.Reason))
        {
            throw new ContractViolation($"the error's reason {(int)error.Reason} is not a defined HashMatchErrorReason", error);
        }

        if (string.IsNullOrWhiteSpace(error.Detail))
        {
            throw new ContractViolation("the error has no detail", error);
        }
    }
}
