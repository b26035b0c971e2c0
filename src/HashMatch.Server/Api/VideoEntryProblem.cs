namespace HashMatch.Server.Api;

/// <summary>Why a video entry of a request was refused: the field (<c>videos[2].tmk</c>), the reason as the library names reasons, and a sentence that starts with the field.</summary>
/// <param name="Field">The JSON path of the offending member.</param>
/// <param name="Reason">A <see cref="HashMatchErrorReason"/> name: <c>Malformed</c>, <c>Truncated</c>, <c>TooLarge</c>, ...</param>
/// <param name="Detail">What is wrong, starting with <paramref name="Field"/>.</param>
internal sealed record VideoEntryProblem(string Field, HashMatchErrorReason Reason, string Detail);
