using System.Globalization;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;
using NeuroRT.Plugins.SeizureAlarm.Log;

namespace NeuroRT.Plugins.SeizureAlarm.Announcing;

/// <summary>
/// An LSL string marker stream (type Markers, irregular rate, one channel): one marker per alarm and offset,
/// e.g. <c>seizure-alarm onset seq=3 onset=1200 confirmed=1210 peak=0.93</c> and
/// <c>seizure-alarm offset seq=3 onset=1200 offset=1250.5 peak=0.97</c>, stamped with the LSL clock when sent
/// (the marker's text carries the source timestamps).
/// </summary>
public sealed class LslAnnouncer : IAlarmAnnouncer
{
    private readonly LslOutlet _outlet;
    private readonly string[] _marker = new string[1];

    /// <summary>Opens the stream <paramref name="stream"/> with <paramref name="config"/>.</summary>
    public LslAnnouncer(string stream, LslConfig config, IPluginHost host)
    {
        var info = new LslStreamInfo
        {
            Name = stream,
            Type = "Markers",
            ChannelCount = 1,
            ChannelFormat = ChannelFormat.String,
            NominalRate = 0,
            SourceId = $"neurort-seizure-alarm-{stream}",
        };
        info.SetChannels([("alarm", "", "Markers")]);
        _outlet = new LslOutlet(info, new LslOutletOptions { Config = config, Log = new HostLslLog(host) });
    }

    /// <summary>The outlet (tests wait for its consumers).</summary>
    public LslOutlet Outlet => _outlet;

    /// <inheritdoc />
    public string Name => "lsl";

    /// <summary>The marker text of an event.</summary>
    public static string Text(AlarmEvent e) => e.Kind == AlarmEventKind.Alarm
        ? string.Create(CultureInfo.InvariantCulture, $"seizure-alarm onset seq={e.Sequence} onset={e.Onset:R} confirmed={e.Confirmed:R} peak={e.Peak:R}")
        : string.Create(CultureInfo.InvariantCulture, $"seizure-alarm offset seq={e.Sequence} onset={e.Onset:R} offset={e.Offset:R} peak={e.Peak:R}");

    /// <inheritdoc />
    public void Announce(AlarmEvent alarm, CancellationToken cancel)
    {
        _marker[0] = Text(alarm);
        _outlet.PushSample(_marker, LslClock.Now);
    }

    /// <inheritdoc />
    public void Dispose() => _outlet.Dispose();

    private sealed class HostLslLog(IPluginHost host) : ILslLog
    {
        public void Write(LslLogLevel level, string message) => host.Log(level == LslLogLevel.Warning ? PluginLogLevel.Warning : PluginLogLevel.Info, $"lsl: {message}");
    }
}
