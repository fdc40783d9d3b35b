using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Notifications;

namespace Tiaodu.Core.Bulletins;

/// <summary>
/// Publishes a region's bulletin of a month: composes it as it stands now with the author's 下步工作, stores the
/// content and the .docx together (frozen from then on), records the publication in the audit trail and tells
/// the region's leaders, supervision and dispatch office. A region's month is published once.
/// </summary>
public sealed class PublishBulletin(TiaoduDb db, ComposeBulletin compose, BulletinAccess access, Notifier notifier, ICurrentUser user, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Roles told when a bulletin of their region (or a region inside theirs, or above it) is published.</summary>
    private static readonly Role[] Readers = [Role.DispatchOffice, Role.CityLeader, Role.DistrictLeader, Role.Supervision];

    public async Task<Bulletin> HandleAsync(BulletinRequest request, CancellationToken ct)
    {
        var content = await compose.HandleAsync(request, ct);
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Key == content.RegionKey, ct);
        if (await db.Set<Bulletin>().AnyAsync(b => b.RegionId == region.Id && b.Year == content.Year && b.Month == content.Month, ct))
        {
            throw new ConflictException($"{region.Name}{content.Year}年{content.Month}月的通报已发布，不能重复发布");
        }

        var sequence = await access.NextSequenceAsync(region.Id, content.Year, ct);
        content = content with { Number = Bulletin.NumberOf(content.Year, sequence) };
        var document = BulletinDocument.ToBytes(content);
        var bulletin = new Bulletin(region.Id, content, sequence, JsonSerializer.Serialize(content, Json), document,
            user.Name, user.AccountId, clock.GetUtcNow().UtcDateTime);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(bulletin);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("同一区域同一月份的通报刚刚已由他人发布，请刷新后查看");
        }

        await db.RecordAuditAsync(AuditAction.Create, nameof(Bulletin), bulletin.Id.ToString(CultureInfo.InvariantCulture),
            $"发布{bulletin.Number}《{bulletin.Title}》：{content.Headline.Projects}个项目，截至{content.AsOf:yyyy年M月d日}", AuditResult.Success, ct);
        var accounts = await (from a in db.Accounts.AsNoTracking()
                              join r in db.Regions.AsNoTracking() on a.RegionId equals r.Id
                              where a.IsActive && a.Roles.Any(x => Readers.Contains(x.Role))
                              select new { a.Id, r.Path }).ToListAsync(ct);
        var told = accounts.Where(a => a.Path.StartsWith(region.Path, StringComparison.Ordinal) || region.Path.StartsWith(a.Path, StringComparison.Ordinal))
            .Select(a => a.Id).ToList();
        await notifier.NotifyAsync(NoticeTopic.BulletinPublished, told, $"{bulletin.Number}《{bulletin.Title}》已发布",
            BulletinDocument.Overview(content), "/bulletins/" + bulletin.Id.ToString(CultureInfo.InvariantCulture), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.Entry(bulletin).State = EntityState.Detached;
        return bulletin;
    }
}
