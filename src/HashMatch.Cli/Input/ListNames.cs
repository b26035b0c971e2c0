namespace HashMatch.Cli.Input;

/// <summary>List names from file names, made unique (a second <c>known.csv</c> from another folder is named by its path).</summary>
internal sealed class ListNames
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string For(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return _used.Add(name) ? name : _used.Add(path) ? path : throw new HashMatchException(path, HashMatchErrorReason.Malformed, "the same list is given twice");
    }
}
