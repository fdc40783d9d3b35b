using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// The data-protection key ring lives in the database, so a sign-in cookie or a form token issued by one app
/// instance is accepted by every other instance on the same database (ADR 0024).
/// </summary>
internal static class KeyRing
{
    /// <summary>Fixes the application name (instances in different folders share keys) and keeps the keys in the database.</summary>
    public static IServiceCollection AddTiaoduKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Tiaodu");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((options, scopes) => options.XmlRepository = new DatabaseXmlRepository(scopes));
        return services;
    }

    /// <summary>
    /// Makes sure the ring has a key before the first request, one instance at a time on PostgreSQL (an advisory
    /// lock), so instances started together do not each make their own first key.
    /// </summary>
    public static async Task EnsureKeyAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<TiaoduDb>();
        var postgres = db.Database.IsNpgsql();
        if (postgres)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7320240101)", ct);
        }

        try
        {
            var keys = services.GetRequiredService<IKeyManager>();
            var now = DateTimeOffset.UtcNow;
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            {
                keys.CreateNewKey(now, now.AddDays(90));
            }
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7320240101)", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
            return [.. db.ProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(x => XElement.Parse(x))];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
            db.ProtectionKeys.Add(new ProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting)));

            // The interface is synchronous; the context saves asynchronously only (no synchronization context here to deadlock on).
            db.SaveChangesAsync().GetAwaiter().GetResult();
        }
    }
}
