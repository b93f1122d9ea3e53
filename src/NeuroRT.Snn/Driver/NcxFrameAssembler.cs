using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Driver;

/// <summary>
/// Turns one run's board→host bytes into 90-bit frames (spec §6): bytes before the 0xFF start marker are stale (the
/// power-up 0x00, leftovers) and counted; after it bits are taken least significant first across byte boundaries, 90 per
/// frame. Frames go into a caller's word array (two words per frame) used as a ring of <c>ringFrames</c> frames, so a
/// batch run fills its raster directly and a streaming run keeps the last few. The run ends after a known number of data
/// bytes (batch: from τₙ; streaming: unknown until the terminator is sent). Allocation-free.
/// </summary>
internal sealed class NcxFrameAssembler
{
    private ulong[] _target = [];
    private int _ringFrames;
    private int _keepFrames;
    private long _dataBytesLeft;
    private ulong _low;
    private ulong _high;
    private int _bit;

    /// <summary>Whether the start marker has been seen.</summary>
    public bool Marker { get; private set; }

    /// <summary>Frames completed (1-based number of the last one).</summary>
    public int Frames { get; private set; }

    /// <summary>Data bytes received after the marker.</summary>
    public long DataBytes { get; private set; }

    /// <summary>Bytes skipped before the marker.</summary>
    public long StaleBytes { get; private set; }

    /// <summary>Whether every data byte of the run has arrived.</summary>
    public bool Complete => Marker && _dataBytesLeft == 0;

    /// <summary>
    /// Starts a run of <paramref name="dataBytes"/> data bytes (−1: not yet known), storing frames 1…
    /// <paramref name="keepFrames"/> into <paramref name="target"/> as a ring of <paramref name="ringFrames"/>.
    /// </summary>
    public void Begin(ulong[] target, int ringFrames, int keepFrames, long dataBytes)
    {
        _target = target;
        _ringFrames = ringFrames;
        _keepFrames = keepFrames;
        _dataBytesLeft = dataBytes;
        _low = _high = 0;
        _bit = 0;
        Marker = false;
        Frames = 0;
        DataBytes = 0;
        StaleBytes = 0;
    }

    /// <summary>Sets the run's total data bytes once known (streaming: when the terminator is sent).</summary>
    public void SetTotalDataBytes(long total) => _dataBytesLeft = total - DataBytes;

    /// <summary>The frame with 1-based number <paramref name="frame"/> (must still be in the ring).</summary>
    public NcxSpikeFrame Frame(int frame)
    {
        int at = 2 * ((frame - 1) % _ringFrames);
        return new NcxSpikeFrame(frame, _target[at], _target[at + 1]);
    }

    /// <summary>Consumes bytes of the run; returns how many (bytes after the run's last data byte are left).</summary>
    public int Feed(ReadOnlySpan<byte> input)
    {
        int i = 0;
        while (i < input.Length && !Complete)
        {
            byte b = input[i++];
            if (!Marker)
            {
                if (b == 0xFF)
                {
                    Marker = true;
                }
                else
                {
                    StaleBytes++;
                }

                continue;
            }

            _dataBytesLeft--;
            DataBytes++;
            int value = b;
            int left = 8;
            while (left > 0)
            {
                int take = Math.Min(left, NcxLayout.Neurons - _bit);
                ulong piece = (ulong)(value & ((1 << take) - 1));
                if (_bit < 64)
                {
                    _low |= piece << _bit;
                    if (_bit + take > 64)
                    {
                        _high |= piece >> (64 - _bit);
                    }
                }
                else
                {
                    _high |= piece << (_bit - 64);
                }

                _bit += take;
                value >>= take;
                left -= take;
                if (_bit == NcxLayout.Neurons)
                {
                    CompleteFrame();
                }
            }
        }

        return i;
    }

    private void CompleteFrame()
    {
        Frames++;
        if (Frames <= _keepFrames)
        {
            int at = 2 * ((Frames - 1) % _ringFrames);
            _target[at] = _low;
            _target[at + 1] = _high;
        }

        _low = _high = 0;
        _bit = 0;
    }
}
