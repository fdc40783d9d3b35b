using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Reports;

/// <summary>What the month's figures chain from: the last approved month before it in the same year.</summary>
/// <param name="Ytd">Year-to-date total of that month (0 when none).</param>
/// <param name="SinceStart">Its since-start total; null when the year has no approved month before this one.</param>
/// <param name="PreviousMonth">That month (0 when none).</param>
/// <param name="Opening">Last year's closing since-start figure, the default start of the chain.</param>
public sealed record ReportBase(decimal Ytd, decimal? SinceStart, int PreviousMonth, decimal Opening);

/// <summary>
/// The consistency rules of a monthly report (DOMAIN §3): nothing negative, the split adds up to the month,
/// year-to-date never goes down, since-start is not below year-to-date and not above the total investment
/// unless explained. Messages are Chinese and keyed by field.
/// </summary>
public static class ReportRules
{
    public const int MaxWorkers = 100_000;

    public static ReportBase BaseFor(IEnumerable<MonthlyReport> approvedOfYear, int month, decimal opening)
    {
        var previous = approvedOfYear.Where(r => r.Month < month).MaxBy(r => r.Month);
        return previous is null ? new ReportBase(0m, null, 0, opening) : new ReportBase(previous.InvestmentYtd, previous.InvestmentSinceStart, previous.Month, opening);
    }

    /// <summary>Checks the input and returns the figures to store, or throws <see cref="ValidationFailedException"/>.</summary>
    public static ReportFigures Check(ReportInput input, ReportBase b, int year, int month, decimal? totalInvestment, DateOnly today)
    {
        var errors = new ValidationErrors();
        var m = month.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (field, label, value) in Money(input))
        {
            SaveProject.CheckMoney(errors, field, label, value);
        }

        decimal amount = 0, ytd = 0;
        if (input.InvestmentMonth is null && input.InvestmentYtd is null)
        {
            errors.Add(nameof(input.InvestmentMonth), $"请填写本月完成投资或1-{m}月累计完成投资");
        }
        else if (input.InvestmentMonth is { } given)
        {
            amount = given;
            ytd = b.Ytd + given;
            if (input.InvestmentYtd is { } statedYtd && statedYtd != ytd)
            {
                errors.Add(nameof(input.InvestmentYtd), $"1-{m}月累计完成投资应为 {Wan(b.Ytd)}（{Through(b)}）+ {Wan(given)}（本月）= {Wan(ytd)} 万元，与填写的 {Wan(statedYtd)} 万元不一致");
            }
        }
        else
        {
            ytd = input.InvestmentYtd!.Value;
            amount = ytd - b.Ytd;
            if (amount < 0)
            {
                errors.Add(nameof(input.InvestmentYtd), $"1-{m}月累计完成投资 {Wan(ytd)} 万元低于{Through(b)}的 {Wan(b.Ytd)} 万元：累计数不能下降，请核对");
            }
        }

        var split = new[] { input.ConstructionWork, input.InstallationWork, input.EquipmentPurchase, input.OtherWork };
        if (split.Any(v => v is not null) && split.Sum(v => v ?? 0m) != amount)
        {
            errors.Add(nameof(input.ConstructionWork), $"建筑工程、安装工程、设备购置、其他之和 {Wan(split.Sum(v => v ?? 0m))} 万元与本月完成投资 {Wan(amount)} 万元不一致");
        }

        var since = b.SinceStart is { } chained ? chained + amount : input.InvestmentSinceStart ?? b.Opening + amount;
        if (b.SinceStart is not null && input.InvestmentSinceStart is { } statedSince && statedSince != since)
        {
            errors.Add(nameof(input.InvestmentSinceStart), $"开工累计完成投资应为 {Wan(b.SinceStart.Value)}（{Through(b)}）+ {Wan(amount)}（本月）= {Wan(since)} 万元，与填写的 {Wan(statedSince)} 万元不一致");
        }
        else if (since < ytd)
        {
            errors.Add(nameof(input.InvestmentSinceStart), $"开工累计完成投资 {Wan(since)} 万元不能小于本年累计 {Wan(ytd)} 万元");
        }
        else if (totalInvestment is > 0 && since > totalInvestment && string.IsNullOrWhiteSpace(input.Explanation))
        {
            errors.Add(nameof(input.InvestmentSinceStart), $"开工累计完成投资 {Wan(since)} 万元超过总投资 {Wan(totalInvestment.Value)} 万元：请核对，或在“说明”中写明原因（如追加投资）");
        }

