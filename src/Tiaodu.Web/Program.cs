using Tiaodu.Web.Accounts;
using Tiaodu.Web.Api;
using Tiaodu.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddTiaoduDatabase();
builder.Services.AddTiaoduUseCases();
builder.Services.AddTiaoduKeyRing();
builder.Services.AddTiaoduTelemetry();
builder.AddTiaoduLocalization();
builder.AddTiaoduAccounts();
builder.AddTiaoduWeb();

var app = builder.Build();

if (await CommandLine.TryRunAsync(app, args))
{
    return;
}

try
{
    app.LockSqlite();
    await app.PrepareDatabaseAsync();
}
catch (StartupRefusedException e)
{
    if (app.Logger.IsEnabled(LogLevel.Critical))
    {
        app.Logger.LogCritical("{Reason}", e.Message);
    }

    await Console.Error.WriteLineAsync(e.Message);
    Environment.ExitCode = 3;
    return;
}

// Behind the reverse proxy of docs/OPERATIONS.md on the same host: the client's address and scheme as the proxy saw
// them (links handed out, such as calendar subscriptions, then say https). Only a proxy on loopback is believed.
app.UseForwardedHeaders(new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions
{
    ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
});
app.UseTiaoduErrors();
app.UseStaticFiles();
app.UseTiaoduLocalization();
app.UseRouting();
app.UseTiaoduTelemetry();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseApiAntiforgery();

app.MapTiaoduOperations();
app.MapRazorPages();
app.MapCultureSwitch();
app.MapRegionsApi();
app.MapReferenceApi();
app.MapProjectsApi();
app.MapIndicatorsApi();
app.MapAuditApi();
app.MapImportsApi();
app.MapReportsApi();
app.MapLightsApi();
app.MapMilestonesApi();
app.MapPlansApi();
app.MapDispatchApi();
app.MapProblemsApi();
app.MapMeetingsApi();
app.MapInstructionsApi();
app.MapBulletinsApi();
app.MapAccountabilityApi();
app.MapCockpitApi();
app.MapAttractionApi();
app.MapAssessmentApi();
app.MapNotificationsApi();
app.MapAccountsApi();
app.MapTiaoduApiDocs();

await app.RunAsync();

/// <summary>The web host; also the entry point the integration tests start.</summary>
public partial class Program;
