using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Audit;

/// <summary>The application with every request coming from a known client address, plus audit helpers.</summary>
public sealed class AuditApp : TiaoduApp
{
    public const string ClientAddress = "10.22.1.7";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddressFilter()));
    }

    private HttpClient? _auditor;

    /// <summary>The audit administrator's client (only that role may read the trail), signed in once.</summary>
    public async Task<HttpClient> AuditorAsync() => _auditor ??= await AdminClientAsync(Tiaodu.Core.Accounts.Role.AuditAdmin);

    internal async Task<AuditApi.AuditPageDto> SearchAsync(string query)
    {
        var client = await AuditorAsync();
        var response = await client.GetAsync("/api/audit?" + query);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<AuditApi.AuditPageDto>(Json.Options))!;
    }

    internal async Task<List<AuditApi.AuditEntryDto>> EntriesForAsync(string entityType, int id) =>
        [.. (await SearchAsync($"entityType={entityType}&entityId={id}&pageSize=500")).Items.OrderBy(e => e.Sequence)];

    public async Task<AuditChainReport> VerifyAsync()
    {
        var client = await AuditorAsync();
        return (await client.GetFromJsonAsync<AuditChainReport>("/api/audit/verify", Json.Options))!;
    }

    public Task<long> AuditCountAsync() => WithDbAsync(db => db.AuditEntries.LongCountAsync());

    public async Task ExecuteSqlAsync(string sql) => await WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(ClientAddress);
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>Raw SQL an attacker with direct database access would run, per provider.</summary>
internal static class Tampering
{
    /// <summary>Drops the append-only triggers, as someone with DDL rights on the throwaway database could.</summary>
    public static string DropTriggers(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? """DROP TRIGGER "AuditEntries_append_only" ON "AuditEntries"; DROP TRIGGER "AuditEntries_no_truncate" ON "AuditEntries";"""
        : """DROP TRIGGER "AuditEntries_no_update"; DROP TRIGGER "AuditEntries_no_delete";""";

    public static async Task<List<string>> TriggerNamesAsync(TiaoduDb db, DatabaseProvider provider)
    {
        var sql = provider == DatabaseProvider.Postgres
            ? """SELECT tgname::text AS "Value" FROM pg_trigger WHERE tgrelid = '"AuditEntries"'::regclass AND NOT tgisinternal"""
            : """SELECT name AS "Value" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEntries'""";
        return [.. (await db.Database.SqlQueryRaw<string>(sql).ToListAsync()).Order(StringComparer.Ordinal)];
    }
}
