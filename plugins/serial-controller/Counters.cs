namespace NeuroRT.Plugins.SerialController;

/// <summary>The names of the counters this output reports through <see cref="IPluginHost.Count"/>.</summary>
public static class Counters
{
    /// <summary>Commands written to the port.</summary>
    public const string Sent = "sent";

    /// <summary>Commands not sent: confidence below <c>min-confidence</c>.</summary>
    public const string LowConfidence = "below min-confidence";

    /// <summary>Commands dropped by <c>rate-limit</c> (the first command of each interval is sent, later ones dropped).</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>Values changed by <c>clamp</c>.</summary>
    public const string Clamped = "clamped values";

    /// <summary>int16 values saturated to -32768..32767 after <c>scale</c>.</summary>
    public const string Saturated = "saturated values";

    /// <summary>Commands not sent: a NaN value, a name missing from the table, a value the template or frame needs but the command lacks, or too long.</summary>
    public const string Rejected = "rejected commands";

    /// <summary>Stalls: the watchdog deadline passed without a fresh command (once per stall).</summary>
    public const string WatchdogStalls = "watchdog stalls";

    /// <summary>Safe commands the watchdog wrote (one per stall, more with <c>safe-repeat</c>).</summary>
    public const string WatchdogSafe = "watchdog safe commands";

    /// <summary>Fresh commands sent after a stall.</summary>
    public const string WatchdogResumes = "watchdog resumes";

    /// <summary>Safe commands written at Close.</summary>
    public const string SafeOnClose = "safe on close";

    /// <summary>The device hung up or was unplugged.</summary>
    public const string HangUps = "hang-ups";

    /// <summary>Commands not sent because the device was gone.</summary>
    public const string Disconnected = "dropped while disconnected";

    /// <summary>The port reopened after a hang-up.</summary>
    public const string Reconnects = "reconnects";
}
