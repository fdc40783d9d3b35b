using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Ledger;

/// <summary>Moves a project to the recycle bin or back; nothing is erased, so a deletion can be undone.</summary>
public sealed class DeleteProject(TiaoduDb db, TimeProvider clock, ICurrentUser user)
{
    public Task<Project> DeleteAsync(int id, int expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, p => p.Delete(clock.GetUtcNow().UtcDateTime), ct);

    public Task<Project> RestoreAsync(int id, int expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, p => p.Restore(clock.GetUtcNow().UtcDateTime), ct);

    private async Task<Project> ChangeAsync(int id, int expectedVersion, Action<Project> change, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能删除或恢复项目");
        }

        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        ConcurrencyGuard.Expect(db, project, project.Version, expectedVersion);
        change(project);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return project;
    }
}
