namespace HashMatch;

/// <summary>
/// Reads plain PDQ hash lists: one hash (64 hex digits) per line, optionally followed by a comma or tab and a
/// quality. Blank lines are skipped. Entry ids are 1-based line numbers, so a match points back to its line. A
/// shorthand for <see cref="HashListReader"/> with <see cref="HashListFormat.PlainPdq"/>, which reads every layout.
/// </summary>
public static class PdqHashList
{
    /// <summary>Reads the list at <paramref name="path"/>.</summary>
    /// <exception cref="HashMatchException">The file cannot be read, or a line is not a PDQ hash (the message gives the line).</exception>
    public static IndexEntry[] ReadEntries(string path) => HashListReader.Read(path, HashListFormat.PlainPdq).PdqEntries();

    /// <summary>Reads a list from <paramref name="reader"/>; <paramref name="inputName"/> names it in errors.</summary>
    /// <exception cref="HashMatchException">A line is not a PDQ hash (the message gives the line number and why).</exception>
    public static IndexEntry[] ReadEntries(TextReader reader, string inputName) => HashListReader.ReadFrom(reader, inputName, HashListFormat.PlainPdq).PdqEntries();
}
