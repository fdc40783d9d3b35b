namespace Tiaodu.Web;

/// <summary>Uploaded files as the stores take them: whole, as bytes (their size is bounded by the request limits and checked by the store).</summary>
public static class FormFiles
{
    public static async Task<byte[]> ReadAllBytesAsync(this IFormFile file, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
