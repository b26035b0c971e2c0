using System.Diagnostics;
using HashMatch.Evaluation;

namespace HashMatch.Cli.Output;

/// <summary>
/// Progress of <c>eval</c> when stderr is not a terminal (CI, a pipe, a log): a line when a stage starts and at
/// every tenth of it, with the stage's own unit, its share done and the time since the run started.
/// </summary>
internal sealed class EvalProgressLines(TextWriter stderr)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private string _stage = "";
    private int _tenth = -1;

    /// <summary>Writes a line when <paramref name="progress"/> starts a stage or crosses a tenth of it (reports may come from several threads, out of order).</summary>
    public void Report(EvaluationProgress progress)
    {
        int tenth = progress.Total <= 0 ? 10 : (int)(10 * progress.Done / progress.Total);
        lock (_gate)
        {
            if (progress.Stage == _stage && tenth <= _tenth)
            {
                return;
            }

            (_stage, _tenth) = (progress.Stage, tenth);
            double percent = progress.Total <= 0 ? 100 : 100.0 * progress.Done / progress.Total;
            stderr.WriteLine($"eval: {progress.Stage}: {progress.Done:N0}/{progress.Total:N0} {UnitOf(progress.Stage)} ({percent:0} %), {_clock.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private static string UnitOf(string stage) => stage switch
    {
        EvaluationRunner.PairsStage => "pairs",
        EvaluationRunner.IndexStage => "originals queried",
        EvaluationRunner.ThumbnailStage => "pictures",
        _ => "originals",
    };
}
