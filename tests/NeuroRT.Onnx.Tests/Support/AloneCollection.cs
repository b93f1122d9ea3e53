namespace NeuroRT.Onnx.Tests.Support;

/// <summary>Tests that measure process-wide counters run with no other test in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
