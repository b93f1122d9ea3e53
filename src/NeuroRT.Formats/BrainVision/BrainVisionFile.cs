using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace NeuroRT.Formats.BrainVision;

/// <summary>
/// A BrainVision Core Data Format 1.0 recording opened for reading: the .vhdr header, the .vmrk markers and the
/// binary .eeg data, whose samples are returned as float32 in each channel's unit (raw x resolution).
/// </summary>
/// <remarks>
/// All buffers are allocated by <see cref="Open"/>; the read methods use positional reads into them and allocate
/// nothing, so they can feed a pipeline source. One instance is not safe for concurrent reads (one shared buffer).
/// </remarks>
public sealed class BrainVisionFile : IDisposable
{
    /// <summary>Bytes read from the data file per positional read; big enough to amortise the call, small enough to stay cached.</summary>
    private const int ChunkBytes = 64 * 1024;

    private readonly SafeFileHandle _data;
    private readonly byte[] _buffer;
    private readonly double[] _scale;
    private readonly int[] _allChannels;
    private readonly int _frameBytes;

    private BrainVisionFile(string path, BrainVisionHeader header, SafeFileHandle data, long sampleCount, List<BrainVisionMarker> markers)
    {
        Path = path;
        Header = header;
        _data = data;
        SampleCount = sampleCount;
        Markers = markers;
        int channels = header.Channels.Count;
        _frameBytes = channels * header.BytesPerSample;
        _buffer = new byte[Math.Max(ChunkBytes / _frameBytes, 1) * _frameBytes];
        _scale = new double[channels];
        _allChannels = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            _scale[c] = header.Channels[c].Resolution;
            _allChannels[c] = c;
        }
    }

    /// <summary>Header file path as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>The parsed header.</summary>
    public BrainVisionHeader Header { get; }

    /// <summary>Channels in file order.</summary>
    public IReadOnlyList<BrainVisionChannel> Channels => Header.Channels;

    /// <summary>Samples per channel in the data file.</summary>
    public long SampleCount { get; }

    /// <summary>Samples per second per channel.</summary>
    public double SamplingRate => Header.SamplingRate;

    /// <summary>Markers of the .vmrk file in file order (empty when the header names no marker file).</summary>
    public IReadOnlyList<BrainVisionMarker> Markers { get; }

    /// <summary>
    /// Opens a recording from its .vhdr file. The data and marker files are looked up next to the header under the
    /// names it gives. Throws <see cref="BrainVisionFormatException"/> naming the file and line on any problem.
    /// </summary>
    public static BrainVisionFile Open(string vhdrPath)
    {
        var header = BrainVisionHeaderParser.Parse(vhdrPath);
        var markers = new List<BrainVisionMarker>();
        if (header.MarkerFile is { } markerFile)
        {
            if (!File.Exists(markerFile))
            {
                throw BrainVisionFormatException.InFile(vhdrPath, $"MarkerFile {markerFile} not found; keep the .vmrk next to the header under the name the header gives.");
            }

            markers = BrainVisionMarkerParser.Parse(markerFile, header.Channels.Count);
        }

        if (!File.Exists(header.DataFile))
        {
            throw BrainVisionFormatException.InFile(vhdrPath, $"DataFile {header.DataFile} not found; keep the .eeg next to the header under the name the header gives.");
        }

        var data = File.OpenHandle(header.DataFile, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(data);
            long frame = (long)header.Channels.Count * header.BytesPerSample;
            if (length % frame != 0)
            {
                long whole = length - length % frame;
                throw new BrainVisionFormatException(header.DataFile, null,
                    $"{header.DataFile}: {length} bytes is not a whole number of samples of {header.Channels.Count} channels x {header.BytesPerSample} bytes; "
                    + $"the last {length - whole} bytes from byte offset {whole} are a partial sample (truncated file, or wrong NumberOfChannels/BinaryFormat in {vhdrPath}).",
                    whole);
            }

            return new BrainVisionFile(vhdrPath, header, data, length / frame, markers);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>Reads all channels of samples [firstSample, firstSample + destination.Length / channels) sample-major into <paramref name="destination"/>.</summary>
    public void ReadInterleaved(long firstSample, Span<float> destination) => ReadInterleaved(firstSample, _allChannels, destination);

    /// <summary>
    /// Reads the given channels (0-based, in the order given) of consecutive samples from <paramref name="firstSample"/>
    /// sample-major into <paramref name="destination"/>, whose length must be a multiple of <paramref name="channels"/>.Length.
    /// Values are in each channel's unit. Allocates nothing.
    /// </summary>
    public void ReadInterleaved(long firstSample, ReadOnlySpan<int> channels, Span<float> destination)
    {
        int width = channels.Length;
        if (width == 0 || destination.Length % width != 0)
        {
            throw new ArgumentException($"destination length {destination.Length} is not a multiple of the {width} channels read.", nameof(destination));
        }

        long count = destination.Length / width;
        if (firstSample < 0 || firstSample + count > SampleCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstSample), $"samples {firstSample}..{firstSample + count} are outside 0..{SampleCount} of {Header.DataFile}.");
        }

        for (int k = 0; k < width; k++)
        {
            if ((uint)channels[k] >= (uint)_scale.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(channels), $"channel index {channels[k]} is outside 0..{_scale.Length - 1} of {Path}.");
            }
        }

        if (Header.Orientation == BrainVisionOrientation.Multiplexed)
        {
            ReadMultiplexed(firstSample, (int)count, channels, destination);
        }
        else
        {
            for (int k = 0; k < width; k++)
            {
                ReadVectorized(channels[k], firstSample, (int)count, destination, k, width);
            }
        }
    }

    /// <summary>Reads consecutive samples of one channel into <paramref name="destination"/>, in the channel's unit.</summary>
    public void ReadChannel(int channel, long firstSample, Span<float> destination) =>
        ReadInterleaved(firstSample, _allChannels.AsSpan(channel, 1), destination);

    private void ReadMultiplexed(long firstSample, int count, ReadOnlySpan<int> channels, Span<float> destination)
    {
        int bps = Header.BytesPerSample;
        int framesPerChunk = _buffer.Length / _frameBytes;
        int width = channels.Length;
        int done = 0;
        while (done < count)
        {
            int frames = Math.Min(framesPerChunk, count - done);
            var bytes = _buffer.AsSpan(0, frames * _frameBytes);
            ReadExactly((firstSample + done) * _frameBytes, bytes);
            for (int s = 0; s < frames; s++)
            {
                var frame = bytes.Slice(s * _frameBytes, _frameBytes);
                var row = destination.Slice((done + s) * width, width);
                for (int k = 0; k < width; k++)
                {
                    int c = channels[k];
                    row[k] = (float)(Raw(frame.Slice(c * bps, bps)) * _scale[c]);
                }
            }

            done += frames;
        }
    }

    private void ReadVectorized(int channel, long firstSample, int count, Span<float> destination, int column, int width)
    {
        int bps = Header.BytesPerSample;
        int perChunk = _buffer.Length / bps;
        long channelStart = channel * SampleCount * bps;
        double scale = _scale[channel];
        int done = 0;
        while (done < count)
        {
            int n = Math.Min(perChunk, count - done);
            var bytes = _buffer.AsSpan(0, n * bps);
            ReadExactly(channelStart + (firstSample + done) * bps, bytes);
            for (int s = 0; s < n; s++)
            {
                destination[(done + s) * width + column] = (float)(Raw(bytes.Slice(s * bps, bps)) * scale);
            }

            done += n;
        }
    }

    private double Raw(ReadOnlySpan<byte> b) => Header.BinaryFormat switch
    {
        BrainVisionBinaryFormat.Int16 => BinaryPrimitives.ReadInt16LittleEndian(b),
        BrainVisionBinaryFormat.Int32 => BinaryPrimitives.ReadInt32LittleEndian(b),
        _ => BinaryPrimitives.ReadSingleLittleEndian(b),
    };

    private void ReadExactly(long offset, Span<byte> bytes)
    {
        int read = 0;
        while (read < bytes.Length)
        {
            int n = RandomAccess.Read(_data, bytes[read..], offset + read);
            if (n == 0)
            {
                // The length was checked at open; a shorter file now means it changed underneath us.
                throw new BrainVisionFormatException(Header.DataFile, null,
                    $"{Header.DataFile}: unexpected end of file at byte offset {offset + read} (the file shrank after it was opened).", offset + read);
            }

            read += n;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _data.Dispose();
}
