using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Excel;

/// <summary>An export's table written in the format asked for, and the names the file and the audit record give it.</summary>
public static class TableFile
{
    /// <summary>Writes the table as .xlsx or as CSV; returns the file's name: the title with the format's extension.</summary>
    public static string Write(LedgerTable table, ExportFormat format, Stream output)
    {
        if (format == ExportFormat.Xlsx)
        {
            LedgerWorkbookWriter.WriteXlsx(table, output);
        }
        else
        {
            LedgerCsvWriter.WriteCsv(table, output);
        }

        return table.Title + (format == ExportFormat.Xlsx ? ".xlsx" : ".csv");
    }

    /// <summary>"Excel" or "CSV", as the audit trail names an export's format.</summary>
    public static string FormatName(ExportFormat format) => format == ExportFormat.Xlsx ? "Excel" : "CSV";
}
