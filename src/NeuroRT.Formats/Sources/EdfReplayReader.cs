using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Sources.Replay;

namespace NeuroRT.Formats.Sources;

/// <summary>
/// Reads an EDF/BDF file record by record for a replay: the picked signals interleaved, the marker channel (if any)
/// last, each sample stamped at its record's onset + i / rate (EDF+D gaps kept).
/// </summary>
internal sealed class EdfReplayReader : IReplayReader
{
    private readonly EdfFile _file;
    private readonly int[] _signals;
    private readonly int _spr;
    private readonly EdfMarkerChannel? _markers;
    private readonly float[] _record;
    private readonly float[] _rows;
    private int _nextRecord;
    private int _position;
    private int _nextMarker;
    private double _onset;

    public EdfReplayReader(EdfFile file, int[] signals, int samplesPerRecord, double rate, EdfMarkerChannel? markers)
    {
        _file = file;
        _signals = signals;
        _spr = samplesPerRecord;
        Rate = rate;
        _markers = markers;
        Width = signals.Length + (markers is null ? 0 : 1);
        _record = new float[samplesPerRecord * signals.Length];
        _rows = markers is null ? _record : new float[samplesPerRecord * Width];
        SampleCount = (long)file.RecordCount * samplesPerRecord;
        FirstStamp = file.RecordCount > 0 ? file.RecordOnset(0) : 0;
        LastStamp = file.RecordCount > 0 ? file.RecordOnset(file.RecordCount - 1) + (samplesPerRecord - 1) / rate : 0;
        Rewind();
    }

    public int Width { get; }

    public double Rate { get; }

    public long SampleCount { get; }

    public double FirstStamp { get; }

    public double LastStamp { get; }

    public void Rewind()
    {
        _nextRecord = 0;
        _position = _spr;
        _nextMarker = 0;
    }

    public int Read(Span<float> values, Span<double> stamps)
    {
        if (_position == _spr)
        {
            if (_nextRecord >= _file.RecordCount) return 0;
            _file.ReadRecordInterleaved(_nextRecord, _signals, _record);
            if (_markers is not null) _nextMarker = _markers.Write(_nextRecord, _spr, _record, _signals.Length, _rows, _nextMarker);
            _onset = _file.RecordOnset(_nextRecord);
            _nextRecord++;
            _position = 0;
        }

        int n = Math.Min(stamps.Length, _spr - _position);
        _rows.AsSpan(_position * Width, n * Width).CopyTo(values);
        for (int i = 0; i < n; i++) stamps[i] = _onset + (_position + i) / Rate;
        _position += n;
        return n;
    }
}
