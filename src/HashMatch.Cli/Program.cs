using System.Runtime.InteropServices;
using System.Text;
using HashMatch.Cli;
using HashMatch.Cli.Hosting;
using HashMatch.Cli.Output;

// The x86-64-v3 native executable hands the whole process to its x86-64-v4 (AVX-512) build where the CPU has
// AVX-512 and the command searches an index, before anything else happens (Hosting/Avx512Executable.cs); elsewhere
// this returns at once.
Avx512Executable.ExecIfSupported(args);

// Ctrl-C and SIGTERM cancel the command (which removes its temporary files and keeps earlier output files intact) and
// set the conventional exit codes. A command blocked where cancellation cannot reach (a read from a terminal or pipe)
// is ended after a grace period (SignalGrace: 5 s, serve's shutdown timeout for serve); a second signal is left to the
// runtime, which ends the process at once.
using var cancel = new CancellationTokenSource();
int signalled = 0;
void Stop(PosixSignalContext context, int exitCode)
{
    if (Interlocked.CompareExchange(ref signalled, exitCode, 0) == 0)
    {
        context.Cancel = true;

        // The grace period runs on a thread of its own, started before cancelling: cancellation callbacks run on this
        // thread, and a timer continuation would queue behind whatever work fills the thread pool.
        new Thread(() =>
        {
            Thread.Sleep(SignalGrace.Period);
            Environment.Exit(exitCode);
        }) { IsBackground = true, Name = "signal grace period" }.Start();
        cancel.Cancel();
    }
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, ExitCodes.Interrupted));
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, ExitCodes.Terminated));

// stdout is buffered (one flush per batch of records, not per line); stderr stays unbuffered for errors and progress.
var stdout = new StreamWriter(new StandardOutputStream(Console.OpenStandardOutput()), new UTF8Encoding(false), 1 << 16);
int exitCode = await CliApplication.RunAsync(args, stdout, Console.Error, cancel.Token);
try
{
    stdout.Dispose();
}
catch (IOException)
{
    // The reader went away (a closed pipe): nothing left to tell it.
}

return ExitCodes.AfterSignal(signalled, exitCode);
