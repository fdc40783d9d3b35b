using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Imports;

/// <summary>The filtered ledger out as .xlsx and .csv, and back in again without a difference.</summary>
public sealed class LedgerExportTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const string Region = "220183";

    private async Task SeedAsync()
    {
        if (await app.WithDbAsync(db => db.Projects.AnyAsync(p => p.Name.StartsWith("导出测试"))))
        {
            return;
        }

        var region = await app.RegionIdAsync(Region);
        var newNature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var continuing = await app.LookupIdAsync(LookupKind.Nature, "续建");
        var category = await app.LookupIdAsync(LookupKind.Category, "产业");
        var stage = await app.LookupIdAsync(LookupKind.Stage, "在建");
        var spring = await app.WithDbAsync(db => db.Tags.Where(t => t.Name == "春季开复工项目").Select(t => t.Id).SingleAsync());
        var full = await app.CreateProjectAsync(new ProjectDetails
        {
            Code = "2603-220183-04-01-654321", Name = "导出测试德惠农产品加工园项目", RegionId = region, TotalInvestment = 123_456.7891m,
            OwnerCompany = "德惠市=农业发展有限公司", ContactName = "李四", ContactPhone = "13812345678", CategoryId = category, NatureId = newNature,
            StageId = stage, Content = "+新建厂房3万平方米，\n生产线2条", PlannedStart = new DateOnly(2026, 3, 1), PlannedCompletion = new DateOnly(2027, 10, 31),
            ActualStart = new DateOnly(2026, 4, 2), LandArea = 66_666.6667m, ExpectedOutput = 50_000m, ExpectedTax = 3_000.5m,
            Longitude = 125.703327, Latitude = 44.533909, InStatsOn = new DateOnly(2026, 5, 10),
        });
        await app.SetYearAsync(full.Id, 2026, new ProjectYearInput
        {
            InPlan = true, NatureId = newNature, AnnualPlan = 20_000m, PlannedStartMonth = 3, StartedOn = new DateOnly(2026, 4, 2), TagIds = [spring],
        });
        await app.RecordApprovedMonthAsync(full.Id, 2026, 10, 1_000m, 8_000.25m, 8_000.25m);
        var plain = await app.CreateProjectAsync(new ProjectDetails { Name = "导出测试德惠续建道路项目", RegionId = region, TotalInvestment = 60_000m, NatureId = continuing });
        await app.SetYearAsync(plain.Id, 2026, new ProjectYearInput { InPlan = false, NatureId = continuing });
        var odd = await app.CreateProjectAsync(new ProjectDetails { Name = "@导出测试公式字符项目", RegionId = region, TotalInvestment = 5_000m });
        await app.SetYearAsync(odd.Id, 2026, new ProjectYearInput { InPlan = true });
        await app.CreateProjectAsync(new ProjectDetails { Name = "导出测试不在本年台账的项目", RegionId = region, TotalInvestment = 7_000m });
    }

    private static string Url(string format) => $"/api/projects/export?region={Region}&year=2026&asOf=2026-10-31&format={format}";

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task An_exported_ledger_imports_back_without_a_single_change(string format)
    {
        await SeedAsync();
        using var client = app.Api();
        using var response = await client.GetAsync(Url(format));
        await response.EnsureSuccessAsync();
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var batch = await client.UploadAsync(bytes, "导出." + format, ("asOf", "2026-10-31"));

        batch.Status.ShouldBe(ImportStatus.Ready, batch.Message);
        var p = batch.Preview!;
        p.Issues.Where(i => i.Severity == IssueSeverity.Error).ShouldBeEmpty();
        p.Rows.ShouldBe(3);
        p.Unchanged.ShouldBe(3, string.Join("；", p.Sample.Select(s => $"{s.Name}:{s.Action}:{string.Join(",", s.Changes ?? [])}")));
    }

    [Fact]
    public async Task The_workbook_has_the_government_layout_and_neutralised_text()
    {
        await SeedAsync();
        using var client = app.Api();
        var bytes = await client.GetByteArrayAsync(Url("xlsx"));

        using var file = WorkbookFile.Open(new MemoryStream(bytes), "导出.xlsx");
        var rows = file.Rows(0).ToList();
        rows[0].Cells[0].ShouldBe("德惠市2026年重点项目台账");
        rows[1].Cells.OfType<string>().ShouldContain("单位：万元");
        rows[1].Cells.OfType<string>().ShouldContain("截至2026年10月31日");
        rows[2].Cells.OfType<string>().ShouldContain("投资完成情况");
        rows[3].Cells.OfType<string>().ShouldContain("1-10月完成投资");
        var texts = rows.SelectMany(r => r.Cells.OfType<string>()).ToList();
        texts.ShouldContain(t => t.StartsWith("一、新建项目（1个）", StringComparison.Ordinal));
        texts.ShouldContain(t => t.StartsWith("二、续建项目（1个）", StringComparison.Ordinal));
        texts.ShouldContain("合计");
        texts.ShouldContain("'@导出测试公式字符项目");
        texts.ShouldNotContain("导出测试不在本年台账的项目", "a year's ledger lists the projects on that year's plan lines");
        texts.ShouldContain("德惠市=农业发展有限公司");
        texts.ShouldContain("138****5678");
        texts.ShouldNotContain("13812345678");
        var total = rows.Single(r => r.Cells.OfType<string>().Contains("合计"));
        total.Cells.OfType<double>().ShouldContain(123_456.7891 + 60_000 + 5_000);
        file.Merges(0).ShouldContain(m => m.FirstRow == 1 && m.LastRow == 1);
    }

    [Fact]
    public async Task An_export_holds_only_the_jurisdiction_and_is_audited()
    {
        await SeedAsync();
        await app.CreateAccountAsync("export.chaoyang", [Role.DistrictLeader], "220104");
        using var district = app.ClientFor("export.chaoyang");

        var bytes = await district.GetByteArrayAsync($"/api/projects/export?region={Region}&format=csv");

        using var file = WorkbookFile.Open(new MemoryStream(bytes), "x.csv");
        file.Rows(0).SelectMany(r => r.Cells.OfType<string>()).ShouldNotContain(t => t.Contains("导出测试", StringComparison.Ordinal));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditAction.Export && e.Actor == "export.chaoyang").ToListAsync());
        audit.ShouldNotBeEmpty();
        (await district.GetAsync("/api/projects/export?format=pdf")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
