using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Demo;

/// <summary>
/// Fills a database that has reference data but no projects with a repeatable demo ledger for Jilin:
/// tags, 包保领导 and 服务秘书, several hundred projects in every county-level region, their plan lines for
/// the previous and the current year, and approved monthly reports up to the last complete month.
/// </summary>
public sealed class SeedDemoData(TiaoduDb db, TimeProvider clock)
{
    /// <summary>The fixed seed of the generator: the same date gives the same data set.</summary>
    public const int RandomSeed = 20261122;

    private static readonly string[] TagNames = [DemoPlanner.TagSpring, DemoPlanner.TagHundred, DemoPlanner.TagJoint, DemoPlanner.TagProvincial];

    public async Task<bool> HandleAsync(CancellationToken ct)
    {
        if (await db.Projects.AnyAsync(ct))
        {
            return false;
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var rng = new Random(RandomSeed);
        var detectChanges = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var regions = await db.Regions.AsNoTracking().Where(r => r.IsActive).ToListAsync(ct);
            if (regions.Count == 0)
            {
                throw new InvalidOperationException("Seed the reference data before the demo data.");
            }

            var lookups = await db.Lookups.AsNoTracking().Where(l => l.IsActive).ToListAsync(ct);
            var tagIds = await SeedTagsAsync(ct);
            var people = await SeedPeopleAsync(rng, regions, ct);

            var planned = new DemoPlanner(rng, today, new DemoReference(regions, lookups, people, tagIds)).Plan();
            var projects = planned.Select(p => new Project(p.Details, p.CreatedAt)).ToList();
            db.Projects.AddRange(projects);
            await db.SaveChangesAsync(ct);

            for (var i = 0; i < projects.Count; i++)
            {
                AddYears(projects[i].Id, projects[i].TotalInvestment, planned[i].Lines, rng, today);
            }

            await db.SaveChangesAsync(ct);
            await AddMilestonesAsync(projects, today, ct);
            await AddWatchListAsync(projects, today, ct);
            await AddProblemsAsync(projects, today, ct);
            await AddMeetingsAsync(today, ct);
            await SeedAccountabilityDemo.AddAsync(db, projects, people, regions, today, clock.GetUtcNow().UtcDateTime, ct);
            await SeedAttractionDemo.AddAsync(db, projects, people, regions, lookups, today, clock.GetUtcNow().UtcDateTime, ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }

        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>
    /// Adds a project's year lines and their approved reports, with the month-end series rebuilt; some projects
    /// already have this month's report in hand (submitted, a draft, or returned), so the review queue has work.
    /// </summary>
    private void AddYears(int projectId, decimal? total, IReadOnlyList<DemoLine> lines, Random rng, DateOnly today)
    {
        foreach (var line in lines)
        {
            var year = new ProjectYear(projectId, line.Year);
            year.SetPlan(line.InPlan, line.NatureId, line.AnnualPlan, line.PlannedMonth, line.StartedOn);
            year.SetTags(line.TagIds);
            var reports = new List<MonthlyReport>(line.Months.Count);
            foreach (var m in line.Months)
            {
                var created = new DateTime(line.Year, m.Month, 20, 9, 0, 0, DateTimeKind.Utc);
                var report = new MonthlyReport(projectId, line.Year, m.Month, m.Amount, m.Ytd, m.SinceStart, m.Progress, created);
                report.MarkApproved(new DateTime(line.Year, m.Month, 25, 9, 0, 0, DateTimeKind.Utc));
                reports.Add(report);
            }

            year.RebuildFigures(reports, line.Opening);
            db.ProjectYears.Add(year);
            db.MonthlyReports.AddRange(reports);
            if (line.Year == today.Year && line.Months.Count > 0 && line.Months[^1].Month == today.Month - 1)
            {
                AddInFlight(projectId, total, line.Months[^1], today, rng);
            }
        }
    }

    /// <summary>
    /// 倒排工期 plans for some projects, so the wall charts have something to show: projects still to start are
    /// planned back from their planned start, projects under way back from their planned production. Nodes
    /// whose deadline has passed are mostly done, a few late. A generator of its own keeps the rest of the data
    /// set as it was.
    /// </summary>
    private async Task AddMilestonesAsync(List<Project> projects, DateOnly today, CancellationToken ct)
    {
        var template = await db.MilestoneTemplates.AsNoTracking().Include(t => t.Nodes).OrderBy(t => t.Id).FirstOrDefaultAsync(ct);
        if (template is null)
        {
            return;
        }

        var rng = new Random(RandomSeed + 1);
        var nodes = template.Nodes.OrderBy(n => n.SortOrder).ToList();
        var days = nodes.Select(n => n.Days).ToList();
        var toStart = projects.Where(p => p.ActualStart is null && p.PlannedStart is { } s && s >= today.AddDays(-120)).Take(40)
            .Select(p => (Project: p, Target: "开工", On: p.PlannedStart!.Value));
        var underWay = projects.Where(p => p.ActualStart is not null && p.PlannedProduction is { } d && d > today).Take(20)
            .Select(p => (Project: p, Target: "投产", On: p.PlannedProduction!.Value));
        foreach (var (project, target, on) in toStart.Concat(underWay))
        {
            var plan = new Milestones.MilestonePlan(project.Id);
            plan.Set(template.Id, target, on, false, null);
            db.MilestonePlans.Add(plan);
            var dates = Milestones.PlanMilestones.Schedule(days, nodes.FindIndex(n => n.Name == target), on);
            for (var i = 0; i < nodes.Count; i++)
            {
                var m = new Milestones.Milestone(project.Id, nodes[i].SortOrder, nodes[i].Name, nodes[i].Days, nodes[i].IsApproval, dates[i]);
                if (dates[i] < today && rng.NextDouble() < 0.85)
                {
                    var done = dates[i].AddDays(rng.Next(-5, 11));
                    m.Record(new Milestones.MilestoneInput
                    {
                        PlannedOn = dates[i], DoneOn = done > today ? today : done, Owner = nodes[i].IsApproval ? "审批局" : "项目单位",
                        DocumentNumber = nodes[i].IsApproval ? $"长{nodes[i].Name[..1]}字〔{dates[i].Year}〕{rng.Next(10, 300)}号" : null,
                    });
                }

                db.Milestones.Add(m);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 周监测: a dozen projects under way watched for three weeks, checked in the two weeks before this one (a
    /// few behind, with the reason), this week still open.
    /// </summary>
    private async Task AddWatchListAsync(List<Project> projects, DateOnly today, CancellationToken ct)
    {
        string[] focus = ["主体结构封顶", "设备进场安装", "厂房钢结构吊装", "外网配套接入", "竣工验收准备", "二期土方开挖"];
        string[] behind = ["连续降雨影响土方作业", "钢材到货延迟", "施工用电尚未接入"];
        var rng = new Random(RandomSeed + 2);
        var week = Dispatch.WeeklyCheck.MondayOf(today);
        var added = DateTime.SpecifyKind(week.AddDays(-21).ToDateTime(new TimeOnly(2, 0)), DateTimeKind.Utc);
        var watched = projects.Where(p => p.ActualStart is not null && p.ActualCompletion is null).Take(12).ToList();
        foreach (var project in watched)
        {
            db.WatchEntries.Add(new Dispatch.WatchEntry(project.Id, focus[rng.Next(focus.Length)], "演示调度中心", added));
            for (var back = 2; back >= 1; back--)
            {
                var check = new Dispatch.WeeklyCheck(project.Id, week.AddDays(-7 * back));
                var late = rng.NextDouble() < 0.2;
                check.Record(late ? Dispatch.WatchStatus.Behind : Dispatch.WatchStatus.OnTrack, rng.Next(20, 400), late ? behind[rng.Next(behind.Length)] : null, "演示服务秘书",
                    DateTime.SpecifyKind(week.AddDays(-7 * back + 4).ToDateTime(new TimeOnly(8, 0)), DateTimeKind.Utc));
                db.WeeklyChecks.Add(check);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Open problems on some projects under way, each with a deadline — a few already past it, so the problem
    /// light shows — and some solved ones with how.
    /// </summary>
    private async Task AddProblemsAsync(List<Project> projects, DateOnly today, CancellationToken ct)
    {
        (string Text, string Category, string Lead, string? Helper)[] texts =
        [
            ("施工用电尚未接入，需供电公司增容", "YD", "GDGS", null), ("项目周边道路未贯通，材料运输困难", "DL", "JTJ", "ZJJ"), ("地下管线迁改进度滞后", "GX", "ZJJ", "GDGS"),
            ("部分地块征地拆迁尚未完成", "ZD", "ZRZY", null), ("施工许可证办理材料待补齐", "SP", "SPJ", "ZJJ"), ("项目资本金到位不足，需协调银行贷款", "ZJ", "CZJ", "FGW"),
            ("高峰期用工短缺，需人社部门协调", "YG", "RSJ", null), ("施工用水管网未接通", "YS", "SWJ", "ZJJ"),
        ];
        var lookups = await db.Lookups.Where(l => l.Kind == LookupKind.ProblemCategory || l.Kind == LookupKind.Department).ToListAsync(ct);
        int? Id(LookupKind kind, string? code) => code is null ? null : lookups.FirstOrDefault(l => l.Kind == kind && l.Code == code)?.Id;
        var rng = new Random(RandomSeed + 3);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var project in projects.Where(p => p.ActualStart is not null).Skip(12).Take(40))
        {
            var raised = today.AddDays(-rng.Next(20, 90));
            var (text, category, lead, helper) = texts[rng.Next(texts.Length)];
            var problem = new Problems.Problem(project.Id, text, Problems.ProblemSource.Report, raised, now);
            problem.Describe(Id(LookupKind.ProblemCategory, category), "演示企业");
            problem.Log(Problems.ProblemActionKind.Raised, now, "演示企业", text);
            problem.Assign(Id(LookupKind.Department, lead), Id(LookupKind.Department, helper) is { } h ? [h] : []);
            problem.Log(Problems.ProblemActionKind.Assigned, now, "演示调度中心");
            problem.SetDeadline(raised.AddDays(rng.Next(15, 75)));
            if (rng.NextDouble() < 0.15)
            {
                problem.Escalate(Problems.ProblemLevel.JointMeeting);
                problem.Log(Problems.ProblemActionKind.Escalated, now, "演示调度中心", "涉及多个部门，提请联席会议协调").WithLevel(Problems.ProblemLevel.JointMeeting);
            }

            if (rng.NextDouble() < 0.3)
            {
                problem.Resolve("已协调相关部门解决，企业确认", "演示调度中心", raised.AddDays(rng.Next(5, 15)));
                problem.Log(Problems.ProblemActionKind.Resolved, now, "演示调度中心", problem.Resolution);
            }

            db.Problems.Add(problem);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Last month's joint meeting of 长春市, held, with the escalated problems on its agenda and a decision on
    /// each; this month's still to be held; a city leader's instruction on the first escalated problem.
    /// </summary>
    private async Task AddMeetingsAsync(DateOnly today, CancellationToken ct)
    {
        var city = await db.Regions.FirstOrDefaultAsync(r => r.Key == "220100", ct);
        if (city is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var escalated = await db.Problems.Where(p => p.Level == Problems.ProblemLevel.JointMeeting && p.Status == Problems.ProblemStatus.Open)
            .OrderBy(p => p.Id).Take(3).ToListAsync(ct);
        var held = new Meetings.Meeting(Meetings.MeetingKind.JointMeeting, city.Id, "长春市项目建设联席会议", 1, new DateOnly(today.Year, today.Month, 1).AddDays(-20),
            "市政府第一会议室", "演示副市长", "市发改委、市住建局、市自然资源和规划局、国网市供电公司及有关区县", "演示调度中心", now);
        db.Meetings.Add(held);
        await db.SaveChangesAsync(ct);
        var order = 0;
        foreach (var problem in escalated)
        {
            var project = await db.Projects.Where(x => x.Id == problem.ProjectId).Select(x => x.Name).FirstAsync(ct);
            var item = new Meetings.MeetingItem(held.Id, problem.Id, $"{project}：{problem.Description}", ++order, "演示调度中心");
            held.Items.Add(item);
            await db.SaveChangesAsync(ct);
            var due = held.HeldOn.AddDays(30);
            db.MeetingDecisions.Add(new Meetings.MeetingDecision(held.Id, item.Id, problem.Id, "由牵头单位会同配合单位30日内协调解决", problem.LeadDepartmentId, due, "演示调度中心"));
            problem.SetDeadline(due);
            problem.Log(Problems.ProblemActionKind.Decided, now, "演示调度中心", "长春市项目建设联席会议（第1期）议定：由牵头单位会同配合单位30日内协调解决").WithDue(null, due);
        }

        held.Hold("会议听取了全市重点项目推进情况和需协调解决问题的汇报，逐项研究明确了责任单位和完成时限。");
        db.Meetings.Add(new Meetings.Meeting(Meetings.MeetingKind.JointMeeting, city.Id, "长春市项目建设联席会议", 2, today.AddDays(7),
            "市政府第一会议室", "演示副市长", null, "演示调度中心", now));
        if (escalated.FirstOrDefault() is { } first)
        {
            db.Instructions.Add(new Instructions.Instruction(first.ProjectId, first.Id, "请牵头单位倒排工期，确保按会议议定时限解决，进展情况每周报调度中心。", "演示市领导", null, now));
        }

        await db.SaveChangesAsync(ct);
    }

    private void AddInFlight(int projectId, decimal? total, DemoMonth last, DateOnly today, Random rng)
    {
        var draw = rng.NextDouble();
        if (draw >= 0.36)
        {
            return;
        }

        var amount = decimal.Round(last.Amount * (0.8m + (decimal)rng.NextDouble() * 0.4m), 1);
        if (total is { } t && last.SinceStart + amount > t)
        {
            amount = Math.Max(0m, t - last.SinceStart);
        }

        var at = new DateTime(today.Year, today.Month, Math.Min(today.Day, 28), 1, 0, 0, DateTimeKind.Utc);
        // A quarter submitted and waiting for review, a few returned with a reason, the rest of the draw still drafts.
        var report = new MonthlyReport(projectId, today.Year, today.Month, amount, last.Ytd + amount, last.SinceStart + amount, last.Progress, at);
        if (draw < 0.25 || draw >= 0.33)
        {
            report.Submit(at, "演示企业填报员");
        }

        if (draw >= 0.33)
        {
            report.Return(at, "调度中心", "本月完成投资与形象进度不符，请核实后重新报送");
        }

        db.MonthlyReports.Add(report);
    }

    private async Task<Dictionary<string, int>> SeedTagsAsync(CancellationToken ct)
    {
        var existing = await db.Tags.AsNoTracking().ToListAsync(ct);
        var added = new List<Tag>();
        var order = existing.Count == 0 ? 0 : existing.Max(t => t.SortOrder);
        foreach (var name in TagNames.Where(n => existing.TrueForAll(t => t.Name != n)))
        {
            var tag = new Tag(name, ++order);
            added.Add(tag);
            db.Tags.Add(tag);
        }

        await db.SaveChangesAsync(ct);
        return existing.Concat(added).ToDictionary(t => t.Name, t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>One or two 包保领导 per city and two or three 服务秘书 per county-level region.</summary>
    private async Task<List<Person>> SeedPeopleAsync(Random rng, List<Region> regions, CancellationToken ct)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        string NewName()
        {
            string name;
            do
            {
                name = DemoCatalog.PersonName(rng);
            }
            while (!used.Add(name));

            return name;
        }

        var byId = regions.ToDictionary(r => r.Id);
        var people = new List<Person>();
        foreach (var region in regions.OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.SortOrder))
        {
            var parent = region.ParentId is { } pid && byId.TryGetValue(pid, out var p) ? p : null;
            if (region.Kind == RegionKind.City)
            {
                var titles = region.Name.EndsWith('州') ? DemoCatalog.PrefectureLeaderTitles : DemoCatalog.LeaderTitles;
                var count = region.Key is "220100" or "220200" ? 2 : rng.Next(1, 3);
                for (var i = 0; i < count; i++)
                {
                    people.Add(new Person(NewName(), titles[Math.Min(i, titles.Length - 1)], PersonRole.Leader, region.Id));
                }
            }
            else if (region.Kind == RegionKind.Area && parent?.Kind == RegionKind.Province)
            {
                // A management area directly under the province (长白山) has its own leaders instead of a city's.
                people.Add(new Person(NewName(), "管委会副主任", PersonRole.Leader, region.Id));
            }

            if (!DemoPlanner.IsCountyLevel(region))
            {
                continue;
            }

            var zone = region.Kind is RegionKind.Zone or RegionKind.Area;
            var officers = rng.Next(2, 4);
            for (var i = 0; i < officers; i++)
            {
                var title = zone
                    ? (region.ShortNameList.FirstOrDefault() ?? "") + DemoCatalog.ZoneOfficerTitles[rng.Next(DemoCatalog.ZoneOfficerTitles.Length)]
                    : DemoCatalog.CountyOfficerTitles[rng.Next(DemoCatalog.CountyOfficerTitles.Length)];
                people.Add(new Person(NewName(), title, PersonRole.ServiceOfficer, region.Id));
            }
        }

        db.People.AddRange(people);
        await db.SaveChangesAsync(ct);
        return people;
    }
}
