namespace HashMatch.Evaluation;

/// <summary>Progress of a run: the stage, and items done of the stage's total.</summary>
public readonly record struct EvaluationProgress(string Stage, long Done, long Total);
