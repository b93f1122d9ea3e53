using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Onnx.Native;
using NeuroRT.Onnx.Session;

namespace NeuroRT.Onnx.Stage;

/// <summary>
/// Runs an ONNX decoder on each window: the model's metadata (<see cref="ModelContract"/>) is checked
/// against the stream at Configure (channels by name, rate, window length, input rank); then per window
/// the samples are copied, reordered to the model's channel order and scaled by <c>input_scale</c>, into
/// a pinned input tensor, ORT runs on the calling thread, and the output becomes one frame of class
/// probabilities (softmax applied here when the model gives logits) or regression values.
/// Channels match by name as <see cref="ChannelMatch"/> says (case and EDF's trailing dots ignored).
/// A feature model (<c>input_kind</c> = <c>features</c>) takes instead one feature frame per inference (the output of
/// e.g. <c>bandpower</c>), input <c>[1, features]</c>, each feature found by name among the frame's channels in the
/// model's order (<c>feature_names</c>, matched the same way).
/// Process allocates nothing.
/// </summary>
[Component(ComponentKind.Stage, "onnx", Summary = "ONNX model decoder (class probabilities or regression values per window) on ONNX Runtime")]
public sealed class OnnxDecoder : IStage, IDisposable
{
    /// <summary>Channel type of regression outputs.</summary>
    public const string RegressionChannelType = "regression";

    private OnnxSession? _session;
    private PreparedRun? _run;
    private int[] _sourceChannel = [];
    private int _streamChannels;
    private int _window;
    private float _scale;
    private bool _softmax;

    /// <summary>The model file.</summary>
    [Parameter("model", Required = true, InputFile = true, Help = "ONNX model file with NeuroRT metadata (path relative to the pipeline file)")]
    public string Model { get; set; } = "";

    /// <summary>ORT intra-op threads.</summary>
    [Parameter("threads", Help = "ONNX Runtime intra-op threads (default 1: the model runs on the pipeline thread, steadiest latency; 0 = ORT's choice)")]
    public int Threads { get; set; } = 1;

    /// <summary>Execution provider.</summary>
    [Parameter("provider", Help = "cpu (default) or cuda (falls back to cpu with a message when the library has no CUDA provider)")]
    public ExecutionProvider Provider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>Graph optimisation level.</summary>
    [Parameter("optimization", Help = "graph optimisation: disable, basic, extended or all (default all)")]
    public GraphOptimization Optimization { get; set; } = GraphOptimization.All;

    /// <summary>An ONNX Runtime library to use instead of the default lookup.</summary>
    [Parameter("library", InputFile = true, Help = "path of libonnxruntime.so.1 (default: NEURORT_ONNXRUNTIME, else .native/onnxruntime/ from tools/setup.sh)")]
    public string Library { get; set; } = "";

    /// <summary>Where Configure says what it decided on the user's behalf (softmax on logits, CUDA fallback); stderr by default.</summary>
    public TextWriter Log { get; set; } = Console.Error;

    /// <summary>The loaded session (after Configure).</summary>
    public OnnxSession? Session => _session;

    /// <summary>The model's contract (after Configure).</summary>
    public ModelContract? Contract { get; private set; }

