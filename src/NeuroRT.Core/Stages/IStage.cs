using NeuroRT.Core.Blocks;

namespace NeuroRT.Core.Stages;

/// <summary>
/// One processing step of a pipeline. Its life has two parts:
/// <see cref="Configure"/> once before the run (validate, allocate everything), then
/// <see cref="Process"/> for every block, on the pipeline thread, with no allocation, no locks,
/// no I/O and no wall-clock reads (time comes from the frames' timestamps), so that a live run and
/// a replay of the same samples give bit-identical output whatever the block sizes.
/// Parameters are public properties marked with <see cref="Configuration.ParameterAttribute"/>,
/// set from the pipeline file before <see cref="Configure"/>. Each pipeline gets its own instance.
/// </summary>
public interface IStage
{
    /// <summary>
    /// Checks the parameters against the input and prepares all state. Throws
    /// <see cref="StageConfigurationException"/> naming the parameter at fault and what would be valid.
    /// </summary>
    StageOutput Configure(StageInput input);

    /// <summary>
    /// Consumes <paramref name="input"/> (read-only: other stages may read the same block) and
    /// writes 0 or more frames into <paramref name="output"/>, whose <see cref="SampleBlock.Count"/>
    /// is 0 on entry and whose capacity is what <see cref="Configure"/> asked for. Each output
    /// frame's time is that of the newest input sample it depends on.
    /// </summary>
    void Process(SampleBlock input, SampleBlock output);
}
