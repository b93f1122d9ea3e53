using System.Diagnostics;
using System.Xml.Linq;
using NeuroRT.Formats.Recording;
using NeuroRT.Formats.Xdf;
using NeuroRT.Formats.Xdf.Writing;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Inlet;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Cli.Commands.Record;

/// <summary>
/// One LSL stream being recorded: its inlet (clock sync off, so time stamps stay on the stream's own clock as XDF
/// wants), a thread pulling chunks into the recorder with lossless back-pressure, and a clock-offset chunk from the
/// inlet's time correction as soon as the first is measured and then every 5 s, as LabRecorder does. The inlet
/// recovers a vanished stream by its source_id and the samples continue in the same XDF stream.
/// </summary>
internal sealed class StreamRecording : IDisposable
{
    private static readonly long OffsetPeriod = Stopwatch.Frequency * 5;

    private readonly XdfRecorder _recorder;
    private readonly Thread _thread;
    private readonly CancellationToken _cancel;
    private volatile string? _ended;

    public StreamRecording(LslInlet inlet, XdfRecorder recorder, CancellationToken cancel)
    {
        Inlet = inlet;
        _recorder = recorder;
        _cancel = cancel;
        Id = recorder.AddStream(Describe(inlet.Info));
        _thread = new Thread(Run) { Name = "record " + inlet.Info.Name, IsBackground = true };
    }

    public LslInlet Inlet { get; }

    public uint Id { get; }

    public string Name => Inlet.Info.Name;

    /// <summary>Why the stream stopped being recorded before the end (lost for good, recorder failed), else null.</summary>
    public string? Ended => _ended;

    public void Start() => _thread.Start();

    public void Join() => _thread.Join();

    private void Run()
    {
        LslStreamInfo info = Inlet.Info;
        var chunk = new SampleChunk(info.ChannelFormat, info.ChannelCount, 1024);
        double[] doubles = info.ChannelFormat is ChannelFormat.Float32 or ChannelFormat.String ? [] : new double[chunk.Capacity * info.ChannelCount];
        string[] strings = info.ChannelFormat == ChannelFormat.String ? new string[chunk.Capacity * info.ChannelCount] : [];
        long nextOffset = 0;
        try
        {
            while (!_cancel.IsCancellationRequested)
            {
                int n = Inlet.Pull(chunk, 100, _cancel);
                if (n > 0 && !Append(chunk, n, doubles, strings))
                {
                    if (!_cancel.IsCancellationRequested) _ended = "the recording stopped: " + _recorder.Failure?.Message;
                    return;
                }

                if (Stopwatch.GetTimestamp() >= nextOffset && WriteClockOffset()) nextOffset = Stopwatch.GetTimestamp() + OffsetPeriod;
            }
        }
        catch (LslStreamLostException e)
        {
            _ended = e.Message;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool Append(SampleChunk chunk, int n, double[] doubles, string[] strings)
    {
        int channels = chunk.Channels;
        ReadOnlySpan<double> stamps = chunk.Timestamps.AsSpan(0, n);
        switch (chunk.Format)
        {
            case ChannelFormat.Float32:
                return _recorder.Append(Id, stamps, chunk.Floats.AsSpan(0, n * channels), wait: true, _cancel);
            case ChannelFormat.String:
                for (int k = 0; k < n; k++)
                    for (int c = 0; c < channels; c++) strings[(k * channels) + c] = chunk.StringAt(k, c);
                return _recorder.AppendStrings(Id, stamps, strings.AsSpan(0, n * channels), wait: true, _cancel);
            default:
                // Integers and doubles travel as double: exact for all but int64 values beyond 2^53.
                for (int k = 0; k < n; k++)
                    for (int c = 0; c < channels; c++) doubles[(k * channels) + c] = chunk.DoubleAt(k, c);
                return _recorder.Append(Id, stamps, doubles.AsSpan(0, n * channels), wait: true, _cancel);
        }
    }

    // XDF's clock offset: at collection time (stream clock) the recorder's clock minus the stream's. The inlet's
    // correction is that difference; a recovered stream from a new outlet needs its clock measured anew.
    private bool WriteClockOffset()
    {
        if (Inlet.Clock is null) Inlet.TimeCorrection(0);
        if (Inlet.Clock is not { IsValid: true } clock) return false;
        double offset = clock.Correction;
        _recorder.AppendClockOffset(Id, LslClock.Now - offset, offset);
        return true;
    }

    /// <summary>The XDF stream header of an LSL stream: its fields, channel list and the rest of its desc.</summary>
    public static XdfStreamDescription Describe(LslStreamInfo info)
    {
        var channels = new XdfChannelDescription[info.ChannelCount];
        XElement[] listed = info.Desc.Element("channels")?.Elements("channel").ToArray() ?? [];
        for (int c = 0; c < channels.Length; c++)
        {
            XElement? e = c < listed.Length ? listed[c] : null;
            channels[c] = new XdfChannelDescription((string?)e?.Element("label") ?? "", (string?)e?.Element("type") ?? "", (string?)e?.Element("unit") ?? "");
        }

        string rest = string.Concat(info.Desc.Elements().Where(e => e.Name != "channels").Select(e => e.ToString(SaveOptions.DisableFormatting)));
        return new XdfStreamDescription(info.Name, info.Type, Format(info.ChannelFormat), channels, info.NominalRate, info.SourceId,
            rest.Length > 0 ? rest : null, info.Hostname);
    }

    private static XdfChannelFormat Format(ChannelFormat format) => format switch
    {
        ChannelFormat.Float32 => XdfChannelFormat.Float32,
        ChannelFormat.Double64 => XdfChannelFormat.Double64,
        ChannelFormat.String => XdfChannelFormat.String,
        ChannelFormat.Int32 => XdfChannelFormat.Int32,
        ChannelFormat.Int16 => XdfChannelFormat.Int16,
        ChannelFormat.Int8 => XdfChannelFormat.Int8,
        ChannelFormat.Int64 => XdfChannelFormat.Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a stream format"),
    };

    public void Dispose() => Inlet.Dispose();
}
