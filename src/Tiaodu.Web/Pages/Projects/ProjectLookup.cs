using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>Finds the project a form names by its number, its 项目代码 or its full name (the jurisdiction is checked by the use case).</summary>
public static class ProjectLookup
{
    public static async Task<int> FindAsync(TiaoduDb db, string? text, CancellationToken ct)
    {
        var key = text?.Trim() ?? "";
        int? id = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return await db.Projects.AsNoTracking()
            .Where(p => !p.IsDeleted && ((id != null && p.Id == id) || p.Code == key || p.Name == key))
            .Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? throw ValidationFailedException.For("project", "找不到该项目：请填写项目编号、项目代码或项目全称");
    }
}
