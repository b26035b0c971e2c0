namespace HashMatch.Exchanges;

/// <summary>
/// The exchange API is experimental while the programmes' APIs are learned from their public clients rather than
/// tested against the programmes themselves (docs/exchanges.md): every public type here carries
/// <see cref="System.Diagnostics.CodeAnalysis.ExperimentalAttribute"/> with <see cref="DiagnosticId"/>, so a caller
/// opts in knowingly (<c>&lt;NoWarn&gt;$(NoWarn);HASHMATCH0003&lt;/NoWarn&gt;</c>).
/// </summary>
internal static class ExchangeApi
{
    /// <summary>The compiler diagnostic a use of the exchange API raises until the caller opts in.</summary>
    public const string DiagnosticId = "HASHMATCH0003";
}
