using System.Text.Json;
using System.Text.Json.Serialization;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Imports;

/// <summary>A year line's plan values and a month's report as they were before an import, for rollback.</summary>
internal sealed record ReportBefore(decimal InvestmentMonth, decimal Ytd, decimal SinceStart, string? Progress, ReportStatus Status);

/// <summary>A project's state before an import touched it (the contact phone as stored, encrypted).</summary>
internal sealed record ImportSnapshot(ProjectDetails Details, YearPlan? Year, int? ReportMonth, ReportBefore? Report)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ImportSnapshot FromJson(string json) => JsonSerializer.Deserialize<ImportSnapshot>(json, Json)!;
}

/// <summary>The versions an import left a project, its year line and its report at; a rollback refuses when they moved on.</summary>
internal sealed record ImportVersions(int Project, int? Year, int? ReportMonth, int? Report)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static ImportVersions FromJson(string json) => JsonSerializer.Deserialize<ImportVersions>(json)!;
}
