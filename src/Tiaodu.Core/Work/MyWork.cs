using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Instructions;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Meetings;
using Tiaodu.Core.Problems;

namespace Tiaodu.Core.Work;

/// <summary>A figure on the "my work" page with where it leads; <see cref="Urgent"/> when something is late.</summary>
public sealed record WorkFigure(string Key, int Count, string Link, bool Urgent);

/// <summary>One thing waiting for the reader.</summary>
public sealed record WorkItem(string Kind, string Title, string Detail, string Link, int DaysLate);

/// <summary>One recent step on a problem the reader can see.</summary>
public sealed record WorkChange(ProblemActionKind Kind, DateTime At, string By, int ProblemId, string ProjectName, string? Text);

public sealed record MyWorkView(DateOnly Today, IReadOnlyList<WorkFigure> Figures, IReadOnlyList<WorkItem> Items, IReadOnlyList<WorkChange> Changes);

/// <summary>
/// What is mine today, for whatever roles the reader holds: the dispatch office's problems to close out, late
/// problems and decisions and reports to review; a department's inbox, 督办单 and decisions; a leader's
/// unanswered instructions; the instructions the reader must answer; and what changed on the problems the
/// reader can see in the last seven days.
/// </summary>
public sealed class MyWork(TiaoduDb db, ProblemAccess access, ProblemQueries problems, AnswerProblems answer, MeetingQueries meetings, ManageInstructions instructions,
    TimeProvider clock, ICurrentUser user)
{
    public const int ChangeDays = 7;
    private const int ItemsPerKind = 10;

    public async Task<MyWorkView> GetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var figures = new List<WorkFigure>();
        var items = new List<WorkItem>();
        var scope = await user.ScopeAsync(ct);
        var visible = scope.Apply(db.Projects.AsNoTracking().Where(p => !p.IsDeleted));

        if (user.Has(Permission.ViewLedger))
        {
            var counts = await problems.CountsAsync(new ProblemCriteria(), ct);
            figures.Add(new WorkFigure("OverdueProblems", counts.Overdue, "/problems?filter=Overdue", counts.Overdue > 0));
            figures.Add(new WorkFigure("DueSoonProblems", counts.DueSoon, "/problems?filter=DueSoon", false));
            var decisions = await meetings.DecisionsAsync(DecisionFilter.Overdue, 1, ItemsPerKind, ct);
            figures.Add(new WorkFigure("OverdueDecisions", decisions.Overdue, "/meetings/decisions?filter=Overdue", decisions.Overdue > 0));
            if (user.Has(Permission.EditLedger))
            {
                items.AddRange(decisions.Rows.Select(d => new WorkItem("Decision", d.Text, $"{d.MeetingTitle} · {d.Owner}", "/meetings/decisions?filter=Overdue", d.DaysLate)));
            }
        }

        if (user.Has(Permission.EditLedger))
        {
            var awaiting = from p in db.Problems.AsNoTracking()
                           join x in visible on p.ProjectId equals x.Id
                           where p.Status == ProblemStatus.Resolved
                           orderby p.ResolvedOn, p.Id
                           select new { p.Id, x.Name, p.Description, p.Resolution };
            var waiting = await awaiting.CountAsync(ct);
            figures.Add(new WorkFigure("AwaitingCloseOut", waiting, "/problems?filter=Resolved", waiting > 0));
            items.AddRange((await awaiting.Take(ItemsPerKind).ToListAsync(ct)).Select(p => new WorkItem("CloseOut", p.Name, $"{p.Description}：{p.Resolution}", $"/problems/{p.Id}", 0)));
        }

        if (user.Has(Permission.ReviewReports))
        {
            var submitted = await db.MonthlyReports.AsNoTracking().CountAsync(r => r.Status == ReportStatus.Submitted && visible.Any(p => p.Id == r.ProjectId), ct);
            figures.Add(new WorkFigure("ReportsToReview", submitted, "/reports?filter=Submitted", submitted > 0));
        }

        if (user.Has(Permission.AnswerProblems) && await access.DepartmentAsync(ct) is not null)
        {
            var inbox = await answer.InboxAsync(false, 1, ItemsPerKind, ct);
            figures.Add(new WorkFigure("InboxOpen", inbox.Open, "/problems/inbox", false));
            figures.Add(new WorkFigure("InboxNotices", inbox.Notices, "/problems/inbox", inbox.Notices > 0));
            items.AddRange(inbox.Rows.Where(r => r.DaysLate > 0 || r.OpenNotice is not null || (r.DueOn is { } d && d <= today.AddDays(ProblemQueries.SoonDays)))
                .Select(r => new WorkItem(r.OpenNotice is null ? "Problem" : "Notice", r.ProjectName, r.OpenNotice is { } n ? $"{n.Number}：{r.Description}" : r.Description, $"/problems/{r.Id}", r.DaysLate)));
        }

        if (user.Has(Permission.GiveInstructions) && user.AccountId is { } me)
        {
            var given = await (from i in db.Instructions.AsNoTracking()
                               join x in db.Projects.AsNoTracking() on i.ProjectId equals x.Id
                               where i.ByAccountId == me && !i.Replies.Any() && !x.IsDeleted
                               orderby i.At
                               select new { i.ProjectId, x.Name, i.Text }).ToListAsync(ct);
            figures.Add(new WorkFigure("InstructionsUnanswered", given.Count, "/my#my-items", false));
            items.AddRange(given.Take(ItemsPerKind).Select(i => new WorkItem("Given", i.Name, i.Text, $"/projects/{i.ProjectId}/instructions", 0)));
        }

        var toAnswer = await instructions.AwaitingAsync(ItemsPerKind, ct);
        items.AddRange(toAnswer.Select(i => new WorkItem("Instruction", i.ProjectName, $"{i.By}：{i.Text}", $"/projects/{i.ProjectId}/instructions", 0)));

        return new MyWorkView(today, figures, [.. items.OrderByDescending(i => i.DaysLate)], await ChangesAsync(visible, ct));
    }

    private async Task<List<WorkChange>> ChangesAsync(IQueryable<Project> visible, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-ChangeDays);
        var department = await access.ListedDepartmentAsync(ct);
        IQueryable<Problem> mine = db.Problems.AsNoTracking();
        mine = department is { } d
            ? ProblemAccess.Involving(mine, d).Where(p => db.Projects.Any(x => x.Id == p.ProjectId && !x.IsDeleted))
            : mine.Where(p => visible.Any(x => x.Id == p.ProjectId));
        var rows = await (from a in db.ProblemActions.AsNoTracking()
                          join p in mine on a.ProblemId equals p.Id
                          join x in db.Projects.AsNoTracking() on p.ProjectId equals x.Id
                          where a.At >= since
                          orderby a.At descending, a.Id descending
                          select new { a.Kind, a.At, a.By, a.ProblemId, x.Name, a.Text }).Take(30).ToListAsync(ct);
        return [.. rows.Select(r => new WorkChange(r.Kind, r.At, r.By, r.ProblemId, r.Name, r.Text))];
    }
}
