namespace HashMatch;

/// <summary>
/// The one table of <see cref="PdqVariant"/> names: <c>original</c>, <c>rot90</c>, <c>rot180</c>, <c>rot270</c>,
/// <c>flipx</c>, <c>flipy</c>, <c>flipplus1</c>, <c>flipminus1</c> (Meta's reference names), and the list columns that
/// hold a variant's hash (<c>pdq_rot90</c>, ... — what <c>hashmatch hash --dihedral</c> writes and every list layout
/// reads). Lists, the CLI, the evaluation and the service name the eight transforms only through it.
/// </summary>
public static class PdqVariantNames
{
    private const string ColumnPrefix = "pdq_";

    // Indexed by PdqVariant; the test beside this table checks that every variant has exactly one name.
    private static readonly string[] Names = ["original", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"];

    private static readonly string[] Columns = [.. Names.Select(n => ColumnPrefix + n)];

    /// <summary>The seven variants besides <see cref="PdqVariant.Original"/>, in enum order: the dihedral columns of a list.</summary>
    public static IReadOnlyList<PdqVariant> Turns { get; } =
        [PdqVariant.Rotate90, PdqVariant.Rotate180, PdqVariant.Rotate270, PdqVariant.FlipX, PdqVariant.FlipY, PdqVariant.FlipPlus1, PdqVariant.FlipMinus1];

    /// <summary>The name of <paramref name="variant"/> (<c>rot90</c>, ...).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the eight variants.</exception>
    public static string Name(PdqVariant variant) => Names[Index(variant)];

    /// <summary>The list column holding the hash of <paramref name="variant"/> (<c>pdq_rot90</c>, ...).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the seven turns (the original's hash is the <c>pdq</c> column).</exception>
    public static string Column(PdqVariant variant) =>
        variant == PdqVariant.Original
            ? throw new ArgumentOutOfRangeException(nameof(variant), variant, "The original's hash is the pdq column.")
            : Columns[Index(variant)];

    /// <summary>Reads what <see cref="Name"/> writes, case-insensitively; false for any other text.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out PdqVariant variant) => Find(Names, name, 0, out variant);

    /// <summary>Reads what <see cref="Column"/> writes, case-insensitively; false for any other text (<c>pdq_original</c> too).</summary>
    internal static bool TryParseColumn(ReadOnlySpan<char> column, out PdqVariant variant) => Find(Columns, column, 1, out variant);

    private static int Index(PdqVariant variant) =>
        (uint)variant < (uint)Names.Length ? (int)variant : throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown dihedral variant.");

    private static bool Find(string[] table, ReadOnlySpan<char> text, int first, out PdqVariant variant)
    {
        for (int i = first; i < table.Length; i++)
        {
            if (text.Equals(table[i], StringComparison.OrdinalIgnoreCase))
            {
                variant = (PdqVariant)i;
                return true;
            }
        }

        variant = PdqVariant.Original;
        return false;
    }
}
