namespace Tiaodu.Core.Excel;

public enum WorkbookFormat
{
    Xlsx,
    Xls,
    Csv,
}

/// <summary>One row as read. Cells: string (raw), double, DateTime, bool, or null. <see cref="Number"/> is the 1-based row number Excel shows.</summary>
public sealed record SheetRow(int Number, object?[] Cells);

/// <summary>A merged block: 1-based rows, 0-based columns, inclusive.</summary>
public readonly record struct MergedRange(int FirstRow, int LastRow, int FirstColumn, int LastColumn);

/// <summary>A file refused or unreadable; the message is a Chinese sentence for the user.</summary>
public sealed class ExcelFileException : Exception
{
    public ExcelFileException(string message)
        : base(message)
    {
    }

    public ExcelFileException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ExcelFileException()
        : base("文件无法读取")
    {
    }
}

/// <summary>Bounds on what a file may unpack to, so a small hostile file cannot exhaust memory or time.</summary>
public sealed record ReadLimits
{
    public static readonly ReadLimits Default = new();

    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Sum over all parts of an .xlsx, counted by decompressing, not by trusting declared sizes.</summary>
    public long MaxUnpackedBytes { get; init; } = 512L * 1024 * 1024;

    public long MaxPartBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Unpacked : packed, for parts larger than 1 MiB.</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    public int MaxEntries { get; init; } = 10_000;

    public int MaxRows { get; init; } = 1_100_000;

    public int MaxColumns { get; init; } = 200;
}
