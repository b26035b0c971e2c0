namespace HashMatch.Tests.Support;

/// <summary>One row of the C++ reference's expected output (see testdata/pdq-reference/PROVENANCE.md).</summary>
internal sealed record ReferenceRow(string File, string SourceImage, int Width, int Height, int Quality, int Norm, PdqHash[] Hashes)
{
    /// <summary>Hashes in <see cref="PdqVariant"/> order: orig, rot90, rot180, rot270, flipx, flipy, flipplus1, flipminus1.</summary>
    public PdqHash this[PdqVariant variant] => Hashes[(int)variant];
}

/// <summary>Reads the expected-hash CSV files.</summary>
internal static class ReferenceVectors
{
    /// <summary>Rows of <c>cpp-reference-lossless.csv</c>: exact pixel buffers and their hashes.</summary>
    public static IReadOnlyList<ReferenceRow> Lossless { get; } = Read("cpp-reference-lossless.csv", lossless: true);

    /// <summary>Rows of <c>cpp-reference-files.csv</c>: encoded files and the reference's hashes of them.</summary>
    public static IReadOnlyList<ReferenceRow> Files { get; } = Read("cpp-reference-files.csv", lossless: false);

    private static List<ReferenceRow> Read(string name, bool lossless)
    {
        string[] lines = File.ReadAllLines(TestData.Path(Path.Combine("pdq-reference", "expected", name)));
        string[] header = lines[0].Split(',');
        int Column(string column) => Array.IndexOf(header, column) is var i and >= 0 ? i : throw new InvalidDataException($"{name}: no column {column}");
        string[] hashColumns = ["pdq_orig", "pdq_rot90", "pdq_rot180", "pdq_rot270", "pdq_flipx", "pdq_flipy", "pdq_flipplus1", "pdq_flipminus1"];
        var rows = new List<ReferenceRow>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] f = line.Split(',');
            rows.Add(new ReferenceRow(
                lossless ? f[Column("lossless_png")] : f[Column("image")],
                lossless ? f[Column("source_image")] : f[Column("image")],
                int.Parse(f[Column("width")]),
                int.Parse(f[Column("height")]),
                int.Parse(f[Column("quality")]),
                int.Parse(f[Column("norm")]),
                hashColumns.Select(c => PdqHash.Parse(f[Column(c)])).ToArray()));
        }

        return rows;
    }
}
