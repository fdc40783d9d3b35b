using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Reference;

public sealed record RegionInput
{
    public required string Name { get; init; }
    public string ShortNames { get; init; } = "";
    public int SortOrder { get; init; }
    public bool IsActive { get; init; } = true;
    public int? Version { get; init; }
}

public sealed record NewRegionInput
{
    public required string Key { get; init; }
    public string? Code { get; init; }
    public required string Name { get; init; }
    public required RegionKind Kind { get; init; }
    public string ShortNames { get; init; } = "";
    public int SortOrder { get; init; }
}

/// <summary>An administrator's edits of the region tree: rename, short names, order, retire, add a child.</summary>
public sealed class SaveRegion(TiaoduDb db)
{
    public async Task<Region> UpdateAsync(int id, RegionInput input, CancellationToken ct)
    {
        var region = await db.Regions.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("区域不存在");
        ConcurrencyGuard.Expect(db, region, region.Version, input.Version ?? -1);
        var shortNames = Validate(input.Name, input.ShortNames);
        if (!input.IsActive && await db.Regions.AnyAsync(r => r.ParentId == id && r.IsActive, ct))
        {
            throw new ConflictException("该区域下还有启用的下级区域，不能停用");
        }

        region.Rename(input.Name.Trim(), shortNames, input.SortOrder, input.IsActive);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return region;
    }

    public async Task<Region> AddChildAsync(int parentId, NewRegionInput input, CancellationToken ct)
    {
        var parent = await db.Regions.FirstOrDefaultAsync(r => r.Id == parentId, ct) ?? throw new NotFoundException("上级区域不存在");
        var shortNames = Validate(input.Name, input.ShortNames);
        var key = input.Key.Trim();
        var code = string.IsNullOrWhiteSpace(input.Code) ? null : input.Code.Trim();
        var errors = new ValidationErrors();
        if (key.Length is 0 or > 32 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add(nameof(input.Key), "标识只能由字母、数字和连字符组成，不超过32位");
        }
        else if (await db.Regions.AnyAsync(r => r.Key == key, ct))
        {
            errors.Add(nameof(input.Key), "标识已存在");
        }

        if (code is not null && (code.Length is < 6 or > 12 || !code.All(char.IsAsciiDigit)))
        {
            errors.Add(nameof(input.Code), "区划代码应为6至12位数字");
        }

        errors.ThrowIfAny();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var region = new Region(key, code, input.Name.Trim(), input.Kind, shortNames, input.SortOrder);
        db.Regions.Add(region);
        await db.SaveChangesAsync(ct);
        region.PlaceUnder(parent);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return region;
    }

    private static string Validate(string name, string shortNames)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            errors.Add("Name", "请填写区域名称（不超过100字）");
        }

        var list = (shortNames ?? "").Split(['|', '、', ',', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        var joined = string.Join('|', list);
        if (joined.Length > 300)
        {
            errors.Add("ShortNames", "简称合计不能超过300字");
        }

        if (list.Any(s => ChineseText.Normalize(s).Length == 0))
        {
            errors.Add("ShortNames", "简称不能只含标点");
        }

        errors.ThrowIfAny();
        return joined;
    }
}
