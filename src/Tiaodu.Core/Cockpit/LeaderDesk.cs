using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Files;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Cockpit;

/// <summary>A project on the leader's phone: its light this month and this year's investment against its plan.</summary>
public sealed record DeskProject(int Id, string Name, string Region, LightColor? Light, decimal TotalInvestment, decimal? AnnualPlan, decimal? Ytd, int? YtdMonth);

/// <summary>A problem high enough or late enough for a leader's instruction (批示), with none given on it yet.</summary>
public sealed record DeskProblem(int Id, int ProjectId, string ProjectName, string Description, ProblemLevel Level, DateOnly? DueOn, int DaysLate);

/// <summary>A progress photo from a monthly report.</summary>
public sealed record DeskPhoto(int FileId, int ProjectId, string ProjectName, int Year, int Month, string FileName);

public sealed record LeaderDeskView(DateOnly Today, int Year, int Month, bool HasOwnProjects, IReadOnlyList<DeskProject> Projects,
    IReadOnlyList<DeskProject> RedProjects, IReadOnlyList<DeskProblem> AwaitingInstruction, IReadOnlyList<DeskPhoto> Photos);

/// <summary>
/// The leader's phone view (today, or as of a past day): the projects the leader is 包保领导 of (with their lights), the red-lit projects of
/// the jurisdiction, the problems waiting for an instruction — escalated to a 专题会议 or 常务会议, or 15 days
/// past their deadline — on which no instruction has been given, and the latest progress photos. Everything
/// inside the viewer's jurisdiction; short lists, because it is read on a phone over a slow network.
/// </summary>
public sealed class LeaderDesk(TiaoduDb db, TimeProvider clock, ICurrentUser user)
{
    public const int ListLength = 10;
    public const int PhotoCount = 12;

    /// <summary>Days past the deadline from which a problem waits for a leader whatever its level (the red light of DOMAIN §5).</summary>
    public const int LateDays = 15;

    /// <summary>The view today, or as it stood at the end of a past day (later instructions, resolutions and photos left out).</summary>
    public async Task<LeaderDeskView> GetAsync(CancellationToken ct, DateOnly? asOf = null)
    {
        if (!user.Has(Permission.ViewLedger))
        {
            throw new ForbiddenException("您的角色不能查看项目台账");
        }

        var now = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (asOf is { } d && (d > now || d.Year < 2000))
        {
            throw ValidationFailedException.For("asOf", "日期应为今天或以前");
        }

        var today = asOf ?? now;
        var (year, month) = (today.Year, today.Month);
        var endUtc = TimeZoneInfo.ConvertTimeToUtc(today.AddDays(1).ToDateTime(TimeOnly.MinValue), clock.LocalTimeZone);
        var scope = await user.ScopeAsync(ct);
        var visible = scope.Apply(db.Projects.AsNoTracking().Where(p => !p.IsDeleted));
        var names = await ReferenceNames.LoadAsync(db, ct);

        var own = scope.PersonId is { } person ? visible.Where(p => p.LeaderId == person) : visible.Where(_ => false);
        var ownIds = await own.OrderByDescending(p => p.TotalInvestment).ThenBy(p => p.Id).Select(p => p.Id).Take(ListLength).ToListAsync(ct);
        var redIds = await (from l in db.ProjectLights.AsNoTracking()
                            join p in visible on l.ProjectId equals p.Id
                            where l.Year == year && l.Month == month && l.Color == LightColor.Red && l.ExemptionId == null
                            select new { p.Id, p.TotalInvestment }).Distinct()
            .OrderByDescending(x => x.TotalInvestment).ThenBy(x => x.Id).Select(x => x.Id).Take(ListLength).ToListAsync(ct);
        var projects = await DescribeAsync([.. ownIds.Union(redIds)], year, month, names, ct);

        var lateBefore = today.AddDays(-LateDays);
        var waiting = await (from p in db.Problems.AsNoTracking()
                             join x in visible on p.ProjectId equals x.Id
                             where p.RaisedOn <= today && (p.ResolvedOn == null || p.ResolvedOn > today)
                                   && (p.Level == ProblemLevel.Thematic || p.Level == ProblemLevel.Executive || (p.DueOn != null && p.DueOn < lateBefore))
                                   && !db.Instructions.Any(i => i.ProblemId == p.Id && i.At < endUtc)
                             orderby (p.Level == ProblemLevel.Executive ? 0 : p.Level == ProblemLevel.Thematic ? 1 : 2), p.DueOn, p.Id
                             select new { p.Id, p.ProjectId, x.Name, p.Description, p.Level, p.DueOn }).Take(ListLength).ToListAsync(ct);

        var photoProjects = ownIds.Count > 0 ? visible.Where(p => ownIds.Contains(p.Id)) : visible;
        var photos = await (from f in db.StoredFiles.AsNoTracking()
                            join r in db.MonthlyReports.AsNoTracking() on f.OwnerId equals r.Id
                            join x in photoProjects on r.ProjectId equals x.Id
                            where f.OwnerType == StoredFile.ReportPhotoOwner && r.Status != ReportStatus.Draft && f.UploadedAt < endUtc
                            orderby f.UploadedAt descending, f.Id descending
                            select new DeskPhoto(f.Id, x.Id, x.Name, r.Year, r.Month, f.FileName)).Take(PhotoCount).ToListAsync(ct);

        return new LeaderDeskView(today, year, month, scope.PersonId is not null && ownIds.Count > 0,
            [.. ownIds.Select(id => projects[id])], [.. redIds.Select(id => projects[id])],
            [.. waiting.Select(p => new DeskProblem(p.Id, p.ProjectId, p.Name, p.Description, p.Level, p.DueOn,
                p.DueOn is { } d && d < today ? today.DayNumber - d.DayNumber : 0))],
            photos);
    }

    private async Task<Dictionary<int, DeskProject>> DescribeAsync(List<int> ids, int year, int month, ReferenceNames names, CancellationToken ct)
    {
        var rows = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.RegionId, p.TotalInvestment }).ToListAsync(ct);
        var plans = await db.ProjectYears.AsNoTracking().Where(y => y.Year == year && ids.Contains(y.ProjectId))
            .Select(y => new { y.ProjectId, y.AnnualPlan }).ToDictionaryAsync(y => y.ProjectId, y => y.AnnualPlan, ct);
        var reports = (await db.MonthlyReports.AsNoTracking()
            .Where(r => r.Year == year && r.Month <= month && r.Status == ReportStatus.Approved && ids.Contains(r.ProjectId))
            .Select(r => new { r.ProjectId, r.Month, r.InvestmentYtd }).ToListAsync(ct))
            .GroupBy(r => r.ProjectId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Month)!);
        var lights = (await db.ProjectLights.AsNoTracking()
            .Where(l => l.Year == year && l.Month == month && l.ExemptionId == null && l.Color != LightColor.None && ids.Contains(l.ProjectId))
            .Select(l => new { l.ProjectId, l.Color }).ToListAsync(ct))
            .GroupBy(l => l.ProjectId).ToDictionary(g => g.Key, g => g.Max(l => l.Color));
        return rows.ToDictionary(p => p.Id, p => new DeskProject(p.Id, p.Name, names.Region(p.RegionId),
            lights.TryGetValue(p.Id, out var c) ? c : null, p.TotalInvestment, plans.GetValueOrDefault(p.Id),
            reports.TryGetValue(p.Id, out var r) ? r.InvestmentYtd : null, reports.TryGetValue(p.Id, out var rm) ? rm.Month : null));
    }
}
