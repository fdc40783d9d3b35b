using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Excel;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Tests.Imports;

/// <summary>The whole import flow through the API, on the run's database provider.</summary>
public sealed class LedgerImportTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const string AsOfLine = "截至2026年10月31日";

    private static IReadOnlyList<(string, IReadOnlyList<SampleRow>)> Sections(string prefix, string region = "绿园区") =>
    [
        ("续建", [
            new($"{prefix}汽车零部件产业园项目", region, 1.5m, 6_000m, 4_200.5m, 9_800m, 15m, "是", new DateTime(2026, 3, 15), "是", $"{prefix}王副市长", "用电增容手续办理缓慢"),
            new($"{prefix}物流园二期项目", region, 3m, 8_000m, 5_000m, 12_000m, 30m, "√", "2026年4月", "否", null, null),
        ]),
        ("新建", [
            new($"{prefix}数据中心项目", region, 0.8m, 3_000m, 1_000m, 1_000m, 7.5m, "是", "2026.6.18", "", null, "无"),
        ]),
    ];

    private static byte[] Xlsx(string prefix, string region = "绿园区") =>
        SampleLedgers.Government($"长春市{prefix}2026年5000万元以上重点项目建设推进情况表", AsOfLine, Sections(prefix, region)).ToXlsx();

    private async Task<ProjectDto?> FindAsync(string name)
    {
        using var client = app.Api();
        var page = await client.GetFromJsonAsync<PageOf<ProjectListItem>>($"/api/projects?q={Uri.EscapeDataString(name)}&pageSize=50", Json.Options);
        var item = page!.Items.SingleOrDefault(i => i.Name == name);
        return item is null ? null : await client.GetFromJsonAsync<ProjectDto>($"/api/projects/{item.Id}", Json.Options);
    }

    [Fact]
    public async Task Government_ledger_with_merged_two_level_headers_previews_then_imports_every_value()
    {
        using var client = app.Api();
        var batch = await client.UploadAsync(Xlsx("甲"), "重点项目推进情况表.xlsx");

        batch.Status.ShouldBe(ImportStatus.Ready);
        var p = batch.Preview!;
        p.HeaderFirstRow.ShouldBe(3);
        p.HeaderLastRow.ShouldBe(4);
        p.AsOf.ShouldBe(new DateOnly(2026, 10, 31));
        p.Year.ShouldBe(2026);
        p.Rows.ShouldBe(3);
        p.Create.ShouldBe(3);
        p.Invalid.ShouldBe(0);
        p.Problems.ShouldBe(1);
        p.Columns.Single(c => c.Header.EndsWith("1-10月完成投资", StringComparison.Ordinal)).Field.ShouldBe("InvestmentYtd");
        p.Columns.Single(c => c.Header.EndsWith("开工累计完成投资", StringComparison.Ordinal)).Field.ShouldBe("InvestmentSinceStart");
        p.Columns.Single(c => c.Header == "春季开复工项目").Field.ShouldBe("Tag:春季开复工项目");
        (await FindAsync("甲数据中心项目")).ShouldBeNull("a preview writes nothing");

        var applied = await client.CommitAsync(batch);

        applied.Status.ShouldBe(ImportStatus.Applied, applied.Message);
        applied.Created.ShouldBe(3);
        var parts = (await FindAsync("甲汽车零部件产业园项目"))!;
        parts.Region.ShouldBe("绿园区");
        parts.TotalInvestment.ShouldBe(15_000m);
        parts.LandArea.ShouldBe(10_000m);
        parts.Leader.ShouldBe("甲王副市长");
        var line = parts.Years.Single(y => y.Year == 2026);
        line.Nature.ShouldBe("续建");
        line.InPlan.ShouldBe(true);
        line.AnnualPlan.ShouldBe(6_000m);
        line.StartedOn.ShouldBe(new DateOnly(2026, 3, 15));
        line.Tags.ShouldBe(["春季开复工项目"]);
        line.YtdByMonth[9].ShouldBe(4_200.5m);
        line.SinceStartByMonth[9].ShouldBe(9_800m);
        var logistics = (await FindAsync("甲物流园二期项目"))!;
        logistics.Years.Single().StartedOn.ShouldBe(new DateOnly(2026, 4, 1));
        logistics.Years.Single().Tags.ShouldBeEmpty();
        var data = (await FindAsync("甲数据中心项目"))!;
        data.Years.Single().Nature.ShouldBe("新建");
        data.LandArea.ShouldBe(5_000m);
        var problems = await app.WithDbAsync(db => db.Problems.Where(x => x.ProjectId == parts.Id || x.ProjectId == data.Id).ToListAsync());
        problems.ShouldHaveSingleItem().Description.ShouldBe("用电增容手续办理缓慢");
        problems[0].Status.ShouldBe(ProblemStatus.Open);
        problems[0].Source.ShouldBe(ProblemSource.Import);
    }

    [Fact]
    public async Task Imported_figures_reach_the_indicators_and_a_second_import_changes_nothing()
    {
        using var client = app.Api();
        var region = "220113";
        var before = await FiguresAsync(client, region);
        var file = Xlsx("乙", "九台区");

        var first = await client.ImportLedgerAsync(file, "乙.xlsx");
        var after = await FiguresAsync(client, region);
        var again = await client.UploadAsync(file, "乙-再次.xlsx");

        first.Created.ShouldBe(3);
        (after[K.Projects] - before[K.Projects]).ShouldBe(3);
        (after[K.Ytd] - before[K.Ytd]).ShouldBe(10_200.5m);
        (after[K.TotalInvestment] - before[K.TotalInvestment]).ShouldBe(53_000m);
        again.Preview!.Unchanged.ShouldBe(3);
        again.Preview.Create.ShouldBe(0);
        again.Preview.Update.ShouldBe(0);
        again.Preview.Problems.ShouldBe(0, "the open problem is already on the project");
        var second = await client.CommitAsync(again);
        second.Created.ShouldBe(0);
        second.Updated.ShouldBe(0);
        second.Unchanged.ShouldBe(3);
        (await FiguresAsync(client, region)).ShouldBe(after);
    }

    private static async Task<Dictionary<string, decimal>> FiguresAsync(HttpClient client, string region)
    {
        var set = (await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={region}&year=2026&asOf=2026-10-31", Json.Options))!;
        return set.Figures.Where(f => f.Value is not null && f.Key is K.Projects or K.Ytd or K.TotalInvestment).ToDictionary(f => f.Key, f => f.Value!.Value);
    }

    [Fact]
    public async Task The_same_ledger_as_xls_gb18030_csv_and_traditional_script_gives_the_same_records()
    {
        using var client = app.Api();
        var xls = SampleLedgers.Government("2026年重点项目", AsOfLine, Sections("丙", "双阳区")).ToXls();
        var csv = SampleLedgers.Government("2026年重点项目", AsOfLine, Sections("丁", "双阳区")).ToCsv(Encoding.GetEncoding("GB18030"));
        var traditional = SampleLedgers.Government("2026年重點項目", "截至2026年10月31日", Sections("戊", "雙陽區"), traditional: true).ToXlsx();

        foreach (var (file, name, prefix) in new[] { (xls, "丙.xls", "丙"), (csv, "丁.csv", "丁"), (traditional, "戊.xlsx", "戊") })
        {
            var applied = await client.ImportLedgerAsync(file, name);
            applied.Created.ShouldBe(3, name);
            var parts = (await FindAsync($"{prefix}汽车零部件产业园项目"))!;
            parts.Region.ShouldBe("双阳区", name);
            parts.TotalInvestment.ShouldBe(15_000m, name);
            parts.LandArea.ShouldBe(10_000m, name);
            parts.Years.Single().YtdByMonth[9].ShouldBe(4_200.5m, name);
            parts.Years.Single().StartedOn.ShouldBe(new DateOnly(2026, 3, 15), name);
            parts.Years.Single().Nature.ShouldBe("续建", name);
        }
    }

    [Fact]
    public async Task Rollback_removes_created_projects_and_restores_changed_ones_and_is_audited()
    {
        using var client = app.Api();
        var existing = await app.CreateProjectAsync(new ProjectDetails
        {
            Name = "己汽车零部件产业园项目", RegionId = await app.RegionIdAsync("220106"), TotalInvestment = 9_999m, OwnerCompany = "原业主单位",
        });
        var applied = await client.ImportLedgerAsync(Xlsx("己"), "己.xlsx");
        applied.Created.ShouldBe(2);
        applied.Updated.ShouldBe(1);
        (await FindAsync("己汽车零部件产业园项目"))!.TotalInvestment.ShouldBe(15_000m);
        (await app.WithDbAsync(db => db.People.Where(p => p.Name == "己王副市长").Select(p => p.ImportBatchId).SingleAsync())).ShouldBe(applied.Id, "the leader named in the file was created by the import");

        using var response = await client.RollbackAsync(applied);

        await response.EnsureSuccessAsync();
        (await client.GetAsync(applied.Id)).Status.ShouldBe(ImportStatus.RolledBack);
        (await FindAsync("己物流园二期项目")).ShouldBeNull();
        (await FindAsync("己数据中心项目")).ShouldBeNull();
        var restored = (await FindAsync("己汽车零部件产业园项目"))!;
        restored.TotalInvestment.ShouldBe(9_999m);
        restored.OwnerCompany.ShouldBe("原业主单位");
        restored.Years.ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Problems.CountAsync(p => p.ProjectId == existing.Id))).ShouldBe(0);
        var trail = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditAction.Import).Select(e => e.Summary).ToListAsync());
        trail.ShouldContain(s => s.StartsWith("导入「己.xlsx」", StringComparison.Ordinal));
        trail.ShouldContain(s => s.StartsWith("撤销导入「己.xlsx」", StringComparison.Ordinal) && s.Contains("删除导入时新建的1名人员", StringComparison.Ordinal));
        (await app.WithDbAsync(db => db.People.CountAsync(p => p.Name == "己王副市长"))).ShouldBe(0, "the leader the import created is gone with it");
    }

    [Fact]
    public async Task Rollback_keeps_a_person_the_import_created_once_another_project_names_them()
    {
        using var client = app.Api();
        var applied = await client.ImportLedgerAsync(Xlsx("辰"), "辰.xlsx");
        var leader = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Name == "辰王副市长"));
        var other = await app.CreateProjectAsync(new ProjectDetails
        {
            Name = "辰另一个项目", RegionId = await app.RegionIdAsync("220106"), TotalInvestment = 6_000m, LeaderId = leader.Id,
        });

        using var response = await client.RollbackAsync(applied);

        await response.EnsureSuccessAsync();
        (await FindAsync("辰数据中心项目")).ShouldBeNull();
        (await app.WithDbAsync(db => db.People.CountAsync(p => p.Id == leader.Id))).ShouldBe(1, "still the leader of a project the import did not write");
        (await FindAsync("辰另一个项目"))!.LeaderId.ShouldBe(leader.Id);
        var summary = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditAction.Import && e.Summary.StartsWith("撤销导入「辰.xlsx」")).Select(e => e.Summary).SingleAsync());
        summary.ShouldContain("删除导入时新建的0名人员（另有1名已在别处使用，保留）");
    }

    [Fact]
    public async Task Rollback_is_refused_when_the_leader_to_restore_went_with_an_earlier_rollback()
    {
        using var client = app.Api();
        var first = await client.ImportLedgerAsync(Xlsx("巳"), "巳.xlsx");
        var leader = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Name == "巳王副市长"));
        await app.CreateProjectAsync(new ProjectDetails
        {
            Name = "巳手工录入项目", RegionId = await app.RegionIdAsync("220106"), TotalInvestment = 6_000m, LeaderId = leader.Id,
        });
        var second = await client.ImportLedgerAsync(
            SampleLedgers.Government("长春市巳2026年重点项目表", AsOfLine, [("续建", [new SampleRow("巳手工录入项目", "绿园区", 0.7m, 2_000m, 500m, 500m, 3m, "是", "2026年5月", "否", "巳李副市长", null)])]).ToXlsx(),
            "巳二.xlsx");
        second.Updated.ShouldBe(1);
        (await client.RollbackAsync(first)).EnsureSuccessStatusCode();
        (await app.WithDbAsync(db => db.People.CountAsync(p => p.Id == leader.Id))).ShouldBe(0, "no project names the first import's leader any more");

        using var response = await client.RollbackAsync(second);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("导入前的包保领导或服务秘书已被删除");
        (await client.GetAsync(second.Id)).Status.ShouldBe(ImportStatus.Applied);
        (await FindAsync("巳手工录入项目"))!.Leader.ShouldBe("巳李副市长");
    }

    [Fact]
    public async Task New_rows_written_in_bulk_carry_the_audit_records_a_tracked_creation_writes()
    {
        using var client = app.Api();
        var applied = await client.ImportLedgerAsync(Xlsx("批量"), "批量.xlsx");
        applied.Created.ShouldBe(3);

        var compared = await app.WithDbAsync(async db =>
        {
            var ids = await db.Projects.Where(x => EF.Functions.Like(x.Name, "批量%")).Select(x => x.Id).ToListAsync();
            var rows = new List<object>();
            rows.AddRange(await db.Projects.AsNoTracking().Where(x => ids.Contains(x.Id)).ToListAsync());
            rows.AddRange(await db.ProjectYears.AsNoTracking().Include(y => y.Tags).Where(y => ids.Contains(y.ProjectId)).ToListAsync());
            rows.AddRange(await db.MonthlyReports.AsNoTracking().Where(r => ids.Contains(r.ProjectId)).ToListAsync());
            rows.AddRange(await db.Problems.AsNoTracking().Where(x => ids.Contains(x.ProjectId)).ToListAsync());
            var trail = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditAction.Create).OrderByDescending(e => e.Sequence).Take(200).ToListAsync();

            // What a save through the change tracker would record for the same rows, created as they now stand.
            foreach (var row in rows)
            {
                db.Add(row);
            }

            var expected = AuditCapture.Describe(db, [.. db.ChangeTracker.Entries().Where(AuditCapture.IsAudited)], DateTime.UtcNow, SystemActor.Instance,
                app.Services.GetRequiredService<Tiaodu.Core.Accounts.PersonalData>());
            db.ChangeTracker.Clear();
            foreach (var e in expected)
            {
                var stored = trail.SingleOrDefault(t => t.EntityType == e.EntityType && t.EntityId == e.EntityId)
                    ?? throw new ShouldAssertException($"no creation record for {e.EntityType} {e.EntityId}");
                stored.After.ShouldBe(e.After, $"{e.EntityType} {e.EntityId}");
                stored.Summary.ShouldBe(e.Summary);
            }

            return expected.GroupBy(e => e.EntityType).ToDictionary(g => g.Key, g => g.Count());
        });

        compared.ShouldBe(new Dictionary<string, int> { ["Project"] = 3, ["ProjectYear"] = 3, ["MonthlyReport"] = 3, ["Problem"] = 1 }, ignoreOrder: true);
    }

    [Fact]
    public async Task New_rows_written_in_bulk_are_stored_exactly_as_a_tracked_save_stores_them()
    {
        using var client = app.Api();
        var applied = await client.ImportLedgerAsync(Xlsx("寅"), "寅.xlsx");
        applied.Created.ShouldBe(3);

        var differences = await app.WithDbAsync(async db =>
        {
            var ids = await db.Projects.Where(x => EF.Functions.Like(x.Name, "寅%")).Select(x => x.Id).ToListAsync();
            var projects = await db.Projects.AsNoTracking().Where(x => ids.Contains(x.Id)).ToListAsync();
            var lines = await db.ProjectYears.AsNoTracking().Where(y => ids.Contains(y.ProjectId)).ToListAsync();
            var lineIds = lines.Select(y => y.Id).ToList();
            var tags = await db.ProjectYearTags.AsNoTracking().Where(t => lineIds.Contains(t.ProjectYearId)).ToListAsync();
            var reports = await db.MonthlyReports.AsNoTracking().Where(r => ids.Contains(r.ProjectId)).ToListAsync();
            var problems = await db.Problems.AsNoTracking().Where(x => ids.Contains(x.ProjectId)).ToListAsync();
            var changes = await db.ImportChanges.AsNoTracking().Where(c => c.BatchId == applied.Id).ToListAsync();
            (Type Type, string Where)[] tables =
            [
                (typeof(Project), $"\"Id\" IN ({string.Join(',', ids)})"),
                (typeof(ProjectYear), $"\"ProjectId\" IN ({string.Join(',', ids)})"),
                (typeof(ProjectYearTag), $"\"ProjectYearId\" IN ({string.Join(',', lineIds)})"),
                (typeof(MonthlyReport), $"\"ProjectId\" IN ({string.Join(',', ids)})"),
                (typeof(Problem), $"\"ProjectId\" IN ({string.Join(',', ids)})"),
                (typeof(ImportChange), $"\"BatchId\" = {applied.Id}"),
            ];
            var bulk = await StoredAsync(db, tables);
            tags.Count.ShouldBeGreaterThan(0, "the sample has tagged lines");
            problems.Count.ShouldBeGreaterThan(0, "the sample has problems");

            // The same rows written again through the change tracker, inside a transaction that is then rolled back.
            await using var tx = await db.Database.BeginTransactionAsync();
            foreach (var (type, where) in tables.Reverse())
            {
                var table = db.Model.FindEntityType(type)!.GetTableName();
#pragma warning disable EF1002 // Model names and ids only.
                await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\" WHERE {where}");
#pragma warning restore EF1002
            }

            db.AddRange(projects);
            db.AddRange(lines);
            db.AddRange(tags);
            db.AddRange(reports);
            db.AddRange(problems);
            db.AddRange(changes);
            await db.SaveChangesAsync();
            var tracked = await StoredAsync(db, tables);
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            return tables.Select(t => t.Type.Name).Where(name => !bulk[name].SequenceEqual(tracked[name]))
                .Select(name => $"{name}: bulk {string.Join(" / ", bulk[name])} tracked {string.Join(" / ", tracked[name])}").ToList();
        });

        differences.ShouldBeEmpty();
    }

    /// <summary>Each table's rows as the database holds them, every column but the ledger stamp in the database's own text, sorted.</summary>
    private async Task<Dictionary<string, List<string>>> StoredAsync(TiaoduDb db, IEnumerable<(Type Type, string Where)> tables)
    {
        var result = new Dictionary<string, List<string>>();
        var sqlite = app.Database.Provider == DatabaseProvider.Sqlite;
        foreach (var (type, where) in tables)
        {
            var entity = db.Model.FindEntityType(type)!;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => p.GetColumnName(store)!)
                .Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties().Select(p => p.GetColumnName(store)!)))
                .Where(c => c != nameof(Project.ChangeSeq)).ToList();
            var text = string.Join(" || '|' || ", columns.Select(c => sqlite ? $"quote(\"{c}\")" : $"coalesce(\"{c}\"::text || '', 'NULL')"));
            var rows = new List<string>();
            var connection = db.Database.GetDbConnection();
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
#pragma warning disable CA2100 // Model names only.
            cmd.CommandText = $"SELECT {text} FROM \"{entity.GetTableName()}\" WHERE {where}";
