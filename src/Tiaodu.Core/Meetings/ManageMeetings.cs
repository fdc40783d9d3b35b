using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Meetings;

public sealed record MeetingInput(MeetingKind Kind, string? Region, string? Title, DateOnly? HeldOn, string? Place, string? Chair, string? Attendees);

/// <summary>
/// 调度中心 calls and runs meetings of a region it covers: the agenda is assembled from the open problems
/// escalated to the meeting's level in the region (not already on another meeting still to be held) plus topics
/// added by hand; decisions (议定事项) name a department and a date — on a problem they also become its
/// deadline and lead and go on its timeline; the meeting is marked held with its summary. The owner department
/// reports a decision done; a decision on a problem is done when the problem is closed out.
/// </summary>
public sealed class ManageMeetings(TiaoduDb db, ProblemAccess access, EvaluateLights lights, TimeProvider clock, ICurrentUser user)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Meeting> CreateAsync(MeetingInput input, CancellationToken ct)
    {
        Require();
        var errors = new ValidationErrors();
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var region = regions.ByKey(input.Region);
        if (region is null)
        {
            errors.Add("region", "请选择会议所属区域");
        }
        else if (!await CoversAsync(regions, region, ct))
        {
            errors.Add("region", "只能召开本辖区的会议");
        }

        if (!Enum.IsDefined(input.Kind))
        {
            errors.Add("kind", "请选择会议类型");
        }

        if (input.HeldOn is not { } on || on.Year < Today.Year - 1 || on > Today.AddYears(1))
        {
            errors.Add("heldOn", "请填写会议日期（去年至明年之间）");
        }

        Check(errors, "title", input.Title, Meeting.TextLength, "会议名称");
        Check(errors, "place", input.Place, Meeting.TextLength, "会议地点");
        Check(errors, "chair", input.Chair, Meeting.TextLength, "主持人");
        Check(errors, "attendees", input.Attendees, Meeting.SummaryLength, "出席人员");
        errors.ThrowIfAny();
        var year = input.HeldOn!.Value.Year;
        var session = await db.Meetings.CountAsync(m => m.RegionId == region!.Id && m.Kind == input.Kind && m.HeldOn.Year == year, ct) + 1;
        var title = string.IsNullOrWhiteSpace(input.Title) ? $"{region!.Name}{Meeting.KindName(input.Kind)}" : input.Title.Trim();
        var meeting = new Meeting(input.Kind, region!.Id, title, session, input.HeldOn.Value, Trim(input.Place), Trim(input.Chair), Trim(input.Attendees), user.Name, Now);
        db.Meetings.Add(meeting);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return meeting;
    }

    /// <summary>Adds to the agenda every open problem of the meeting's level in its region not yet on it nor on another meeting still to be held; returns how many.</summary>
    public async Task<int> AssembleAgendaAsync(int meetingId, CancellationToken ct)
    {
        var meeting = await LoadAsync(meetingId, planned: true, ct);
        if (Meeting.LevelOf(meeting.Kind) is not { } level)
        {
            throw new ConflictException("这类会议不按问题层级组织议题，请手工添加议题");
        }

        var regions = await RegionDirectory.LoadAsync(db, ct);
        var subtree = regions.Subtree(regions.ById(meeting.RegionId)!).Select(r => r.Id).ToList();
        var taken = db.MeetingItems.Where(i => i.ProblemId != null && db.Meetings.Any(m => m.Id == i.MeetingId && (m.Id == meetingId || m.Status == MeetingStatus.Planned)))
            .Select(i => i.ProblemId!.Value);
        var candidates = await (from p in db.Problems
                                join x in db.Projects on p.ProjectId equals x.Id
                                where p.Status == ProblemStatus.Open && p.Level == level && !x.IsDeleted && subtree.Contains(x.RegionId) && !taken.Contains(p.Id)
                                orderby p.DueOn, p.Id
                                select new { p.Id, x.Name, p.Description }).ToListAsync(ct);
        var order = meeting.Items.Count == 0 ? 0 : meeting.Items.Max(i => i.SortOrder);
        foreach (var c in candidates)
        {
            meeting.Items.Add(new MeetingItem(meeting.Id, c.Id, $"{c.Name}：{c.Description}", ++order, user.Name));
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        return candidates.Count;
    }

    public async Task<MeetingItem> AddItemAsync(int meetingId, string? topic, CancellationToken ct)
    {
        var meeting = await LoadAsync(meetingId, planned: false, ct);
        var text = topic?.Trim() ?? "";
        if (text.Length == 0 || text.Length > MeetingItem.TopicLength)
        {
            throw ValidationFailedException.For("topic", $"请填写议题（不超过{MeetingItem.TopicLength}个字）");
        }

        var item = new MeetingItem(meeting.Id, null, text, meeting.Items.Count == 0 ? 1 : meeting.Items.Max(i => i.SortOrder) + 1, user.Name);
        meeting.Items.Add(item);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return item;
    }

    /// <summary>Takes a topic off the agenda of a meeting still to be held (a topic with a decision stays).</summary>
    public async Task RemoveItemAsync(int meetingId, int itemId, CancellationToken ct)
    {
        var meeting = await LoadAsync(meetingId, planned: true, ct);
        var item = meeting.Items.FirstOrDefault(i => i.Id == itemId) ?? throw new NotFoundException("议题不存在");
        if (await db.MeetingDecisions.AnyAsync(d => d.ItemId == itemId, ct))
        {
            throw new ConflictException("该议题已有议定事项，不能移出");
        }

        meeting.Items.Remove(item);
        db.MeetingItems.Remove(item);
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>
    /// Records a decision (议定事项), on an agenda topic or on the meeting as a whole. On a problem's topic the
    /// decision's department leads the problem from now on and its date becomes the problem's deadline.
    /// </summary>
    public async Task<MeetingDecision> DecideAsync(int meetingId, int? itemId, string? text, int? ownerDepartmentId, DateOnly? due, CancellationToken ct)
    {
        var meeting = await LoadAsync(meetingId, planned: false, ct);
        var errors = new ValidationErrors();
        var what = text?.Trim() ?? "";
        if (what.Length == 0 || what.Length > MeetingDecision.TextLength)
        {
            errors.Add("text", $"请填写议定事项（不超过{MeetingDecision.TextLength}个字）");
        }

        if (ownerDepartmentId is null || !await db.Lookups.AnyAsync(l => l.Id == ownerDepartmentId && l.Kind == LookupKind.Department && l.IsActive, ct))
        {
            errors.Add("owner", "请选择责任单位");
        }

        if (due is not { } d || d < meeting.HeldOn)
        {
            errors.Add("due", "请填写完成时限（不早于会议日期）");
        }

        MeetingItem? item = null;
        if (itemId is { } id && (item = meeting.Items.FirstOrDefault(i => i.Id == id)) is null)
        {
            errors.Add("item", "议题不存在");
        }

        errors.ThrowIfAny();
        if (item?.ProblemId is { } onProblem && !await db.Problems.AnyAsync(p => p.Id == onProblem && p.Status == ProblemStatus.Open, ct))
        {
            throw new ConflictException("该议题的问题已解决或销号，不再作出议定事项；可作为其他议定事项记录");
        }

        var decision = new MeetingDecision(meeting.Id, item?.Id, item?.ProblemId, what, ownerDepartmentId, due!.Value, user.Name);
        db.MeetingDecisions.Add(decision);
        if (item?.ProblemId is { } problemId)
        {
            var problem = await db.Problems.Include(p => p.Assisting).FirstAsync(p => p.Id == problemId, ct);
            var before = problem.DueOn;
            problem.Assign(ownerDepartmentId, problem.Assisting.Select(a => a.DepartmentId).ToList());
            problem.SetDeadline(due);
            problem.Log(ProblemActionKind.Decided, Now, user.Name, $"{meeting.Title}（第{meeting.Session}期）议定：{what}").WithDue(before, due);

            await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        }
        else
        {
            await ConcurrencyGuard.SaveAsync(db, ct);
        }

        return decision;
    }

    public async Task<Meeting> HoldAsync(int meetingId, string? summary, int expectedVersion, CancellationToken ct)
    {
        var meeting = await LoadAsync(meetingId, planned: true, ct);
        var text = Trim(summary);
        if (text is { Length: > Meeting.SummaryLength })
        {
            throw ValidationFailedException.For("summary", $"会议概要不能超过{Meeting.SummaryLength}个字");
        }

        if (meeting.HeldOn > Today)
        {
            throw new ConflictException("会议日期未到，不能标记为已召开");
        }

        ConcurrencyGuard.Expect(db, meeting, meeting.Version, expectedVersion);
        meeting.Hold(text);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return meeting;
    }

    /// <summary>The owner department (or 调度中心) reports a decision done; one on a problem is done by closing the problem out.</summary>
    public async Task<MeetingDecision> CompleteAsync(int decisionId, string? note, int expectedVersion, CancellationToken ct)
    {
        var decision = await db.MeetingDecisions.FirstOrDefaultAsync(d => d.Id == decisionId, ct) ?? throw new NotFoundException("议定事项不存在");
        var department = user.Has(Permission.AnswerProblems) ? await access.DepartmentAsync(ct) : null;
        var owner = department is not null && department == decision.OwnerDepartmentId;
        if (!owner && !(user.Has(Permission.EditLedger) && await InScopeAsync(decision.MeetingId, ct)))
        {
            throw new NotFoundException("议定事项不存在");
        }

        if (decision.ProblemId is not null)
        {
            throw new ConflictException("该议定事项针对问题，问题销号后自动办结");
        }

        if (decision.Status == DecisionStatus.Done)
        {
            throw new ConflictException("议定事项已办结");
        }

        var text = note?.Trim() ?? "";
        if (text.Length == 0 || text.Length > MeetingDecision.TextLength)
        {
            throw ValidationFailedException.For("note", $"请填写落实情况（不超过{MeetingDecision.TextLength}个字）");
        }

        ConcurrencyGuard.Expect(db, decision, decision.Version, expectedVersion);
        decision.Complete(text, user.Name, Today);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return decision;
    }

    private async Task<bool> InScopeAsync(int meetingId, CancellationToken ct)
    {
        var regionId = await db.Meetings.Where(m => m.Id == meetingId).Select(m => m.RegionId).FirstAsync(ct);
        var regions = await RegionDirectory.LoadAsync(db, ct);
        return await CoversAsync(regions, regions.ById(regionId)!, ct);
    }

    private async Task<bool> CoversAsync(RegionDirectory regions, Region region, CancellationToken ct) =>
        (await user.ScopeAsync(ct)).Covers(regions.Subtree(region).Select(r => r.Id));

    private async Task<Meeting> LoadAsync(int meetingId, bool planned, CancellationToken ct)
    {
        Require();
        var meeting = await db.Meetings.Include(m => m.Items).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("会议不存在");
        var regions = await RegionDirectory.LoadAsync(db, ct);
        if (!await CoversAsync(regions, regions.ById(meeting.RegionId)!, ct))
        {
            throw new NotFoundException("会议不存在");
        }

        return planned && meeting.Status != MeetingStatus.Planned ? throw new ConflictException("会议已召开，议程不能再改") : meeting;
    }

    private void Require()
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以组织会议");
        }
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Check(ValidationErrors errors, string field, string? value, int length, string name)
    {
        if (value is { } v && v.Trim().Length > length)
        {
            errors.Add(field, $"{name}不能超过{length}个字");
        }
    }
}