    /// <summary>The bound tensors (after Configure); the benchmark runs them bare.</summary>
    internal PreparedRun? Run => _run;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        Dispose();
        StreamFormat format = input.Format;
        if (Threads < 0) throw new StageConfigurationException("threads", $"threads must be 0 (ORT's choice) or more, got {Threads}");
        if (string.IsNullOrEmpty(Model)) throw new StageConfigurationException("model", "give the model file");
        string name = Path.GetFileName(Model);
        if (!File.Exists(Model)) throw new StageConfigurationException("model", $"model file not found: '{Model}' ({Path.GetFullPath(Model)})");
        OrtLibrary library;
        try
        {
            library = OrtLibrary.Load(string.IsNullOrEmpty(Library) ? null : Library);
        }
        catch (OnnxRuntimeNotFoundException e)
        {
            throw new StageConfigurationException(string.IsNullOrEmpty(Library) ? null : "library", e.Message, e);
        }
        OnnxSession session;
        try
        {
            session = OnnxSession.Open(library, Model, new SessionSettings(Threads, Optimization, Provider), Log);
        }
        catch (OrtException e)
        {
            string hint = e.Code is OrtErrorCode.InvalidProtobuf or OrtErrorCode.InvalidGraph or OrtErrorCode.Fail ? " (is it a valid ONNX file? a corrupt or truncated download?)" : "";
            throw new StageConfigurationException("model", $"cannot load model '{name}'{hint}: {e.Message}", e);
        }
        try
        {
            _session = session;
            return Bind(format, input.MaxFramesPerBlock, session, name);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private StageOutput Bind(StreamFormat format, int maxFrames, OnnxSession session, string model)
    {
        if (session.Inputs.Count != 1)
            throw Bad($"model '{model}' has {session.Inputs.Count} inputs ({string.Join("; ", session.Inputs)}); the onnx stage feeds exactly one window (or feature frame) tensor");
        if (session.Outputs.Count < 1) throw Bad($"model '{model}' has no outputs");
        TensorInfo x = session.Inputs[0], y = session.Outputs[0];
        var contract = ModelContract.Read(session.Metadata, model, y.Rank == 2 ? (int)y.Dimensions[1] : 0);
        Contract = contract;
        int channels = contract.ChannelNames.Length, window = contract.WindowSamples;

        bool features = contract.InputKind == InputKind.Features;
        if (x.ElementType != TensorElementType.Float) throw Bad($"model '{model}' input '{x.Name}' is {x.ElementType}; NeuroRT feeds float32");
        if (features) CheckFeatureInput(x, contract, model);
        else CheckWindowInput(x, channels, window, model);
        if (y.ElementType != TensorElementType.Float) throw Bad($"model '{model}' output '{y.Name}' is {y.ElementType}; NeuroRT reads float32");
        int outputs = contract.OutputNames.Length;
        if (y.Rank != 2 || y.Dimensions[0] is not (1 or -1) || (y.Dimensions[1] != outputs && y.Dimensions[1] != -1))
            throw Bad($"model '{model}' output '{y.Name}' has shape {y.DescribeShape()}; expected [batch, {outputs}] (one value per {(contract.OutputKind == OutputKind.Regression ? ModelContract.OutputNamesKey : ModelContract.ClassNamesKey)} entry)");

        if (features) CheckFeatureStream(format, contract, model);
        else CheckWindowStream(format, contract, model);
        var map = new int[channels];
        var missing = new List<string>();
        for (int c = 0; c < channels; c++)
        {
            map[c] = features ? ChannelMatch.FindFeature(format, contract.ChannelNames[c]) : ChannelMatch.Find(format, contract.ChannelNames[c]);
            if (map[c] < 0) missing.Add(contract.ChannelNames[c]);
        }
        if (missing.Count > 0)
            throw Bad(features
                ? $"model '{model}' expects {channels} features ({ModelContract.FeatureNamesKey}: {string.Join(", ", contract.ChannelNames)}) but the frames of '{format.Name}' hold {format.ChannelCount} ({format.DescribeChannels()}): missing {string.Join(", ", missing)}; compute these features (e.g. bandpower with the model's bands on the model's channels) or use a model trained on these"
                : $"model '{model}' expects {channels} channels ({string.Join(", ", contract.ChannelNames)}) but the stream '{format.Name}' has {format.ChannelCount} ({format.DescribeChannels()}): missing {string.Join(", ", missing)}; add a montage/pick stage or use a model trained on these channels");

        long[] inShape = (long[])x.Dimensions.Clone();
        inShape[0] = 1;
        _run = new PreparedRun(session, x, inShape, y, [1, outputs]);
        _sourceChannel = map;
        _streamChannels = format.ChannelCount;
        _window = features ? 1 : window; // a feature frame is a window of one sample: Fill then gathers and scales
        _scale = contract.InputScale;
        _softmax = contract.OutputKind == OutputKind.Logits;
        if (_softmax) Log.WriteLine($"onnx: model '{model}' gives logits (output_kind); the stage applies softmax and emits class probabilities");
        bool regression = contract.OutputKind == OutputKind.Regression;
        var outChannels = new ChannelInfo[outputs];
        for (int k = 0; k < outputs; k++)
            outChannels[k] = regression ? new ChannelInfo(contract.OutputNames[k], RegressionChannelType)
                : new ChannelInfo(contract.OutputNames[k], ChannelTypes.ClassScore, "probability");
        var output = format with { Channels = outChannels, FrameLength = 1, Type = "Decoded" };
        return new StageOutput(output, maxFrames);
    }

    private static void CheckWindowInput(TensorInfo x, int channels, int window, string model)
    {
        if (x.Rank is not (3 or 4) || (x.Rank == 4 && x.Dimensions[1] != 1))
            throw Bad($"model '{model}' input '{x.Name}' has shape {x.DescribeShape()} (rank {x.Rank}); the onnx stage feeds one window as [batch, channels, samples] (rank 3) or [batch, 1, channels, samples] (rank 4), batch 1 or dynamic");
        if (x.Dimensions[0] is not (1 or -1)) throw Bad($"model '{model}' input '{x.Name}' has batch {x.Dimensions[0]} in {x.DescribeShape()}; the onnx stage runs one window at a time (batch 1 or dynamic)");
        long inChannels = x.Dimensions[x.Rank - 2], inSamples = x.Dimensions[x.Rank - 1];
        if (inChannels != channels || inSamples != window)
            throw Bad($"model '{model}' is inconsistent: its input '{x.Name}' is {x.DescribeShape()} but its metadata says {channels} channels ({ModelContract.ChannelNamesKey}) x {window} samples ({ModelContract.WindowSamplesKey})");
    }

    // A feature model reads one frame: [batch, features], its width the length of feature_names.
    private static void CheckFeatureInput(TensorInfo x, ModelContract contract, string model)
    {
        int count = contract.ChannelNames.Length;
        if (x.Rank != 2 || x.Dimensions[0] is not (1 or -1))
            throw Bad($"model '{model}' input '{x.Name}' has shape {x.DescribeShape()}; a feature model ({ModelContract.InputKindKey} features) takes one frame as [batch, features], batch 1 or dynamic");
        if (x.Dimensions[1] != count)
            throw Bad($"model '{model}' is inconsistent: its input '{x.Name}' is {x.DescribeShape()} but its metadata names {count} features ({ModelContract.FeatureNamesKey})");
    }

    private static void CheckWindowStream(StreamFormat format, ModelContract contract, string model)
    {
        int window = contract.WindowSamples;
        if (format.FrameLength == 1)
            throw Bad($"model '{model}' needs windows of {window} samples, but the stream carries single samples; put a window stage before it (length {window / contract.SamplingRate:0.####} s at {contract.SamplingRate:0.###} Hz)");
        if (Math.Abs(format.SampleRate - contract.SamplingRate) > 1e-6 * contract.SamplingRate)
            throw Bad($"model '{model}' was trained at {contract.SamplingRate:0.###} Hz ({ModelContract.SamplingRateKey}) but the stream '{format.Name}' is sampled at {format.SampleRate:0.###} Hz; resample (e.g. a decimate stage) or use a model trained at the stream's rate");
        if (format.FrameLength != window)
            throw Bad($"model '{model}' expects windows of {window} samples ({window / contract.SamplingRate:0.####} s at {contract.SamplingRate:0.###} Hz, {ModelContract.WindowSamplesKey}) but the window stage gives {format.FrameLength} samples ({format.FrameLength / format.SampleRate:0.####} s); set the window length to {window / contract.SamplingRate:0.####} s");
    }

    // Feature frames: one value per feature (FrameLength 1). A rate or window length in the metadata is still checked
    // (FrameLength is then the feature's, so only the rate can be compared).
    private static void CheckFeatureStream(StreamFormat format, ModelContract contract, string model)
    {
        if (format.FrameLength != 1)
            throw Bad($"model '{model}' takes feature frames ({ModelContract.InputKindKey} features) but the stream carries windows of {format.FrameLength} samples; put a feature stage (e.g. bandpower, line-length, energy) between the window and the onnx stage");
        if (contract.SamplingRate > 0 && Math.Abs(format.SampleRate - contract.SamplingRate) > 1e-6 * contract.SamplingRate)
            throw Bad($"model '{model}' was trained on features of a signal at {contract.SamplingRate:0.###} Hz ({ModelContract.SamplingRateKey}) but the stream '{format.Name}' is sampled at {format.SampleRate:0.###} Hz");
    }

    /// <summary>One line on what runs: model, provider, shapes and whether softmax is applied here.</summary>
    public string Describe() => _session is null || Contract is null || _run is null ? "onnx (not configured)"
        : string.Create(CultureInfo.InvariantCulture, $"onnx: {Path.GetFileName(_session.ModelPath)} on {_session.Library} ({_session.Provider}, {Threads} thread(s)), input [{string.Join(", ", _run.InputShape)}] x {_scale:g6}, " +
            $"{Contract.OutputKind.ToString().ToLowerInvariant()}{(_softmax ? " -> softmax applied by the stage" : "")} -> {string.Join(", ", Contract.OutputNames)}")
          + (Contract.Preprocessing.Length > 0 ? $"; model expects preprocessing: {Contract.Preprocessing}" : "");

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        PreparedRun run = _run!;
        output.CopyFrameTimesFrom(input);
        for (int f = 0; f < input.Count; f++)
        {
            Fill(input.Frame(f), run.Input, _sourceChannel, _streamChannels, _window, _scale);
            run.Run();
            Span<float> y = output.Frame(f);
            run.Output.CopyTo(y);
            if (_softmax) Softmax(y);
        }
    }