#pragma warning restore CA2100
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync();
            }

            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            rows.Sort(StringComparer.Ordinal);
            result[type.Name] = rows;
        }

        return result;
    }

    [Fact]
    public async Task Rollback_is_refused_after_someone_edits_an_imported_project()
    {
        using var client = app.Api();
        var applied = await client.ImportLedgerAsync(Xlsx("庚"), "庚.xlsx");
        var project = (await FindAsync("庚数据中心项目"))!;
        var edit = await client.PutAsJsonAsync($"/api/projects/{project.Id}",
            new { project = new ProjectDetails { Name = project.Name, RegionId = project.RegionId, TotalInvestment = 8_888m }, version = project.Version }, Json.Options);
        await edit.EnsureSuccessAsync();

        using var response = await client.RollbackAsync(applied);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("庚数据中心项目");
        (await FindAsync("庚物流园二期项目")).ShouldNotBeNull("nothing is rolled back when one project cannot be");
        (await client.GetAsync(applied.Id)).Status.ShouldBe(ImportStatus.Applied);
    }

    [Fact]
    public async Task Ambiguous_region_and_unknown_values_are_reported_by_row_and_block_the_import_until_resolved()
    {
        using var client = app.Api();
        var b = new LedgerFileBuilder();
        var s = b.Sheet("Sheet1");
        s.Row("项目名称", "所属区域", "总投资", "建设性质");
        s.Row("辛新能源项目", "经开区", 60_000, "新建");
        s.Row("辛旧改项目", "绿园区", 50_000, "重建");
        var batch = await client.UploadAsync(b.ToXlsx(), "辛.xlsx");

        batch.ErrorRows.ShouldBe(2);
        var issues = batch.Preview!.Issues;
        issues.ShouldContain(i => i.Row == 2 && i.Message.Contains("经开区", StringComparison.Ordinal) && i.Message.Contains("多个可能", StringComparison.Ordinal));
        issues.ShouldContain(i => i.Row == 3 && i.Message.Contains("重建", StringComparison.Ordinal));
        batch.Preview.AmbiguousRegions.ShouldHaveSingleItem().Candidates.Select(c => c.Key).ShouldContain("220171");
        using (var refused = await client.PostAsJsonAsync($"/api/imports/{batch.Id}/commit?wait=true", new { batch.Version }, Json.Options))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }

        var fixedBatch = await client.OptionsAsync(batch, new ImportOptions { RegionChoices = new(StringComparer.Ordinal) { ["经开区"] = "220171" } });
        fixedBatch.ErrorRows.ShouldBe(1);
        fixedBatch.Preview!.Issues.ShouldNotContain(i => i.Row == 2);
        (await FindAsync("辛新能源项目")).ShouldBeNull();
    }

    [Fact]
    public async Task A_column_mapped_by_hand_and_saved_is_reused_for_the_next_file()
    {
        using var client = app.Api();
        var b = new LedgerFileBuilder();
        var s = b.Sheet("Sheet1");
        s.Row("项目名称", "所属区域", "投资规模（亿元）");
        s.Row("壬智能装备项目", "朝阳区", 2.5);
        var batch = await client.UploadAsync(b.ToXlsx(), "壬.xlsx");
        batch.Preview!.Columns[2].Field.ShouldBeNull();
        batch.ErrorRows.ShouldBeGreaterThan(0, "a new project needs its total investment");

        var mapped = await client.OptionsAsync(batch, new ImportOptions { Columns = new() { [2] = "TotalInvestment" } });
        mapped.ErrorRows.ShouldBe(0);
        using (var save = await client.PostAsJsonAsync("/api/imports/mappings", new { name = "壬区县报表", batchId = batch.Id }, Json.Options))
        {
            await save.EnsureSuccessAsync();
        }

        var applied = await client.CommitAsync(mapped);
        applied.Created.ShouldBe(1);
        (await FindAsync("壬智能装备项目"))!.TotalInvestment.ShouldBe(25_000m, "the header's 亿元 applies to a column mapped by hand");

        var mappingId = (await client.GetFromJsonAsync<List<MappingRow>>("/api/imports/mappings", Json.Options))!.Single(m => m.Name == "壬区县报表").Id;
        var next = new LedgerFileBuilder();
        var n = next.Sheet("Sheet1");
        n.Row("项目名称", "所属区域", "投资规模（亿元）");
        n.Row("壬智能装备二期项目", "朝阳区", 1);
        var reused = await client.UploadAsync(next.ToXlsx(), "壬2.xlsx", ("mappingId", mappingId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        reused.Preview!.Columns[2].Field.ShouldBe("TotalInvestment");
        reused.ErrorRows.ShouldBe(0);
    }

    private sealed record MappingRow(int Id, string Name);

    [Fact]
    public async Task A_district_office_imports_only_inside_its_district_and_sees_only_its_region_batches()
    {
        await app.CreateAccountAsync("import.chaoyang", [Role.DispatchOffice], "220104");
        using var district = app.ClientFor("import.chaoyang");
        var b = new LedgerFileBuilder();
        var s = b.Sheet("Sheet1");
        s.Row("项目名称", "所属区域", "总投资");
        s.Row("癸朝阳区项目", "朝阳区", 60_000);
        s.Row("癸南关区项目", "南关区", 60_000);

        var batch = await district.UploadAsync(b.ToXlsx(), "癸.xlsx");

        batch.Preview!.Issues.ShouldContain(i => i.Row == 3 && i.Message.Contains("不在您的管辖范围内", StringComparison.Ordinal));
        batch.Preview.Issues.ShouldNotContain(i => i.Row == 2);
        await app.CreateAccountAsync("import.nanguan", [Role.DispatchOffice], "220102");
        using var other = app.ClientFor("import.nanguan");
        (await other.GetAsync($"/api/imports/{batch.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetFromJsonAsync<PageOf<ImportsApi.BatchDto>>("/api/imports", Json.Options))!.Items.ShouldNotContain(x => x.Id == batch.Id);
        await app.CreateAccountAsync("import.leader", [Role.CityLeader], "220100");
        using var leader = app.ClientFor("import.leader");
        (await leader.PostUploadAsync(b.ToXlsx(), "癸.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("garbage.xlsx")]
    [InlineData("bomb.xlsx")]
    [InlineData("encrypted.xlsx")]
    [InlineData("empty-table.csv")]
    public async Task Hostile_or_unusable_files_are_refused_with_a_chinese_message_and_no_500(string kind)
    {
        using var client = app.Api();
        var file = kind switch
        {
            "garbage.xlsx" => LedgerFileBuilder.Garbage(4096),
            "bomb.xlsx" => LedgerFileBuilder.ZipBomb(),
            "encrypted.xlsx" => LedgerFileBuilder.EncryptedXlsx(),
            _ => Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n"),
        };

        using var response = await client.PostUploadAsync(file, kind);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var batch = (await response.Content.ReadFromJsonAsync<ImportsApi.BatchDto>(Json.Options))!;
        batch.Status.ShouldBe(ImportStatus.Refused);
        batch.Message.ShouldNotBeNullOrWhiteSpace();
        batch.Message!.Any(c => c >= 0x4e00 && c <= 0x9fff).ShouldBeTrue(batch.Message);
    }

    [Fact]
    public async Task A_commit_without_waiting_runs_in_the_background_and_reports_progress_until_done()
    {
        using var client = app.Api();
        var batch = await client.UploadAsync(Xlsx("子", "德惠市"), "子.xlsx");

        using var response = await client.PostAsJsonAsync($"/api/imports/{batch.Id}/commit", new { batch.Version }, Json.Options);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        ImportsApi.BatchDto current;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(100);
            current = await client.GetAsync(batch.Id);
        }
        while (current.Status is ImportStatus.Queued or ImportStatus.Applying && DateTime.UtcNow < deadline);

        current.Status.ShouldBe(ImportStatus.Applied, current.Message);
        current.Created.ShouldBe(3);
        (await FindAsync("子数据中心项目")).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_import_verb_previews_with_dry_run_and_then_applies()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tiaodu-import-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, Xlsx("丑", "榆树市"));
        try
        {
            var (dryCode, dryOut, _) = await app.RunVerbAsync("import", path, "--dry-run");
            dryCode.ShouldBe(0, dryOut);
            dryOut.ShouldContain("新增3");
            dryOut.ShouldContain("试运行");
            (await FindAsync("丑数据中心项目")).ShouldBeNull();

            var (code, output, errors) = await app.RunVerbAsync("import", path, "--as-of", "2026-10-31");
            code.ShouldBe(0, output + errors);
            output.ShouldContain("已导入：新增3");
            (await FindAsync("丑数据中心项目")).ShouldNotBeNull();

            var (badCode, _, badErrors) = await app.RunVerbAsync("import", path, "--year", "abc");
            badCode.ShouldBe(2);
            badErrors.ShouldContain("--year");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Cells_filled_with_a_dash_or_none_say_nothing_and_create_no_person_code_or_error()
    {
        using var client = app.Api();
        var b = new LedgerFileBuilder();
        var s = b.Sheet("Sheet1");
        s.Row("项目名称", "项目代码", "所属区域", "总投资（万元）", "项目单位", "联系电话", "建设性质", "建设内容", "包保领导", "服务秘书", "存在问题");
        s.Row("未占位符一号项目", "/", "绿园区", 60_000, "—", "-", "/", "无", "无", "／", "暂无");
        s.Row("未占位符二号项目", "——", "绿园区", 70_000, "无", "N/A", "—", "/", "/", "没有", "无");
        var batch = await client.UploadAsync(b.ToXlsx(), "未.xlsx");

        batch.ErrorRows.ShouldBe(0, string.Join("；", batch.Preview!.Issues.Select(i => $"{i.Row}:{i.Message}")));
        batch.Preview.Issues.ShouldNotContain(i => i.Message.Contains("将新建", StringComparison.Ordinal), "a dash is nobody's name");
        (await client.CommitAsync(batch)).Created.ShouldBe(2);

        foreach (var name in new[] { "未占位符一号项目", "未占位符二号项目" })
        {
            var p = (await FindAsync(name)).ShouldNotBeNull();
            p.Code.ShouldBeNull();
            p.OwnerCompany.ShouldBeNull();
            p.ContactPhone.ShouldBeNull();
            p.NatureId.ShouldBeNull();
            p.Content.ShouldBeNull();
            (await app.WithDbAsync(db => db.Problems.CountAsync(x => x.ProjectId == p.Id))).ShouldBe(0);
        }

        (await app.WithDbAsync(db => db.People.CountAsync(x => x.Name.Length <= 3 && (x.Name == "无" || x.Name == "/" || x.Name == "／" || x.Name == "没有")))).ShouldBe(0);

        // A dash is no project's name either: the row is refused, not a project named "/".
        var named = new LedgerFileBuilder();
        var n = named.Sheet("Sheet1");
        n.Row("项目名称", "所属区域", "总投资（万元）", "春季开复工项目");
        n.Row("/", "绿园区", 60_000, "/");
        var refused = await client.UploadAsync(named.ToXlsx(), "未2.xlsx");
        refused.ErrorRows.ShouldBe(1);
        refused.Preview!.Issues.ShouldContain(i => i.Row == 2 && i.Message.Contains("「/」不是项目名称", StringComparison.Ordinal));
        refused.Preview.Issues.ShouldNotContain(i => i.Message.Contains("是”或“否", StringComparison.Ordinal), "a dash in a yes/no column says nothing");
    }
}
