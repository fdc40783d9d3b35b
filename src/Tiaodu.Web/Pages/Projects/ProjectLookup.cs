using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>
/// Finds the project a form names by its number, its 项目代码 or its full name, among the projects the user
/// may see only — so the answer never tells whether a project outside the jurisdiction exists; a number wins.
/// </summary>
public static class ProjectLookup
{
    public static async Task<int> FindAsync(TiaoduDb db, ICurrentUser user, string? text, CancellationToken ct)
    {
        var key = text?.Trim() ?? "";
        int? id = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var visible = (await user.ScopeAsync(ct)).Apply(db.Projects.AsNoTracking().Where(p => !p.IsDeleted));
        return await visible
            .Where(p => (id != null && p.Id == id) || p.Code == key || p.Name == key)
            .OrderBy(p => id != null && p.Id == id ? 0 : 1).ThenBy(p => p.Id)
            .Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? throw ValidationFailedException.For("project", "找不到该项目：请填写项目编号、项目代码或项目全称");
    }
}
