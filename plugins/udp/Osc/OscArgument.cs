namespace NeuroRT.Plugins.Udp.Osc;

/// <summary>One entry of the <c>arguments:</c> list: what an OSC message carries after its address, in list order.</summary>
public enum OscArgument
{
    /// <summary>Every value of the command, one float32 ('f') each, in the order of the value names.</summary>
    Values,

    /// <summary>The command's confidence, float32 ('f').</summary>
    Confidence,

    /// <summary>The sequence number, int64 ('h').</summary>
    Sequence,

    /// <summary>The sequence number, int32 ('i'), wrapping after 2^31 - 1 commands (for receivers without 'h').</summary>
    Sequence32,

    /// <summary>The source timestamp, seconds of the LSL clock, float64 ('d').</summary>
    Timestamp,

    /// <summary>The source timestamp as an OSC timetag ('t'): the LSL time mapped to wall-clock NTP time (see README).</summary>
    Timetag,

    /// <summary>NeuroRT's latency up to this send, milliseconds, float32 ('f').</summary>
    Latency,

    /// <summary>The command's name, OSC string ('s').</summary>
    Name,
}

/// <summary>Parsing of the <c>arguments:</c> list.</summary>
public static class OscArguments
{
    /// <summary>The default list: the values only.</summary>
    public static readonly string[] Default = ["values"];

    /// <summary>The list's names, as written in pipeline files.</summary>
    public const string Names = "values, confidence, sequence (int64 'h'), sequence32 (int32 'i'), timestamp (float64 'd'), timetag ('t'), latency (ms, 'f'), name ('s')";

    /// <summary>Parses the names (case-insensitive); throws <see cref="PluginConfigurationException"/> on an unknown or repeated one.</summary>
    public static OscArgument[] Parse(string[] names)
    {
        if (names.Length == 0) throw new PluginConfigurationException("arguments", $"arguments is empty: list one or more of {Names}");
        var parsed = new OscArgument[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i].Trim();
            if (!Enum.TryParse(name, ignoreCase: true, out OscArgument argument) || int.TryParse(name, out _))
                throw new PluginConfigurationException("arguments", $"arguments[{i}]: unknown argument '{names[i]}': use {Names}");
            if (Array.IndexOf(parsed, argument, 0, i) >= 0)
                throw new PluginConfigurationException("arguments", $"arguments[{i}]: '{names[i]}' is listed twice");
            parsed[i] = argument;
        }

        return parsed;
    }
}
