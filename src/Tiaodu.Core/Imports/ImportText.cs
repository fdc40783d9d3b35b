namespace Tiaodu.Core.Imports;

/// <summary>Chinese names for what the import pages and messages show.</summary>
public static class ImportText
{
    public static string Status(ImportStatus s) => s switch
    {
        ImportStatus.Pending => "等待分析",
        ImportStatus.Analysing => "正在分析",
        ImportStatus.Ready => "待确认",
        ImportStatus.Refused => "无法导入",
        ImportStatus.Queued => "排队中",
        ImportStatus.Applying => "正在导入",
        ImportStatus.Applied => "已导入",
        ImportStatus.Failed => "导入失败",
        ImportStatus.RolledBack => "已撤销",
        _ => s.ToString(),
    };
}
