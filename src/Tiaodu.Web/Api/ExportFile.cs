using Tiaodu.Core;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Api;

/// <summary>The API's table exports: the format asked for (xlsx by default, or csv), written to memory and sent as a named file.</summary>
internal static class ExportFile
{
    public static async Task<IResult> SendAsync(string? format, Func<ExportFormat, Stream, Task<(string FileName, int Rows)>> write)
    {
        var kind = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Csv
            : string.IsNullOrEmpty(format) || string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Xlsx
            : throw ValidationFailedException.For("format", "导出格式应为 xlsx 或 csv");
        var buffer = new MemoryStream();
        var (name, _) = await write(kind, buffer);
        buffer.Position = 0;
        return Results.File(buffer, kind == ExportFormat.Xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8", name);
    }
}
