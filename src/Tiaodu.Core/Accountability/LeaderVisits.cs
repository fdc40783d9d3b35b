using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Accountability;

public sealed record LeaderVisitRow(int Id, int ProjectId, string ProjectName, string Region, int LeaderId, string Leader, DateOnly On, string Purpose,
    VisitStatus Status, string? Note, int Problems, int Version);

/// <summary>
/// 领导走访企业: 调度中心 plans a leader's visit to a project in its jurisdiction (a leader of the reference list,
/// usually on a 企业服务日) and cancels it with a reason; the office or whoever reports progress on the project
/// records it as done, with the problems it raised (source 企业服务日 when the day was one, else 领导交办).
/// </summary>
public sealed class LeaderVisits(TiaoduDb db, ManageProblems problems, TimeProvider clock, ICurrentUser user)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<LeaderVisit> PlanAsync(int projectId, int? leaderId, DateOnly? on, string? purpose, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以安排领导走访");
        }

        await ProjectAsync(projectId, ct);
        var errors = new ValidationErrors();
        if (leaderId is null || !await db.People.AnyAsync(p => p.Id == leaderId && p.Role == PersonRole.Leader && p.IsActive, ct))
        {
            errors.Add("leader", "请选择走访的领导");
        }

        if (on is null)
        {
            errors.Add("on", "请选择走访日期");
        }
        else if (on < Today)
        {
            errors.Add("on", "走访日期不能早于今天");
        }

        var text = purpose?.Trim() ?? "";
        if (text.Length == 0 || text.Length > LeaderVisit.PurposeLength)
        {
            errors.Add("purpose", $"请填写走访事由（不超过{LeaderVisit.PurposeLength}个字）");
        }

        errors.ThrowIfAny();
        if (await db.LeaderVisits.AnyAsync(v => v.ProjectId == projectId && v.LeaderId == leaderId && v.On == on && v.Status != VisitStatus.Cancelled, ct))
        {
            throw new ConflictException("这位领导当天已安排走访该项目");
        }

        var visit = new LeaderVisit(projectId, leaderId!.Value, on!.Value, text, user.Name, clock.GetUtcNow().UtcDateTime);
        db.LeaderVisits.Add(visit);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return visit;
    }

    public async Task<LeaderVisit> CompleteAsync(int visitId, string? note, IReadOnlyList<RaisedProblem> raised, int expectedVersion, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger) && !user.Has(Permission.ReportProgress))
        {
            throw new ForbiddenException("您的角色不能记录领导走访情况");
        }

        var visit = await LoadAsync(visitId, ct);
        var text = note?.Trim() ?? "";
        var errors = new ValidationErrors();
        if (text.Length == 0 || text.Length > LeaderVisit.NoteLength)
        {
            errors.Add("note", $"请填写走访情况（不超过{LeaderVisit.NoteLength}个字）");
        }

        var wanted = raised.Where(p => p.CategoryId is not null || !string.IsNullOrWhiteSpace(p.Description)).ToList();
        if (wanted.Count > ServiceLog.MaxProblems)
        {
            errors.Add("problems", $"一次最多提出{ServiceLog.MaxProblems}个问题");
        }

        errors.ThrowIfAny();
        if (visit.Status != VisitStatus.Planned)
        {
            throw new ConflictException("该走访已记录或已取消");
        }

        if (visit.On > Today)
        {
            throw new ConflictException("走访日期还没到，不能记录走访情况");
        }

        ConcurrencyGuard.Expect(db, visit, visit.Version, expectedVersion);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        visit.Complete(text, user.Name, clock.GetUtcNow().UtcDateTime);
        await ConcurrencyGuard.SaveAsync(db, ct);
        var source = ServiceDays.IsServiceDay(visit.On) ? ProblemSource.ServiceDay : ProblemSource.Leader;
        foreach (var p in wanted)
        {
            var problem = await problems.RaiseAsync(visit.ProjectId, p.CategoryId, p.Description, source, visit.On, null, ct);
            db.LeaderVisitProblems.Add(new LeaderVisitProblem(visit.Id, problem.Id));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return visit;
    }

    public async Task<LeaderVisit> CancelAsync(int visitId, string? reason, int expectedVersion, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以取消领导走访");
        }

        var visit = await LoadAsync(visitId, ct);
        var text = reason?.Trim() ?? "";
        if (text.Length == 0 || text.Length > LeaderVisit.PurposeLength)
        {
            throw ValidationFailedException.For("reason", $"请填写取消原因（不超过{LeaderVisit.PurposeLength}个字）");
        }

        if (visit.Status != VisitStatus.Planned)
        {
            throw new ConflictException("该走访已记录或已取消");
        }

        ConcurrencyGuard.Expect(db, visit, visit.Version, expectedVersion);
        visit.Cancel(text, user.Name, clock.GetUtcNow().UtcDateTime);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return visit;
    }

    /// <summary>The visits of a month to projects inside the jurisdiction, by day.</summary>
    public Task<List<LeaderVisitRow>> InMonthAsync(int year, int month, CancellationToken ct)
    {
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            throw ValidationFailedException.For("month", "请选择有效的年月");
        }

        var first = new DateOnly(year, month, 1);
        return BetweenAsync(first, first.AddMonths(1), ct);
    }

    /// <summary>The visits from <paramref name="first"/> to before <paramref name="next"/> to projects inside the jurisdiction, by day.</summary>
    public async Task<List<LeaderVisitRow>> BetweenAsync(DateOnly first, DateOnly next, CancellationToken ct)
    {
        if (!user.Has(Permission.ViewLedger))
        {
            throw new ForbiddenException("您的角色不能查看项目台账");
        }

        var projects = (await user.ScopeAsync(ct)).Apply(db.Projects.AsNoTracking().Where(p => !p.IsDeleted));
        var rows = await (from v in db.LeaderVisits.AsNoTracking()
                          join p in projects on v.ProjectId equals p.Id
                          join l in db.People.AsNoTracking() on v.LeaderId equals l.Id
                          where v.On >= first && v.On < next
                          orderby v.On, l.Name, p.Name, v.Id
                          select new { V = v, p.Name, p.RegionId, Leader = l.Name, Problems = db.LeaderVisitProblems.Count(x => x.LeaderVisitId == v.Id) }).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return [.. rows.Select(x => new LeaderVisitRow(x.V.Id, x.V.ProjectId, x.Name, names.Region(x.RegionId), x.V.LeaderId, x.Leader, x.V.On, x.V.Purpose,
            x.V.Status, x.V.Note, x.Problems, x.V.Version))];
    }

    private async Task<LeaderVisit> LoadAsync(int visitId, CancellationToken ct)
    {
        var visit = await db.LeaderVisits.FirstOrDefaultAsync(v => v.Id == visitId, ct) ?? throw new NotFoundException("走访安排不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == visit.ProjectId, ct);
        return project.IsDeleted || !(await user.ScopeAsync(ct)).Allows(project) ? throw new NotFoundException("走访安排不存在") : visit;
    }

    private async Task<Project> ProjectAsync(int projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        return project is null || !(await user.ScopeAsync(ct)).Allows(project) ? throw new NotFoundException("项目不存在") : project;
    }
}
