using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Bulletins;

public sealed record BulletinListRow(int Id, string Number, string Title, string Region, int Year, int Month, DateOnly AsOf, string PublishedBy, DateTime PublishedAt);

/// <summary>Published bulletins of regions the reader's jurisdiction covers, newest month first, and one bulletin as it was issued.</summary>
public sealed class BulletinQueries(TiaoduDb db, BulletinAccess access)
{
    public async Task<PageOfBulletins> ListAsync(int? year, int page, int pageSize, CancellationToken ct)
    {
        var readable = (await access.ReadableRegionsAsync(ct)).ToList();
        var query = db.Set<Bulletin>().AsNoTracking().Where(b => readable.Contains(b.RegionId));
        if (year is { } y)
        {
            query = query.Where(b => b.Year == y);
        }

        pageSize = Math.Clamp(pageSize, 1, 200);
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await query.OrderByDescending(b => b.Year).ThenByDescending(b => b.Month).ThenBy(b => b.RegionId).ThenBy(b => b.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(b => new { b.Id, b.Number, b.Title, b.RegionId, b.Year, b.Month, b.AsOf, b.PublishedBy, b.PublishedAt }).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var years = await db.Set<Bulletin>().AsNoTracking().Where(b => readable.Contains(b.RegionId)).Select(b => b.Year).Distinct().OrderByDescending(x => x).ToListAsync(ct);
        return new PageOfBulletins([.. rows.Select(b => new BulletinListRow(b.Id, b.Number, b.Title, names.Region(b.RegionId), b.Year, b.Month, b.AsOf, b.PublishedBy, b.PublishedAt))],
            total, page, pageSize, years);
    }

    /// <summary>A published bulletin's frozen content; not found outside the jurisdiction.</summary>
    public async Task<(Bulletin Bulletin, BulletinContent Content)> GetAsync(int id, CancellationToken ct)
    {
        var bulletin = await access.ReadableAsync(id, ct);
        return (bulletin, Read(bulletin));
    }

    /// <summary>The .docx as it was issued; the download is recorded in the audit trail.</summary>
    public async Task<(string FileName, byte[] Content)> DocumentAsync(int id, CancellationToken ct)
    {
        var bulletin = await access.ReadableAsync(id, ct);
        await db.RecordAuditAsync(AuditAction.Export, nameof(Bulletin), id.ToString(CultureInfo.InvariantCulture), $"下载{bulletin.Number}《{bulletin.Title}》", AuditResult.Success, ct);
        return (BulletinDocument.FileName(Read(bulletin)), bulletin.Document);
    }

    public static BulletinContent Read(Bulletin bulletin) =>
        JsonSerializer.Deserialize<BulletinContent>(bulletin.Content, PublishBulletin.Json) ?? throw new InvalidOperationException("Bulletin content is empty.");
}

public sealed record PageOfBulletins(IReadOnlyList<BulletinListRow> Rows, int Total, int Page, int PageSize, IReadOnlyList<int> Years)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
