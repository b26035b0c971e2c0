using HashMatch.Cli;

namespace HashMatch.Tests.Cli;

/// <summary>
/// The exit code under a signal (issue 12 audit, rechecked): Ctrl-C during an index build's final write let the write
/// finish and rename the new file into place, yet the process exited 130, which tells a script that the earlier file
/// is intact. A command that finished its work exits 0; anything else under a signal exits 130 / 143.
/// </summary>
public sealed class SignalExitCodeTests
{
    [Theory]
    [InlineData(0, ExitCodes.Success, ExitCodes.Success)]
    [InlineData(0, ExitCodes.Failed, ExitCodes.Failed)]
    [InlineData(ExitCodes.Interrupted, ExitCodes.Success, ExitCodes.Success)]             // the write was done: the new file is there
    [InlineData(ExitCodes.Interrupted, ExitCodes.Interrupted, ExitCodes.Interrupted)]     // cancelled where it worked
    [InlineData(ExitCodes.Terminated, ExitCodes.Interrupted, ExitCodes.Terminated)]
    [InlineData(ExitCodes.Interrupted, ExitCodes.SomeInputsFailed, ExitCodes.Interrupted)] // some inputs were left undone
    public void A_signal_sets_the_exit_code_unless_the_command_finished(int signalled, int commandExit, int expected) =>
        Assert.Equal(expected, ExitCodes.AfterSignal(signalled, commandExit));
}
