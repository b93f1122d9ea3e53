using System.Diagnostics;
using System.Globalization;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Announcing;

/// <summary>
/// Runs a program per event: the configured command line, then the arguments <c>alarm|offset SEQ</c>, with the
/// event's log line (JSON) on standard input. Success is exit code 0 within the timeout; a non-zero exit, a
/// program that cannot start, or one still running at the timeout (it is killed, with its children) is a
/// failure, retried by the worker.
/// </summary>
public sealed class ExecAnnouncer : IAlarmAnnouncer
{
    private readonly string[] _command;
    private readonly TimeSpan _timeout;

    /// <summary>Creates it for <paramref name="command"/> (program then arguments) and a timeout per run.</summary>
    public ExecAnnouncer(string[] command, TimeSpan timeout)
    {
        if (command.Length == 0 || command[0].Length == 0) throw new ArgumentException("exec needs a program", nameof(command));
        _command = command;
        _timeout = timeout;
    }

    /// <inheritdoc />
    public string Name => "exec";

    /// <inheritdoc />
    public void Announce(AlarmEvent alarm, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(_command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        for (int i = 1; i < _command.Length; i++) psi.ArgumentList.Add(_command[i]);
        psi.ArgumentList.Add(alarm.KindName);
        psi.ArgumentList.Add(alarm.Sequence.ToString(CultureInfo.InvariantCulture));

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{_command[0]} did not start");
        // Read both pipes so a chatty program cannot block on a full pipe; keep stderr for the failure message.
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            process.StandardInput.WriteLine(alarm.Line);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program does not read its input (it closed it or already exited): that is its choice.
        }

        bool exited;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            wait.CancelAfter(_timeout);
            try
            {
                process.WaitForExitAsync(wait.Token).GetAwaiter().GetResult();
                exited = true;
            }
            catch (OperationCanceledException)
            {
                exited = false;
            }
        }

        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }

            process.WaitForExit(2000);
            throw new TimeoutException(cancel.IsCancellationRequested
                ? $"{_command[0]} was stopped: the plugin closed"
                : $"{_command[0]} did not finish within {_timeout.TotalSeconds:0.###} s and was killed");
        }

        if (process.ExitCode != 0)
        {
            // A child the program left behind may hold the pipe open: wait for its end of stderr only briefly.
            string tail = stderr.Wait(TimeSpan.FromSeconds(2)) ? stderr.Result.Trim() : "";
            if (tail.Length > 300) tail = tail[^300..];
            throw new InvalidOperationException($"{_command[0]} exited with code {process.ExitCode}{(tail.Length > 0 ? $": {tail}" : "")}");
        }

    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
