namespace DepLib;

/// <summary>Something only this library has.</summary>
public sealed class Doubler
{
    public long Twice(long n) => 2 * n;
}
