using Tiaodu.Web.Api;
using Tiaodu.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddTiaoduDatabase();
builder.Services.AddTiaoduUseCases();
builder.AddTiaoduLocalization();
builder.AddTiaoduWeb();

var app = builder.Build();

if (await CommandLine.TryRunAsync(app, args))
{
    return;
}

await app.PrepareDatabaseAsync();

app.UseTiaoduErrors();
app.UseStaticFiles();
app.UseTiaoduLocalization();
app.UseRouting();
app.UseAntiforgery();

app.MapRazorPages();
app.MapCultureSwitch();
app.MapRegionsApi();
app.MapReferenceApi();
app.MapProjectsApi();
app.MapIndicatorsApi();
app.MapAuditApi();
app.MapTiaoduApiDocs();

await app.RunAsync();

/// <summary>The web host; also the entry point the integration tests start.</summary>
public partial class Program;
