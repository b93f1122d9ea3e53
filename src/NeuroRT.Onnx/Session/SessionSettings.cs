namespace NeuroRT.Onnx.Session;

/// <summary>Where ORT runs the model.</summary>
public enum ExecutionProvider
{
    /// <summary>ORT's CPU kernels (the default).</summary>
    Cpu,
    /// <summary>The CUDA provider when the library has its provider files; otherwise a message and CPU.</summary>
    Cuda,
}

/// <summary>ORT's graph optimisation levels (<c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimization
{
    /// <summary>No graph rewriting.</summary>
    Disable = 0,
    /// <summary>Constant folding, redundant-node removal.</summary>
    Basic = 1,
    /// <summary>Plus node fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout changes (ORT's default).</summary>
    All = 99,
}

/// <summary>How a session is created.</summary>
/// <param name="IntraOpThreads">Threads for one kernel; 1 runs everything on the calling thread (steadiest timing on a small machine, spec section 7); 0 = ORT's default.</param>
/// <param name="Optimization">Graph optimisation level.</param>
/// <param name="Provider">Execution provider.</param>
/// <param name="CudaDevice">CUDA device index when <paramref name="Provider"/> is CUDA.</param>
public sealed record SessionSettings(int IntraOpThreads = 1, GraphOptimization Optimization = GraphOptimization.All,
    ExecutionProvider Provider = ExecutionProvider.Cpu, int CudaDevice = 0);
