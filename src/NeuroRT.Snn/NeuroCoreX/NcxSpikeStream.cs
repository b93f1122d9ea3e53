namespace NeuroRT.Snn.NeuroCoreX;

/// <summary>
/// Incremental decoder of one run's board→host spike stream, fed in arbitrary chunks (spec §6, §13): bytes before the
/// 0xFF start marker are skipped (the power-up 0x00, stale output), then 90-bit frames are assembled LSB first and
/// reported as they complete; the run ends after exactly ⌊(90(τₙ−1)+89)/8⌋ data bytes, so bytes after it (a read-back,
/// the next run) are left unconsumed. No allocation after construction.
/// </summary>
public sealed class NcxSpikeStream
{
    private readonly bool[] _frame = new bool[NcxLayout.Neurons];
    private int _dataBytesLeft;
    private int _bit;
    private bool _marker;

    /// <summary>Frames completed so far in this run (1-based number of the last one reported).</summary>
    public int Frames { get; private set; }

    /// <summary>Meaningful frames of the run (τₙ − 1).</summary>
    public int ExpectedFrames { get; private set; }

    /// <summary>Whether all data bytes of the run have arrived.</summary>
    public bool Complete => _marker && _dataBytesLeft == 0;

    /// <summary>Starts a run whose last event is consumed in timestep <paramref name="lastEventTimestep"/>.</summary>
    public void BeginRun(int lastEventTimestep)
    {
        ExpectedFrames = lastEventTimestep - 1;
        _dataBytesLeft = NcxSpikeDecoder.DataBytes(lastEventTimestep);
        _bit = 0;
        _marker = false;
        Frames = 0;
    }

    /// <summary>
    /// Consumes bytes of the run; for each completed meaningful frame calls <paramref name="onFrame"/> with the frame
    /// number (1-based) and the 90 spike flags (valid only during the call). Returns the bytes consumed.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> input, FrameHandler onFrame)
    {
        int i = 0;
        while (i < input.Length && !Complete)
        {
            byte b = input[i++];
            if (!_marker)
            {
                _marker = b == 0xFF;
                continue;
            }

            _dataBytesLeft--;
            for (int j = 0; j < 8; j++)
            {
                _frame[_bit++] = (b >> j & 1) != 0;
                if (_bit == NcxLayout.Neurons)
                {
                    _bit = 0;
                    if (Frames < ExpectedFrames)
                    {
                        Frames++;
                        onFrame(Frames, _frame);
                    }
                }
            }
        }

        return i;
    }

    /// <summary>Receives one decoded frame.</summary>
    public delegate void FrameHandler(int timestep, ReadOnlySpan<bool> spiked);
}
