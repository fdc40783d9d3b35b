namespace Tiaodu.Core.Imports;

/// <summary>
/// The ledger files an application instance analyses at once. Each holds its file and parsed rows in memory,
/// so a flood of uploads waits here for a slot instead of multiplying the memory it takes. One per instance.
/// </summary>
public sealed class AnalysisSlots : IDisposable
{
    /// <summary>Analyses running at once.</summary>
    public const int MaxConcurrent = 2;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent, MaxConcurrent);

    /// <summary>Waits up to <paramref name="timeout"/> for a slot; false when none came free in time.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _slots.WaitAsync(timeout, ct);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
