using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Tiaodu.Core.Imports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Imports;

/// <summary>Intent methods for the import API: upload (the preview), change options, commit, roll back.</summary>
internal static class ImportClient
{
    public static async Task<ImportsApi.BatchDto> UploadAsync(this HttpClient client, byte[] file, string fileName, params (string Name, string Value)[] fields)
    {
        using var response = await client.PostUploadAsync(file, fileName, fields);
        await response.EnsureSuccessAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<ImportsApi.BatchDto>(Json.Options))!;
    }

    public static async Task<HttpResponseMessage> PostUploadAsync(this HttpClient client, byte[] file, string fileName, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return await client.PostAsync("/api/imports", form);
    }

    public static async Task<ImportsApi.BatchDto> OptionsAsync(this HttpClient client, ImportsApi.BatchDto batch, ImportOptions options)
    {
        using var response = await client.PostAsJsonAsync($"/api/imports/{batch.Id}/options", new { batch.Version, options }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<ImportsApi.BatchDto>(Json.Options))!;
    }

    /// <summary>Commits and waits for the result in the same request.</summary>
    public static async Task<ImportsApi.BatchDto> CommitAsync(this HttpClient client, ImportsApi.BatchDto batch)
    {
        using var response = await client.PostAsJsonAsync($"/api/imports/{batch.Id}/commit?wait=true", new { batch.Version }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<ImportsApi.BatchDto>(Json.Options))!;
    }

    public static async Task<HttpResponseMessage> RollbackAsync(this HttpClient client, ImportsApi.BatchDto batch) =>
        await client.PostAsJsonAsync($"/api/imports/{batch.Id}/rollback", new { batch.Version }, Json.Options);

    public static async Task<ImportsApi.BatchDto> GetAsync(this HttpClient client, int id) =>
        (await client.GetFromJsonAsync<ImportsApi.BatchDto>($"/api/imports/{id}", Json.Options))!;

    /// <summary>Uploads, checks the preview is clean, commits; returns the applied batch.</summary>
    public static async Task<ImportsApi.BatchDto> ImportLedgerAsync(this HttpClient client, byte[] file, string fileName, params (string Name, string Value)[] fields)
    {
        var batch = await client.UploadAsync(file, fileName, fields);
        batch.Status.ShouldBe(ImportStatus.Ready, batch.Message ?? string.Join("；", batch.Preview?.Issues.Select(i => $"{i.Row}:{i.Message}") ?? []));
        batch.ErrorRows.ShouldBe(0, string.Join("；", batch.Preview!.Issues.Select(i => $"{i.Row}:{i.Message}")));
        var applied = await client.CommitAsync(batch);
        applied.Status.ShouldBe(ImportStatus.Applied, applied.Message);
        return applied;
    }
}
