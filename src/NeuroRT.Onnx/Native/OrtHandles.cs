using System.Runtime.InteropServices;

namespace NeuroRT.Onnx.Native;

/// <summary>
/// An ORT object owned by NeuroRT, released exactly once through the table's matching <c>Release*</c>
/// function (which takes NULL too). The handle keeps the <see cref="OrtApi"/> it came from, so release
/// always goes to the same library.
/// </summary>
internal abstract unsafe class OrtHandle : SafeHandle
{
    protected OrtHandle(OrtApi api, nint handle) : base(0, ownsHandle: true)
    {
        Api = api;
        SetHandle(handle);
    }

    protected OrtApi Api { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer, for calls; valid while this handle is not disposed.</summary>
    public nint Pointer => handle;
}

/// <summary>The process-wide environment (<c>OrtEnv</c>).</summary>
internal sealed unsafe class OrtEnvHandle(OrtApi api, nint h) : OrtHandle(api, h)
{
    protected override bool ReleaseHandle() { Api.ReleaseEnv(handle); return true; }
}

/// <summary>Session options (<c>OrtSessionOptions</c>); sessions copy them, so they may go right after creation.</summary>
internal sealed unsafe class OrtSessionOptionsHandle(OrtApi api, nint h) : OrtHandle(api, h)
{
    protected override bool ReleaseHandle() { Api.ReleaseSessionOptions(handle); return true; }
}

/// <summary>An inference session (<c>OrtSession</c>).</summary>
internal sealed unsafe class OrtSessionHandle(OrtApi api, nint h) : OrtHandle(api, h)
{
    protected override bool ReleaseHandle() { Api.ReleaseSession(handle); return true; }
}

/// <summary>A value (<c>OrtValue</c>); for a tensor wrapping a caller buffer, release does not free the buffer.</summary>
internal sealed unsafe class OrtValueHandle(OrtApi api, nint h) : OrtHandle(api, h)
{
    protected override bool ReleaseHandle() { Api.ReleaseValue(handle); return true; }
}

/// <summary>A memory descriptor (<c>OrtMemoryInfo</c>).</summary>
internal sealed unsafe class OrtMemoryInfoHandle(OrtApi api, nint h) : OrtHandle(api, h)
{
    protected override bool ReleaseHandle() { Api.ReleaseMemoryInfo(handle); return true; }
}

/// <summary>Run options (<c>OrtRunOptions</c>).</summary>
internal sealed unsafe class OrtRunOptionsHandle(OrtApi api, nint h) : OrtHandle(api, h)
{
    protected override bool ReleaseHandle() { Api.ReleaseRunOptions(handle); return true; }
}
