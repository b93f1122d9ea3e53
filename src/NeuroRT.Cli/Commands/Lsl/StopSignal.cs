using System.Runtime.InteropServices;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation token, for commands that run until stopped: the first signal
/// asks the command to stop cleanly (close the stream, print a summary); a second Ctrl-C ends the process at once.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration? _term;
    private int _interrupts;

    public StopSignal()
    {
        Console.CancelKeyPress += OnCancel;
        try
        {
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                Stop();
            });
        }
        catch (PlatformNotSupportedException)
        {
        }
    }

    /// <summary>Fires on the first Ctrl-C or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once asked to stop.</summary>
    public bool IsStopping => _stop.IsCancellationRequested;

    /// <summary>Asks the command to stop (as a Ctrl-C does).</summary>
    public void Stop()
    {
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Sleeps up to <paramref name="milliseconds"/>; false when woken by a stop request.</summary>
    public bool Sleep(int milliseconds) => milliseconds <= 0 ? !IsStopping : !_stop.Token.WaitHandle.WaitOne(milliseconds);

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref _interrupts) > 1) return; // the second Ctrl-C ends the process
        e.Cancel = true;
        Stop();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _term?.Dispose();
        _stop.Dispose();
    }
}
