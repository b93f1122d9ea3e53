using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using NeuroRT.Onnx.Native;

namespace NeuroRT.Onnx.Session;

/// <summary>
/// One model input and one output bound to pinned float32 buffers, ready to run again and again with
/// no allocation (spec section 7): the buffers come from the pinned object heap and are wrapped once as
/// OrtValues; the name and value pointer arrays ORT's <c>Run</c> takes are built once in native memory.
/// Fill <see cref="Input"/>, call <see cref="Run"/>, read <see cref="Output"/>. Not for concurrent use.
/// </summary>
public sealed unsafe class PreparedRun : IDisposable
{
    private readonly OnnxSession _session;
    private readonly OrtApi _api;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtMemoryInfoHandle _memoryInfo;
    private readonly OrtValueHandle _inputValue;
    private readonly OrtValueHandle _outputValue;
    private readonly OrtRunOptionsHandle _runOptions;
    // Native block: [input name ptr][output name ptr][input value ptr][output value ptr] then the UTF-8 names.
    private readonly nint* _pointers;
    private bool _disposed;

    /// <summary>
    /// Binds input <paramref name="input"/> with shape <paramref name="inputShape"/> and output
    /// <paramref name="output"/> with <paramref name="outputShape"/> (concrete dims: dynamic ones already chosen).
    /// </summary>
    public PreparedRun(OnnxSession session, TensorInfo input, ReadOnlySpan<long> inputShape, TensorInfo output, ReadOnlySpan<long> outputShape)
    {
        _session = session;
        _api = session.Library.Api;
        InputShape = inputShape.ToArray();
        OutputShape = outputShape.ToArray();
        _input = GC.AllocateArray<float>(checked((int)Product(inputShape)), pinned: true);
        _output = GC.AllocateArray<float>(checked((int)Product(outputShape)), pinned: true);
        nint raw;
        _api.Check(_api.CreateCpuMemoryInfo(1 /* arena */, 0 /* default */, &raw), "CreateCpuMemoryInfo");
        _memoryInfo = new OrtMemoryInfoHandle(_api, raw);
        _inputValue = Wrap(_input, InputShape);
        _outputValue = Wrap(_output, OutputShape);
        _api.Check(_api.CreateRunOptions(&raw), "CreateRunOptions");
        _runOptions = new OrtRunOptionsHandle(_api, raw);

        byte[] inName = Encoding.UTF8.GetBytes(input.Name + "\0");
        byte[] outName = Encoding.UTF8.GetBytes(output.Name + "\0");
        _pointers = (nint*)NativeMemory.Alloc((nuint)(4 * sizeof(nint) + inName.Length + outName.Length));
        byte* names = (byte*)(_pointers + 4);
        inName.CopyTo(new Span<byte>(names, inName.Length));
        outName.CopyTo(new Span<byte>(names + inName.Length, outName.Length));
        _pointers[0] = (nint)names;
        _pointers[1] = (nint)(names + inName.Length);
        _pointers[2] = _inputValue.Pointer;
        _pointers[3] = _outputValue.Pointer;
    }

    /// <summary>The input buffer, laid out as <see cref="InputShape"/> (row-major).</summary>
    public Span<float> Input => _input;

    /// <summary>The output buffer, written by each <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> Output => _output;

    /// <summary>The bound input shape.</summary>
    public long[] InputShape { get; }

    /// <summary>The bound output shape.</summary>
    public long[] OutputShape { get; }

    /// <summary>Runs the model on <see cref="Input"/> into <see cref="Output"/>. Allocates nothing; ORT errors become <see cref="OrtException"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Output value is non-NULL, so ORT writes into our pinned buffer and leaves the pointer as is.
        nint status = _api.Run(_session.Handle.Pointer, _runOptions.Pointer, _pointers, _pointers + 2, 1, _pointers + 1, 1, _pointers + 3);
        if (status != 0) ThrowRun(status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowRun(nint status) => throw _api.ToException(status, $"running model '{_session.ModelPath}'");

    private OrtValueHandle Wrap(float[] buffer, long[] shape)
    {
        nint value;
        // The buffer is on the pinned object heap: it never moves while the OrtValue refers to it.
        fixed (float* data = buffer)
        fixed (long* dims = shape)
            _api.Check(_api.CreateTensorWithDataAsOrtValue(_memoryInfo.Pointer, data, (nuint)(buffer.Length * sizeof(float)), dims, (nuint)shape.Length, (int)TensorElementType.Float, &value), "CreateTensorWithDataAsOrtValue");
        return new OrtValueHandle(_api, value);
    }

    private static long Product(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (long d in shape) n = checked(n * d);
        return n;
    }

    /// <summary>Releases the values, run options and native arrays.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _memoryInfo.Dispose();
        NativeMemory.Free(_pointers);
    }
}
