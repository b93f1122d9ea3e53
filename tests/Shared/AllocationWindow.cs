namespace NeuroRT.Testing;

/// <summary>
/// A window over which the current thread's allocated bytes are counted, and whether a garbage collection ran in it.
/// </summary>
/// <remarks>
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts the bytes handed to the thread's allocation context
/// minus its unused rest. When a collection runs (triggered by any thread: in a test host, other tests, the runner,
/// a peer thread), the unused rest of this thread's context is charged as allocated: up to one allocation quantum
/// (about 8 KB) that nothing allocated. Measured here on .NET 10: a thread that allocated once and then only waits is
/// charged 6-8 KB in about one window in five that a collection overlaps, and never in a window without one. So a
/// window in which a collection ran proves nothing either way (a known runtime behaviour, dotnet/coreclr#10207);
/// tests measure again or leave that window out, and a
/// real allocation, which happens in every window, still shows.
/// </remarks>
internal readonly struct AllocationWindow
{
    private readonly long _bytes;
    private readonly int _gen0, _gen1, _gen2;
    private readonly TimeSpan _pause;

    private AllocationWindow(long bytes, int gen0, int gen1, int gen2, TimeSpan pause)
    {
        _bytes = bytes;
        _gen0 = gen0;
        _gen1 = gen1;
        _gen2 = gen2;
        _pause = pause;
    }

    /// <summary>Opens a window now. Allocates nothing.</summary>
    public static AllocationWindow Open()
    {
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        TimeSpan pause = GC.GetTotalPauseDuration();
        return new AllocationWindow(GC.GetAllocatedBytesForCurrentThread(), gen0, gen1, gen2, pause);
    }

    /// <summary>Bytes this thread allocated since <see cref="Open"/> (read this before <see cref="CollectionRan"/>).</summary>
    public long AllocatedBytes => GC.GetAllocatedBytesForCurrentThread() - _bytes;

    /// <summary>True when a collection started or paused the process since <see cref="Open"/>: the count is then not evidence.</summary>
    public bool CollectionRan =>
        GC.CollectionCount(0) != _gen0 || GC.CollectionCount(1) != _gen1 || GC.CollectionCount(2) != _gen2 ||
        GC.GetTotalPauseDuration() != _pause;

    /// <summary>
    /// Runs <paramref name="measured"/> (which must be repeatable and must open its own window, returning its bytes
    /// and whether a collection ran) until one attempt has no collection in its window; returns that attempt's result.
    /// Fails naming the count when every attempt overlapped a collection.
    /// </summary>
    public static T Clean<T>(Func<(T Result, bool CollectionRan)> measured, int attempts = 10)
    {
        for (int i = 0; i < attempts; i++)
        {
            var (result, collected) = measured();
            if (!collected) return result;
        }

        throw new Xunit.Sdk.XunitException($"a garbage collection ran in each of {attempts} measurement windows, so no allocation count could be taken");
    }
}