        if (input.WorkersOnSite is < 0 or > MaxWorkers)
        {
            errors.Add(nameof(input.WorkersOnSite), $"在岗人数应在0至{MaxWorkers}之间");
        }

        if (input.StartedOn is { } started)
        {
            if (started.Year != year)
            {
                errors.Add(nameof(input.StartedOn), $"开复工日期应在{year}年内");
            }
            else if (started > today)
            {
                errors.Add(nameof(input.StartedOn), "开复工日期不能晚于今天");
            }
            else if (started > new DateOnly(year, month, DateTime.DaysInMonth(year, month)))
            {
                errors.Add(nameof(input.StartedOn), $"开复工日期不能晚于{m}月底");
            }
        }

        Length(errors, nameof(input.Progress), "形象进度", input.Progress, MonthlyReport.ProgressLength);
        Length(errors, nameof(input.Problems), "存在问题", input.Problems, MonthlyReport.ProblemsLength);
        Length(errors, nameof(input.Explanation), "说明", input.Explanation, MonthlyReport.NoteLength);
        errors.ThrowIfAny();

        return new ReportFigures(amount, ytd, since,
            input.ConstructionWork, input.InstallationWork, input.EquipmentPurchase, input.OtherWork,
            input.FundsFiscal, input.FundsLoan, input.FundsSelf, input.FundsOther,
            Text(input.Progress), input.WorkersOnSite, input.StartedOn, Text(input.Problems), Text(input.Explanation));
    }

    /// <summary>A month the platform accepts a report for: from the ledger's first year up to the current month.</summary>
    public static void CheckPeriod(int year, int month, DateOnly today)
    {
        if (month is < 1 or > 12)
        {
            throw ValidationFailedException.For("month", "月份应在1至12之间");
        }

        if (year < Ledger.SaveProjectYear.MinYear || year > today.Year || (year == today.Year && month > today.Month))
        {
            throw ValidationFailedException.For("month", $"不能填报{year}年{month}月的月报：只能填报本月及以前的月份");
        }
    }

    /// <summary>The problems a report raises, one per non-empty line.</summary>
    public static IReadOnlyList<string> ProblemLines(string? text) =>
        text is null ? [] : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];

    private static IEnumerable<(string Field, string Label, decimal? Value)> Money(ReportInput i) =>
    [
        (nameof(i.InvestmentMonth), "本月完成投资", i.InvestmentMonth),
        (nameof(i.InvestmentYtd), "本年累计完成投资", i.InvestmentYtd),
        (nameof(i.InvestmentSinceStart), "开工累计完成投资", i.InvestmentSinceStart),
        (nameof(i.ConstructionWork), "建筑工程", i.ConstructionWork),
        (nameof(i.InstallationWork), "安装工程", i.InstallationWork),
        (nameof(i.EquipmentPurchase), "设备购置", i.EquipmentPurchase),
        (nameof(i.OtherWork), "其他费用", i.OtherWork),
        (nameof(i.FundsFiscal), "财政资金到位", i.FundsFiscal),
        (nameof(i.FundsLoan), "银行贷款到位", i.FundsLoan),
        (nameof(i.FundsSelf), "企业自筹到位", i.FundsSelf),
        (nameof(i.FundsOther), "其他资金到位", i.FundsOther),
    ];

    private static void Length(ValidationErrors errors, string field, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(field, $"{label}不能超过{max}个字");
        }
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ReplaceLineEndings("\n");

    private static string Through(ReportBase b) => b.PreviousMonth == 0 ? "年初" : $"1-{b.PreviousMonth}月累计";

    internal static string Wan(decimal value) => value.ToString("#,0.####", System.Globalization.CultureInfo.InvariantCulture);
}
