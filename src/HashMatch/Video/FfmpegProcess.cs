using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace HashMatch.Video;

/// <summary>
/// One run of <c>ffmpeg</c> or <c>ffprobe</c>: arguments passed as a list (no shell, so no quoting of file names),
/// standard output read by the caller, standard error kept in a bounded tail, and the process tree killed on
/// timeout, cancellation or disposal, so a decoder that hangs on hostile input never outlives its call.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    /// <summary>Characters of standard error kept (the tail is what names the failure).</summary>
    private const int StderrLimit = 8 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenRegistration _killOnCancel;
    private readonly CancellationToken _callerCancel;

    private FfmpegProcess(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _process = process;
        _callerCancel = cancellationToken;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _deadline.CancelAfter(timeout);
        _killOnCancel = _deadline.Token.Register(Kill);
    }

    /// <summary>The process's standard output.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>True once the time limit passed (as opposed to the caller cancelling).</summary>
    public bool TimedOut => _deadline.IsCancellationRequested && !_callerCancel.IsCancellationRequested;

    /// <summary>Starts <paramref name="executable"/>.</summary>
    /// <exception cref="HashMatchException">The executable cannot be started (<see cref="HashMatchErrorReason.DecoderUnavailable"/>).</exception>
    public static FfmpegProcess Start(string executable, IEnumerable<string> arguments, string input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new HashMatchException(input, HashMatchErrorReason.DecoderUnavailable, $"cannot start {executable}: {e.Message}; {FfmpegTools.InstallAdvice}", e);
        }

        process.StandardInput.Close();
        var run = new FfmpegProcess(process, timeout, cancellationToken);
        process.ErrorDataReceived += (_, line) => run.AppendStderr(line.Data);
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Standard error so far (its last <see cref="StderrLimit"/> characters).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The last non-empty line of standard error, or a note that there was none.</summary>
    public string LastStderrLine
    {
        get
        {
            string[] lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length > 0 ? lines[^1] : "no message from FFmpeg";
        }
    }

    /// <summary>Waits for the process to exit (within the time limit) and returns its exit code.</summary>
    public int WaitForExit()
    {
        try
        {
            _process.WaitForExitAsync(_deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Kill();
            _process.WaitForExit();
        }

        _process.WaitForExit(); // flushes the asynchronous standard-error reader
        return _process.ExitCode;
    }

    /// <summary>Throws when the caller cancelled, or the time-limit error when the limit passed.</summary>
    public void ThrowIfStopped(string input, TimeSpan timeout)
    {
        _callerCancel.ThrowIfCancellationRequested();
        if (TimedOut)
        {
            throw new HashMatchException(input, HashMatchErrorReason.TimedOut, $"FFmpeg did not finish within {timeout}; it was stopped");
        }
    }

    public void Dispose()
    {
        _killOnCancel.Dispose();
        Kill();
        _process.Dispose();
        _deadline.Dispose();
    }

    private void AppendStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Append(line).Append('\n');
            if (_stderr.Length > StderrLimit)
            {
                _stderr.Remove(0, _stderr.Length - StderrLimit);
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited, or never started: nothing to stop.
        }
    }
}
