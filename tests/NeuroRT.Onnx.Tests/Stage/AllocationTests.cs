using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Onnx.Tests.Support;
using NeuroRT.Testing;

namespace NeuroRT.Onnx.Tests.Stage;

/// <summary>After Configure, Process allocates nothing on the calling thread and causes no GC.
/// Run alone (GC counts are process-wide: other tests' garbage must not trigger a collection here).</summary>
[Collection(AloneCollection.Name)]
public sealed class AllocationTests
{
    [Theory]
    [InlineData("linear_logits")] // exercises the stage's softmax too
    [InlineData("linear_rank4")]
    public void Ten_thousand_inferences_allocate_0_bytes_and_no_gc(string model)
    {
        var reference = TestModels.ReferenceOf(model);
        var format = TestModels.Windows(reference.StreamChannels);
        using var stage = TestModels.Decoder(model);
        var configured = stage.Configure(new StageInput(format, 1));
        using var input = TestModels.Block(format, reference.StreamWindow);
        using var output = new SampleBlock(configured.Format, 1);
        output.Count = 0;
        stage.Process(input, output); // warm-up: JIT and ORT's first-run planning

        AssertTenThousandInferencesAllocateNothing(stage, input, output);
    }

    [Fact]
    public void Ten_thousand_feature_frame_inferences_allocate_0_bytes_and_no_gc()
    {
        var (channels, frame, _) = Features.FeatureInputTests.Reference();
        var format = Features.FeatureInputTests.Frames(channels);
        using var stage = TestModels.Decoder(Features.FeatureInputTests.Model);
        var configured = stage.Configure(new StageInput(format, 1));
        using var input = TestModels.Block(format, frame);
        using var output = new SampleBlock(configured.Format, 1);
        output.Count = 0;
        stage.Process(input, output);
        AssertTenThousandInferencesAllocateNothing(stage, input, output);
    }

    // A window that a garbage collection overlapped is measured again (AllocationWindow: the collection charges bytes
    // nothing allocated); an allocation in Process would show in every window, and a stage that itself causes a
    // collection in every window fails in Clean.
    private static void AssertTenThousandInferencesAllocateNothing(IStage stage, SampleBlock input, SampleBlock output)
    {
        long bytes = AllocationWindow.Clean(() =>
        {
            var window = AllocationWindow.Open();
            for (int i = 0; i < 10_000; i++)
            {
                output.Count = 0;
                stage.Process(input, output);
            }

            return (window.AllocatedBytes, window.CollectionRan);
        });
        Assert.Equal(0, bytes);
        Assert.Equal(1, output.Count);
    }
}
