using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Xdf;
using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Host.Recording;

/// <summary>
/// Records the frames of one node that outputs read (the commands), at their source timestamps, and beside them a
/// stream of NeuroRT's own latency per frame (emission minus arrival of the newest sample, in seconds). A frame of
/// several samples (a window) is one XDF sample of channels x samples values, sample-major.
/// </summary>
internal sealed class FrameTap(PipelineRecording recording, string node, string[] outputs) : IPipelineOutput
{
    private uint _frames;
    private uint _latency;
    private double[] _latencies = [];

    public void Open(StreamFormat format)
    {
        var channels = new List<XdfChannelDescription>(format.FrameSize);
        for (int k = 0; k < format.FrameLength; k++)
        {
            foreach (var info in format.Channels)
                channels.Add(new XdfChannelDescription(format.FrameLength == 1 ? info.Name : $"{info.Name}[{k}]", info.Type, info.Unit));
        }

        bool commands = format.FrameLength == 1 && format.ChannelCount > 0;
        foreach (var info in format.Channels) commands &= info.Type == ChannelTypes.ClassScore;
        _frames = recording.AddStream(new XdfStreamDescription(node, commands ? "Commands" : "Frames", XdfChannelFormat.Float32, channels, format.NominalRate, $"neurort-node-{node}"), node, "frames", outputs);
        _latency = recording.AddStream(new XdfStreamDescription($"{node}-latency", "Latency", XdfChannelFormat.Double64, [new XdfChannelDescription("latency", "latency", "s")], format.NominalRate, $"neurort-latency-{node}"), node, "latency", outputs);
        _latencies = new double[64];
        recording.TapOpened();
    }

    public void Write(OutputPacket packet)
    {
        var recorder = recording.Recorder!;
        var frames = packet.Frames;
        int n = frames.Count;
        bool wait = recording.Lossless;
        recorder.Append(_frames, frames.Timestamps, frames.Values, wait);
        if (_latencies.Length < n) _latencies = new double[Math.Max(n, 2 * _latencies.Length)]; // grows once to the packet size
        for (int f = 0; f < n; f++) _latencies[f] = packet.LatencySeconds(f);
        recorder.Append(_latency, frames.Timestamps, _latencies.AsSpan(0, n), wait);
    }

    public void Close() => recording.TapClosed();

    public void Dispose() { }
}
