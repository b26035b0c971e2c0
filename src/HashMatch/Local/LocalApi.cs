namespace HashMatch.Local;

/// <summary>
/// The local-feature signal (issue 24) is experimental until it settles: every public type here carries
/// <see cref="System.Diagnostics.CodeAnalysis.ExperimentalAttribute"/> with <see cref="DiagnosticId"/>, so a caller
/// opts in knowingly (<c>&lt;NoWarn&gt;$(NoWarn);HASHMATCH0002&lt;/NoWarn&gt;</c>) and a later version may change the
/// stored format or the defaults without a major version (docs/local-features.md).
/// </summary>
internal static class LocalApi
{
    /// <summary>The compiler diagnostic a use of the local-feature API raises until the caller opts in.</summary>
    public const string DiagnosticId = "HASHMATCH0002";
}
