using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Reference;

public sealed record LookupInput
{
    public string? Code { get; init; }
    public required string Name { get; init; }
    public string? Meaning { get; init; }
    public int SortOrder { get; init; }
    public bool IsActive { get; init; } = true;
    public int? ParentId { get; init; }
    public int? RegionId { get; init; }
    public int? Version { get; init; }
}

/// <summary>An administrator's edits of the reference lists (industries, categories, 建设性质, stages …).</summary>
public sealed class SaveLookup(TiaoduDb db)
{
    public static readonly IReadOnlyDictionary<LookupKind, string[]> AllowedMeanings = new Dictionary<LookupKind, string[]>
    {
        [LookupKind.Nature] = [LookupMeaning.New, LookupMeaning.Continuing],
        [LookupKind.Category] = [LookupMeaning.Industrial],
        [LookupKind.Stage] = [LookupMeaning.Started],
    };

    public async Task<Lookup> CreateAsync(LookupKind kind, LookupInput input, CancellationToken ct)
    {
        var errors = Validate(kind, input);
        var code = input.Code?.Trim() ?? "";
        if (code.Length is 0 or > 32)
        {
            errors.Add(nameof(input.Code), "请填写代码（不超过32位）");
        }
        else if (await db.Lookups.AnyAsync(l => l.Kind == kind && l.Code == code, ct))
        {
            errors.Add(nameof(input.Code), "代码已存在");
        }

        if (input.ParentId is { } parent && !await db.Lookups.AnyAsync(l => l.Id == parent && l.Kind == kind, ct))
        {
            errors.Add(nameof(input.ParentId), "上级条目不存在");
        }

        if (input.RegionId is { } region && !await db.Regions.AnyAsync(r => r.Id == region, ct))
        {
            errors.Add(nameof(input.RegionId), "区域不存在");
        }

        errors.ThrowIfAny();
        var lookup = new Lookup(kind, code, input.Name.Trim(), input.SortOrder, Meaning(input), input.ParentId, input.RegionId);
        db.Lookups.Add(lookup);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return lookup;
    }

    public async Task<Lookup> UpdateAsync(int id, LookupInput input, CancellationToken ct)
    {
        var lookup = await db.Lookups.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("条目不存在");
        ConcurrencyGuard.Expect(db, lookup, lookup.Version, input.Version ?? -1);
        Validate(lookup.Kind, input).ThrowIfAny();
        lookup.Update(input.Name.Trim(), Meaning(input), input.SortOrder, input.IsActive);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return lookup;
    }

    private static string? Meaning(LookupInput input) => string.IsNullOrWhiteSpace(input.Meaning) ? null : input.Meaning.Trim();

    private static ValidationErrors Validate(LookupKind kind, LookupInput input)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100)
        {
            errors.Add(nameof(input.Name), "请填写名称（不超过100字）");
        }

        var meaning = Meaning(input);
        if (meaning is not null && !(AllowedMeanings.TryGetValue(kind, out var allowed) && allowed.Contains(meaning)))
        {
            errors.Add(nameof(input.Meaning), "该类别不支持此统计含义");
        }

        return errors;
    }
}
