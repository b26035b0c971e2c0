namespace HashMatch.Exchanges;

/// <summary>
/// Reads an exchange's credential from where its settings point: <c>env:NAME</c> (an environment variable) or
/// <c>file:PATH</c> (a file, trailing white space dropped). Settings never hold the secret itself, so settings can be
/// stored, listed and logged; the secret is read when a fetch needs it and never put in a message.
/// </summary>
internal static class ExchangeSecret
{
    /// <summary>The longest credential file read (a token or a user:password pair is far shorter).</summary>
    private const int MaxFileBytes = 64 * 1024;

    /// <summary>Why <paramref name="reference"/> cannot name a credential, or null.</summary>
    public static string? Problem(string? reference) =>
        reference is null ? null :
        reference.StartsWith("env:", StringComparison.Ordinal) && reference.Length > 4 ? null :
        reference.StartsWith("file:", StringComparison.Ordinal) && reference.Length > 5 ? null :
        "credentials are given as env:VARIABLE or file:PATH, never as the secret itself";

    /// <summary>The credential <paramref name="reference"/> names.</summary>
    /// <exception cref="HashMatchException">There is no reference, the variable is unset or empty, or the file cannot be read (<see cref="HashMatchErrorReason.Unreadable"/>; the message names the variable or file, never the value).</exception>
    public static string Read(string exchange, string? reference)
    {
        if (reference is null)
        {
            throw new HashMatchException(exchange, HashMatchErrorReason.Unreadable, "this exchange needs credentials (\"credentials\": \"env:VARIABLE\" or \"file:PATH\")");
        }

        if (Problem(reference) is { } problem)
        {
            throw new HashMatchException(exchange, HashMatchErrorReason.Malformed, problem);
        }

        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            string name = reference[4..];
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value.Trim()
                : throw new HashMatchException(exchange, HashMatchErrorReason.Unreadable, $"the credentials variable {name} is not set");
        }

        string path = reference[5..];
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                throw new HashMatchException(exchange, HashMatchErrorReason.TooLarge, $"the credentials file {path} has more than {MaxFileBytes} bytes");
            }

            string text = File.ReadAllText(path).Trim();
            return text.Length > 0 ? text : throw new HashMatchException(exchange, HashMatchErrorReason.Unreadable, $"the credentials file {path} is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(exchange, HashMatchErrorReason.Unreadable, $"cannot read the credentials file {path}: {e.Message}", e);
        }
    }

    /// <summary>Splits <c>first:second</c> (a user and password, or two keys) at its first colon.</summary>
    /// <exception cref="HashMatchException">There is no colon (<see cref="HashMatchErrorReason.Malformed"/>; the value is not shown).</exception>
    public static (string First, string Second) Pair(string exchange, string secret, string what)
    {
        int colon = secret.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < secret.Length - 1
            ? (secret[..colon], secret[(colon + 1)..])
            : throw new HashMatchException(exchange, HashMatchErrorReason.Malformed, $"the credentials are {what}, separated by a colon");
    }
}
