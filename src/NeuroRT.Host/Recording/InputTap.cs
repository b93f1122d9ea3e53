using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;
using NeuroRT.Formats.Xdf;
using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Host.Recording;

/// <summary>
/// Records the source's samples as the pipeline received them (float32, every channel), and each marker channel's
/// non-zero codes again as a string marker stream of their texts, at the sample's timestamp.
/// </summary>
internal sealed class InputTap(PipelineRecording recording, string[] outputs) : IPipelineOutput
{
    private uint _stream;
    private int _width;
    private int[] _markerChannels = [];
    private uint[] _markerStreams = [];
    private Dictionary<float, string> _texts = [];
    private readonly string[] _one = new string[1];
    private readonly double[] _stamp = new double[1];

    public void Open(StreamFormat format)
    {
        _width = format.ChannelCount;
        var channels = new List<XdfChannelDescription>(format.ChannelCount);
        var markers = new List<int>();
        for (int c = 0; c < format.ChannelCount; c++)
        {
            var info = format.Channels[c];
            channels.Add(new XdfChannelDescription(info.Name, info.Type, info.Unit));
            if (ChannelTypes.IsMarker(info)) markers.Add(c);
        }

        string type = format.Type.Length > 0 ? format.Type : "EEG";
        _stream = recording.AddStream(new XdfStreamDescription(format.Name, type, XdfChannelFormat.Float32, channels, format.NominalRate, $"neurort-input-{format.Name}"), "source", "input", outputs);
        _markerChannels = [.. markers];
        _markerStreams = new uint[markers.Count];
        _texts = recording.MarkerTexts();
        for (int m = 0; m < markers.Count; m++)
        {
            string name = format.Channels[markers[m]].Name;
            _markerStreams[m] = recording.AddStream(new XdfStreamDescription(name, "Markers", XdfChannelFormat.String, [new XdfChannelDescription(name, "marker")], 0, $"neurort-markers-{name}"), "source", "markers", outputs);
        }

        recording.TapOpened();
    }

    public void Write(OutputPacket packet)
    {
        var recorder = recording.Recorder!;
        var frames = packet.Frames;
        bool wait = recording.Lossless;
        recorder.Append(_stream, frames.Timestamps, frames.Values, wait);
        if (_markerChannels.Length == 0) return;
        ReadOnlySpan<float> values = frames.Values;
        ReadOnlySpan<double> stamps = frames.Timestamps;
        for (int s = 0; s < stamps.Length; s++)
        {
            for (int m = 0; m < _markerChannels.Length; m++)
            {
                float code = values[s * _width + _markerChannels[m]];
                if (code == 0 || float.IsNaN(code)) continue;
                _one[0] = MarkerTexts.Text(_texts, code);
                _stamp[0] = stamps[s];
                recorder.AppendStrings(_markerStreams[m], _stamp, _one, wait);
            }
        }
    }

    public void Close() => recording.TapClosed();

    public void Dispose() { }
}
