using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Reference;

public sealed record TagInput
{
    public required string Name { get; init; }
    public int SortOrder { get; init; }
    public bool IsActive { get; init; } = true;
    public int? Version { get; init; }
}

/// <summary>An administrator's edits of the plan-line labels (春季开复工项目, 百大项目 …).</summary>
public sealed class SaveTag(TiaoduDb db)
{
    public async Task<Tag> CreateAsync(TagInput input, CancellationToken ct)
    {
        var name = await ValidateAsync(input, null, ct);
        var tag = new Tag(name, input.SortOrder);
        db.Tags.Add(tag);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return tag;
    }

    public async Task<Tag> UpdateAsync(int id, TagInput input, CancellationToken ct)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("标签不存在");
        ConcurrencyGuard.Expect(db, tag, tag.Version, input.Version ?? -1);
        var name = await ValidateAsync(input, id, ct);
        tag.Update(name, input.SortOrder, input.IsActive);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return tag;
    }

    private async Task<string> ValidateAsync(TagInput input, int? id, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 50)
        {
            throw ValidationFailedException.For(nameof(input.Name), "请填写标签名称（不超过50字）");
        }

        if (await db.Tags.AnyAsync(t => t.Name == name && t.Id != id, ct))
        {
            throw ValidationFailedException.For(nameof(input.Name), "标签名称已存在");
        }

        return name;
    }
}