    // Stream frames are sample-major [samples][stream channels]; the model wants [channels][samples] in its own
    // channel order. The copy goes in tiles of 16 samples, and within a tile by groups of 8 consecutive *stream*
    // channels: when all 8 feed the model (whatever model channels they become: the same order, reversed, shuffled),
    // the tile's 8 x 8 block is loaded as 8 row vectors, transposed in registers (AVX unpack/shuffle/permute) and each
    // column stored to its model channel's row, 8 stores per 64 values. Stream channels the model does not use
    // break a group; the channels of a broken group take their values one by one. Measured in bench onnx-overhead
    // (64 x 480, AMD EPYC, 2 busy cores), per window between ORT runs (which flush the window out of L2):
    // channel-outer span indexing 30-55 us, scalar 16-sample tiles 24-25 us, an AVX2 gather of 8 samples per
    // channel 46-50 us (fastest hot in cache, slowest in place on this CPU, so not used).
    internal static unsafe void Fill(ReadOnlySpan<float> frame, Span<float> x, ReadOnlySpan<int> map, int stride, int window, float scale)
    {
        if (frame.Length < stride * window || x.Length < map.Length * window) ThrowFillSizes();
        int channels = map.Length;
        // The model row each stream channel feeds (-1: unused); a stream channel feeding two rows (never from name
        // matching, possible from a hand-made map) makes every channel go one by one.
        // Beyond 4096 stream channels (16 KiB of stack) every channel goes one by one too.
        bool grouped = Avx.IsSupported && stride <= 4096;
        Span<int> rowOf = grouped ? stackalloc int[stride] : default;
        rowOf.Fill(-1);
        for (int c = 0; grouped && c < channels; c++)
        {
            if (rowOf[map[c]] >= 0) grouped = false;
            rowOf[map[c]] = c;
        }

        fixed (float* f = frame)
        fixed (float* dst = x)
        fixed (int* m = map)
        fixed (int* row = rowOf)
        {
            Vector256<float> k = Vector256.Create(scale);
            for (int t0 = 0; t0 < window; t0 += Tile)
            {
                int n = Math.Min(Tile, window - t0);
                float* rows = f + (long)t0 * stride;
                if (!grouped)
                {
                    for (int c = 0; c < channels; c++) Column(rows + m[c], stride, dst + (long)c * window + t0, n, scale);
                    continue;
                }

                int s = 0;
                for (; s + 8 <= stride; s += 8)
                {
                    int i = 0;
                    if (AllUsed(row + s))
                        for (; i + 8 <= n; i += 8) Transpose8(rows + (long)i * stride + s, stride, dst + t0 + i, row + s, window, k);
                    if (i < n)
                        for (int j = 0; j < 8; j++)
                            if (row[s + j] >= 0) Column(rows + (long)i * stride + s + j, stride, dst + (long)row[s + j] * window + t0 + i, n - i, scale);
                }

                for (; s < stride; s++)
                    if (row[s] >= 0) Column(rows + s, stride, dst + (long)row[s] * window + t0, n, scale);
            }
        }
    }

