using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Accounts;

/// <summary>
/// The security settings row, cached for a few seconds: every instance reads the database, so a change on
/// one instance applies everywhere within <see cref="Lifetime"/>; the instance that saves it applies it at once.
/// </summary>
public sealed class SecurityPolicy(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private SecuritySettings? _cached;
    private DateTimeOffset _loadedAt;

    public async Task<SecuritySettings> CurrentAsync(TiaoduDb db, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_cached is not null && clock.GetUtcNow() - _loadedAt < Lifetime)
            {
                return _cached;
            }
        }

        var settings = await db.SecuritySettings.AsNoTracking().SingleAsync(s => s.Id == SecuritySettings.SingletonId, ct);
        lock (_gate)
        {
            _cached = settings;
            _loadedAt = clock.GetUtcNow();
        }

        return settings;
    }

    public void Invalidate()
    {
        lock (_gate)
        {
            _cached = null;
        }
    }
}
