using Tiaodu.Core.Reports;

namespace Tiaodu.Web.Pages.Reports;

/// <summary>How report states look on lists and the report page.</summary>
public static class ReportsView
{
    public static string Badge(ReportState state) => state switch
    {
        ReportState.Approved => "text-bg-success",
        ReportState.Submitted => "text-bg-primary",
        ReportState.Returned => "text-bg-danger",
        ReportState.Draft => "text-bg-secondary",
        _ => "text-bg-light border",
    };

    public static string Dot(ReportState state) => state switch
    {
        ReportState.Approved => "bg-success",
        ReportState.Submitted => "bg-primary",
        ReportState.Returned => "bg-danger",
        ReportState.Draft => "bg-secondary",
        _ => "bg-body-tertiary border",
    };
}
