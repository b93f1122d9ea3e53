namespace NeuroRT.Devices.NeuroCoreX;

/// <summary>STDP machinery of the board (spec §8), applied once per slot window (§8.2, no drift).</summary>
internal sealed class NcxStdp
{
    private readonly NcxBoard _board;

    public NcxStdp(NcxBoard board) => _board = board;

    public void ResetAaTraces()
    {
    }

    public void OnAaWeightWrite(int flat)
    {
    }

    public void AfterSlot(int slot, bool spike, int timestep)
    {
    }

    public void OnInput(int address)
    {
    }
}
