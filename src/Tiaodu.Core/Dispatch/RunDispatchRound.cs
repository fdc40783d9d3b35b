using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Dispatch;

/// <summary>
/// The dispatch office's side of a half-monthly round: take the snapshot of a region (re-take it while the
/// round is a draft, keeping comments), comment on projects and on the whole, publish (frozen from then on),
/// or discard a draft. Only 调度中心 accounts whose jurisdiction covers the region's whole subtree.
/// </summary>
public sealed class RunDispatchRound(TiaoduDb db, EvaluateLights lights, Notifications.Notifier notifier, TimeProvider clock, ICurrentUser user)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>How many open problems a snapshot spells out per project.</summary>
    private const int ProblemsShown = 3;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>Takes a new round for a region (by key or code), or re-takes the draft of that period.</summary>
    public async Task<DispatchRound> TakeAsync(int year, int month, int half, string? region, CancellationToken ct)
    {
        var target = await RegionForAsync(region, ct);
        var errors = new ValidationErrors();
        if (half is not (1 or 2))
        {
            errors.Add("half", "请选择上半月或下半月");
        }

        if (month is < 1 or > 12 || year < SaveProjectYear.MinYear || year > Today.Year)
        {
            errors.Add("month", "调度月份不正确");
        }

        errors.ThrowIfAny();
        var today = Today;
        var start = new DateOnly(year, month, half == 1 ? 1 : 16);
        if (start > today)
        {
            throw ValidationFailedException.For("month", $"{year}年{month}月{(half == 1 ? "上" : "下")}半月还没有开始，不能调度");
        }

        var round = await db.DispatchRounds.FirstOrDefaultAsync(r => r.Year == year && r.Month == month && r.Half == half && r.RegionId == target.Id, ct);
        if (round?.Status == RoundStatus.Published)
        {
            throw new ConflictException($"{round.Title}已发布，不能重新生成");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var fresh = round is null;
        if (round is null)
        {
            round = new DispatchRound(year, month, half, target.Id, user.Name);
            db.DispatchRounds.Add(round);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                throw new ConflictException("同一区域同一期的调度刚刚已由他人生成，请刷新后查看");
            }
        }

        var count = await SnapshotAsync(round, target, ct);
        await db.RecordAuditAsync(fresh ? AuditAction.Create : AuditAction.Update, nameof(DispatchRound), round.Id.ToString(C),
            $"{(fresh ? "生成" : "重新生成")}{target.Name}{round.Title}快照：{count}个项目，截至{round.AsOf:yyyy年M月d日}", AuditResult.Success, ct);
        await tx.CommitAsync(ct);
        return round;
    }

    /// <summary>Saves comments on projects and the overall comment of a draft round, together.</summary>
    public async Task CommentAsync(int roundId, int expectedVersion, string? summary, IReadOnlyDictionary<long, string?> comments, CancellationToken ct)
    {
        var round = await DraftAsync(roundId, ct);
        ConcurrencyGuard.Expect(db, round, round.Version, expectedVersion);
        var errors = new ValidationErrors();
        if (summary?.Trim().Length > DispatchRound.SummaryLength)
        {
            errors.Add("summary", $"总体调度意见不能超过{DispatchRound.SummaryLength}个字");
        }

        var ids = comments.Keys.ToList();
        var items = await db.DispatchItems.Where(i => i.RoundId == roundId && ids.Contains(i.Id)).ToListAsync(ct);
        if (items.Count != ids.Count)
        {
            throw new NotFoundException("调度项目不存在");
        }

        foreach (var item in items.Where(i => comments[i.Id]?.Trim().Length > DispatchItem.CommentLength))
        {
            errors.Add("comment" + item.Id.ToString(C), $"「{item.ProjectName}」的调度意见不能超过{DispatchItem.CommentLength}个字");
        }

        errors.ThrowIfAny();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        round.Comment(summary);
        var changed = new List<(DispatchItem Item, string? Before)>();
        foreach (var item in items)
        {
            var text = string.IsNullOrWhiteSpace(comments[item.Id]) ? null : comments[item.Id]!.Trim();
            if (text != item.Comment)
            {
                changed.Add((item, item.Comment));
                item.Remark(text, user.Name, now);
            }
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        foreach (var (item, before) in changed)
        {
            await db.RecordChangeAsync(nameof(DispatchItem), item.Id.ToString(C), $"{round.Title}「{item.ProjectName}」调度意见",
                new() { [nameof(DispatchItem.Comment)] = before }, new() { [nameof(DispatchItem.Comment)] = item.Comment }, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Roles told when a round of their region is published.</summary>
    private static readonly Role[] Readers = [Role.DispatchOffice, Role.CityLeader, Role.DistrictLeader, Role.Supervision];

    /// <summary>Publishes a draft round; it is frozen from then on. The office and leaders whose jurisdiction meets the region are told.</summary>
    public async Task PublishAsync(int roundId, int expectedVersion, CancellationToken ct)
    {
        var round = await DraftAsync(roundId, ct);
        ConcurrencyGuard.Expect(db, round, round.Version, expectedVersion);
        round.Publish(user.Name, clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ConcurrencyGuard.SaveAsync(db, ct);

        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Id == round.RegionId, ct);
        var accounts = await (from a in db.Accounts.AsNoTracking()
                              join r in db.Regions.AsNoTracking() on a.RegionId equals r.Id
                              where a.IsActive && a.Roles.Any(x => Readers.Contains(x.Role))
                              select new { a.Id, r.Path }).ToListAsync(ct);
        var told = accounts.Where(a => a.Path.StartsWith(region.Path, StringComparison.Ordinal) || region.Path.StartsWith(a.Path, StringComparison.Ordinal)).Select(a => a.Id).ToList();
        var counts = await db.DispatchItems.AsNoTracking().Where(i => i.RoundId == roundId)
            .GroupBy(i => 1).Select(g => new { Projects = g.Count(), Red = g.Count(i => i.Color == LightColor.Red), Yellow = g.Count(i => i.Color == LightColor.Yellow) })
            .FirstOrDefaultAsync(ct);
        await notifier.NotifyAsync(Notifications.NoticeTopic.RoundPublished, told, $"{region.Name}{round.Title}已发布",
            $"共{counts?.Projects ?? 0}个项目，红灯{counts?.Red ?? 0}个、黄灯{counts?.Yellow ?? 0}个。" + (round.Summary is null ? "" : "总体调度意见：" + round.Summary),
            "/dispatch/" + roundId.ToString(C), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Discards a draft round and its snapshot (a published round stays for good).</summary>
    public async Task DiscardAsync(int roundId, int expectedVersion, CancellationToken ct)
    {
        var round = await DraftAsync(roundId, ct);
        ConcurrencyGuard.Expect(db, round, round.Version, expectedVersion);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.DispatchRounds.AnyAsync(r => r.PreviousRoundId == roundId, ct))
        {
            throw new ConflictException("已有后续调度以本期为基础，不能删除");
        }

        await db.DispatchItems.Where(i => i.RoundId == roundId).ExecuteDeleteAsync(ct);
        db.DispatchRounds.Remove(round);
        await ConcurrencyGuard.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    private async Task<DispatchRound> DraftAsync(int roundId, CancellationToken ct)
    {
        Require();
        var round = await db.DispatchRounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) ?? throw new NotFoundException("调度不存在");
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Id == round.RegionId, ct);
        await RequireRegionAsync(region, ct);
        return round.Status == RoundStatus.Published ? throw new ConflictException($"{round.Title}已发布，不能再修改") : round;
    }

    private void Require()
    {
        if (!user.Has(Permission.ReviewReports))
        {
            throw new ForbiddenException("只有调度中心可以组织调度");
        }
    }

    /// <summary>The region a round is taken for: the one named, or the top of the user's jurisdiction.</summary>
    private async Task<Region> RegionForAsync(string? key, CancellationToken ct)
    {
        Require();
        Region? region;
        if (!string.IsNullOrWhiteSpace(key))
        {
            region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key || r.Code == key, ct)
                ?? throw ValidationFailedException.For("region", "区域不存在");
        }
        else
        {
            var scope = await user.ScopeAsync(ct);
            var regions = await db.Regions.AsNoTracking().ToListAsync(ct);
            var mine = scope.All ? regions : regions.Where(r => scope.RegionIds?.Contains(r.Id) == true).ToList();
            var tops = mine.Where(r => r.ParentId is null || mine.TrueForAll(m => m.Id != r.ParentId)).ToList();
            region = tops.Count == 1 ? tops[0] : throw ValidationFailedException.For("region", "请选择调度的区域");
        }

        await RequireRegionAsync(region, ct);
        return region;
    }

    /// <summary>A round covers a whole subtree, so the user's jurisdiction must cover all of it (and not just one sector).</summary>
    private async Task RequireRegionAsync(Region region, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (scope.All)
        {
            return;
        }

        var subtree = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(region.Path)).Select(r => r.Id).ToListAsync(ct);
        if (!scope.Covers(subtree))
        {
            throw new ForbiddenException($"{region.Name}不在您的管辖范围内");
        }
    }

    private async Task<int> SnapshotAsync(DispatchRound round, Region region, CancellationToken ct)
    {
        var today = Today;
        var end = DispatchRound.PeriodEnd(round.Year, round.Month, round.Half);
        var asOf = end < today ? end : today;
        var complete = LedgerQueryBuilder.CompleteMonths(round.Year, asOf);

        // The round reads the month's lights as they are now: this month's are evaluated first.
        if (round.Year == today.Year && round.Month == today.Month)
        {
            await lights.HandleAsync(round.Year, round.Month, ct);
        }

        var subtree = db.Regions.Where(r => r.Path.StartsWith(region.Path)).Select(r => r.Id);
        var lines = await (from y in db.ProjectYears.AsNoTracking()
                           join p in db.Projects.AsNoTracking() on y.ProjectId equals p.Id
                           where y.Year == round.Year && !p.IsDeleted && subtree.Contains(p.RegionId)
                           orderby p.RegionId, p.Name, p.Id
                           select new { Line = y, p.Name, p.RegionId }).ToListAsync(ct);
        var ids = lines.Select(l => l.Line.ProjectId).ToHashSet();
        var projects = db.Projects.Where(p => !p.IsDeleted && subtree.Contains(p.RegionId)).Select(p => p.Id);

        var lit = (await db.ProjectLights.AsNoTracking()
                .Where(l => l.Year == round.Year && l.Month == round.Month && l.ExemptionId == null && l.Color != LightColor.None && projects.Contains(l.ProjectId))
                .Select(l => new { l.ProjectId, l.Color, l.Explanation }).ToListAsync(ct))
            .GroupBy(l => l.ProjectId)
            .ToDictionary(g => g.Key, g => (Color: g.Max(l => l.Color), Text: string.Join("；", g.OrderByDescending(l => l.Color).Select(l => l.Explanation))));
        var problems = (await db.Problems.AsNoTracking()
                .Where(p => p.Status == ProblemStatus.Open && projects.Contains(p.ProjectId))
                .OrderBy(p => p.RaisedOn).ThenBy(p => p.Id)
                .Select(p => new { p.ProjectId, p.Description }).ToListAsync(ct))
            .ToLookup(p => p.ProjectId, p => p.Description);
        var reports = await db.MonthlyReports.AsNoTracking()
            .Where(r => r.Year == round.Year && r.Month == round.Month && projects.Contains(r.ProjectId))
            .ToDictionaryAsync(r => r.ProjectId, r => r.Status, ct);

        var previous = await db.DispatchRounds.AsNoTracking()
            .Where(r => r.RegionId == round.RegionId && r.Id != round.Id
                && (r.Year < round.Year || (r.Year == round.Year && (r.Month < round.Month || (r.Month == round.Month && r.Half < round.Half)))))
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Month).ThenByDescending(r => r.Half)
            .FirstOrDefaultAsync(ct);
        var before = previous is null ? [] : await db.DispatchItems.AsNoTracking().Where(i => i.RoundId == previous.Id).ToDictionaryAsync(i => i.ProjectId, ct);
        var comments = await db.DispatchItems.AsNoTracking().Where(i => i.RoundId == round.Id && i.Comment != null).ToDictionaryAsync(i => i.ProjectId, ct);

        await db.DispatchItems.Where(i => i.RoundId == round.Id).ExecuteDeleteAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var items = new List<DispatchItem>(lines.Count);
        foreach (var x in lines)
        {
            var y = x.Line;
            var item = new DispatchItem(round.Id, y.ProjectId, x.Name, x.RegionId, names.Region(x.RegionId));
            item.Figures(y.InPlan, y.AnnualPlan, complete, complete == 0 ? 0m : y.Ytd[complete], complete == 0 ? 0m : y.SinceStart[complete],
                y.StartedOn is { } s && s <= asOf ? s : null, reports.TryGetValue(y.ProjectId, out var status) ? status : null);
            if (lit.TryGetValue(y.ProjectId, out var light))
            {
                item.Lights(light.Color, light.Text);
            }

            var open = problems[y.ProjectId].ToList();
            if (open.Count > 0)
            {
                item.Problems(open.Count, string.Join("；", open.Take(ProblemsShown)) + (open.Count > ProblemsShown ? $"；等{open.Count}个" : ""));
            }

            item.Previous(before.GetValueOrDefault(y.ProjectId));
            if (comments.TryGetValue(y.ProjectId, out var old))
            {
                item.KeepComment(old);
            }

            items.Add(item);
        }

        db.DispatchItems.AddRange(items);
        round.Took(asOf, previous?.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        foreach (var item in items)
        {
            db.Entry(item).State = EntityState.Detached;
        }

        return ids.Count;
    }
}