    // Samples per tile: 16 rows of the frame (4 KB at 64 channels) stay in L1 while each model channel takes its
    // values, written as one 64-byte line.
    private const int Tile = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Column(float* src, int stride, float* to, int n, float scale)
    {
        for (int i = 0; i < n; i++) to[i] = src[(long)i * stride] * scale;
    }

    private static unsafe bool AllUsed(int* row)
    {
        for (int j = 0; j < 8; j++) if (row[j] < 0) return false;
        return true;
    }

    // Rows i = 0..7 start at src + i*stride and hold stream channels j = 0..7; writes column j (8 samples) to model
    // row row[j]: to + row[j]*window.
    private static unsafe void Transpose8(float* src, int stride, float* to, int* row, int window, Vector256<float> k)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + stride),
            r2 = Avx.LoadVector256(src + 2L * stride), r3 = Avx.LoadVector256(src + 3L * stride),
            r4 = Avx.LoadVector256(src + 4L * stride), r5 = Avx.LoadVector256(src + 5L * stride),
            r6 = Avx.LoadVector256(src + 6L * stride), r7 = Avx.LoadVector256(src + 7L * stride);
        // Interleave pairs of rows, then pairs of pairs (within each 128-bit lane), then swap lanes.
        Vector256<float> a0 = Avx.UnpackLow(r0, r1), a1 = Avx.UnpackHigh(r0, r1), a2 = Avx.UnpackLow(r2, r3), a3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> a4 = Avx.UnpackLow(r4, r5), a5 = Avx.UnpackHigh(r4, r5), a6 = Avx.UnpackLow(r6, r7), a7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> b0 = Avx.Shuffle(a0, a2, 0x44), b1 = Avx.Shuffle(a0, a2, 0xEE), b2 = Avx.Shuffle(a1, a3, 0x44), b3 = Avx.Shuffle(a1, a3, 0xEE);
        Vector256<float> b4 = Avx.Shuffle(a4, a6, 0x44), b5 = Avx.Shuffle(a4, a6, 0xEE), b6 = Avx.Shuffle(a5, a7, 0x44), b7 = Avx.Shuffle(a5, a7, 0xEE);
        Avx.Store(to + (long)row[0] * window, Avx.Multiply(Avx.Permute2x128(b0, b4, 0x20), k));
        Avx.Store(to + (long)row[1] * window, Avx.Multiply(Avx.Permute2x128(b1, b5, 0x20), k));
        Avx.Store(to + (long)row[2] * window, Avx.Multiply(Avx.Permute2x128(b2, b6, 0x20), k));
        Avx.Store(to + (long)row[3] * window, Avx.Multiply(Avx.Permute2x128(b3, b7, 0x20), k));
        Avx.Store(to + (long)row[4] * window, Avx.Multiply(Avx.Permute2x128(b0, b4, 0x31), k));
        Avx.Store(to + (long)row[5] * window, Avx.Multiply(Avx.Permute2x128(b1, b5, 0x31), k));
        Avx.Store(to + (long)row[6] * window, Avx.Multiply(Avx.Permute2x128(b2, b6, 0x31), k));
        Avx.Store(to + (long)row[7] * window, Avx.Multiply(Avx.Permute2x128(b3, b7, 0x31), k));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFillSizes() => throw new ArgumentException("frame or input tensor too small for the configured window");

    private static void Softmax(Span<float> y)
    {
        float max = float.NegativeInfinity;
        foreach (float v in y) max = Math.Max(max, v);
        double total = 0;
        for (int i = 0; i < y.Length; i++) total += Math.Exp(y[i] - max);
        for (int i = 0; i < y.Length; i++) y[i] = (float)(Math.Exp(y[i] - max) / total);
    }

    private static StageConfigurationException Bad(string message) => new("model", message);

    /// <summary>Releases the tensors and the session.</summary>
    public void Dispose()
    {
        _run?.Dispose();
        _run = null;
        _session?.Dispose();
        _session = null;
    }
}
