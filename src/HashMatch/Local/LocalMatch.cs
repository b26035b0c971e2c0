using System.Diagnostics.CodeAnalysis;

namespace HashMatch.Local;

/// <summary>A known picture a <see cref="LocalIndex"/> query matched, with the evidence.</summary>
[Experimental(LocalApi.DiagnosticId)]
public sealed class LocalMatch
{
    /// <summary>The known picture: its position in the list the index was built from.</summary>
    public required int Id { get; init; }

    /// <summary>Feature matches consistent with <see cref="Transform"/> (distinct on both sides): the score compared with <see cref="LocalMatchOptions.MinInliers"/>.</summary>
    public required int Inliers { get; init; }

    /// <summary>Query features with a descriptor match in this picture before the geometric check.</summary>
    public required int Votes { get; init; }

    /// <summary>Where the query lies in the known picture.</summary>
    public required LocalTransform Transform { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"{Id}: {Inliers} inliers of {Votes} votes, scale {Transform.Scale:0.###}, rotation {Transform.RotationDegrees:0.#}°{(Transform.Mirrored ? ", mirrored" : "")}");
}
