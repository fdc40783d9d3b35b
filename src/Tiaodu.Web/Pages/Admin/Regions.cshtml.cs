using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Pages.Admin;

public sealed class RegionForm
{
    public string Name { get; set; } = "";
    public string? ShortNames { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; }
    public int Version { get; set; }

    public static RegionForm Of(Region r) => new()
    {
        Name = r.Name, ShortNames = string.Join('、', r.ShortNameList), SortOrder = r.SortOrder, IsActive = r.IsActive, Version = r.Version,
    };
}

public sealed class NewRegionForm
{
    public string Key { get; set; } = "";
    public string? Code { get; set; }
    public string Name { get; set; } = "";
    public RegionKind Kind { get; set; } = RegionKind.Area;
    public string? ShortNames { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>One region in the admin table, in one of its modes, with the form it shows.</summary>
public sealed record RegionRow(Region Region, RowMode Mode)
{
    public int Depth => Math.Max(0, Region.Path.Count(c => c == '/') - 2);

    /// <summary>Left padding of the name cell, one step per level of the tree.</summary>
    public string IndentStyle => string.Create(CultureInfo.InvariantCulture, $"padding-left: {0.5m + (Depth * 1.25m)}rem");
    public RegionForm Edit { get; init; } = RegionForm.Of(Region);
    public NewRegionForm Add { get; init; } = new();
    public FormFeedback Feedback { get; init; } = FormFeedback.None;
}

/// <summary>The region tree: edit names, short names, order and status; add code-less areas; try the name resolver.</summary>
public sealed class RegionsModel(TiaoduDb db, SaveRegion save, IStringLocalizer<SharedResource> l) : PageModel
{
    public RegionDirectory Directory { get; private set; } = null!;
    public List<RegionRow> Rows { get; } = [];

    /// <summary>The resolver tester's input: a name as an office writes it, and an optional context region key.</summary>
    public string? ResolveName { get; private set; }

    public string? ResolveContext { get; private set; }

    public RegionResolution? Resolution { get; private set; }

    public async Task OnGetAsync(int? edit, int? add, int? saved, string? resolve, string? context, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is { } e && Directory.ById(e) is { } er)
        {
            Replace(new RegionRow(er, RowMode.Edit));
        }

        if (add is { } a && Directory.ById(a) is { } ar)
        {
            Replace(await NewChildRowAsync(ar, ct));
        }

        if (saved is { } s && Directory.ById(s) is { } sr)
        {
            Replace(new RegionRow(sr, RowMode.View) { Feedback = new FormFeedback { Notice = l["Admin.Saved"] } });
        }

        Resolve(resolve, context);
    }

    /// <summary>The fragment for one region in the asked mode (htmx swaps it in place of the current one).</summary>
    public async Task<IActionResult> OnGetRowAsync(int id, RowMode mode, CancellationToken ct)
    {
        var region = await db.Regions.FindAsync([id], ct);
        if (region is null)
        {
            return NotFound();
        }

        return Partial("_RegionRow", mode == RowMode.Add ? await NewChildRowAsync(region, ct) : new RegionRow(region, mode));
    }

    public async Task<IActionResult> OnGetResolveAsync(string? resolve, string? context, CancellationToken ct)
    {
        Directory = await RegionDirectory.LoadAsync(db, ct);
        Resolve(resolve, context);
        return Partial("_RegionResolution", this);
    }

    public async Task<IActionResult> OnPostUpdateAsync(int id, RegionForm form, CancellationToken ct)
    {
        RegionRow row;
        try
        {
            var region = await save.UpdateAsync(id, new RegionInput
            {
                Name = form.Name ?? "", ShortNames = form.ShortNames ?? "", SortOrder = form.SortOrder, IsActive = form.IsActive, Version = form.Version,
            }, ct);
            if (!Request.IsHtmx())
            {
                return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/regions?saved={id}#r{id}"));
            }

            row = new RegionRow(region, RowMode.View) { Feedback = new FormFeedback { Notice = l["Admin.Saved"] } };
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException e)
        {
            row = new RegionRow(await CurrentAsync(id, ct), RowMode.Edit) { Edit = form, Feedback = FormFeedback.From(e) };
        }
        catch (ConflictException e)
        {
            row = Conflict(await CurrentAsync(id, ct), form, e);
        }

        return await RowOrPageAsync(row, ct);
    }

    public async Task<IActionResult> OnPostAddAsync(int parentId, NewRegionForm form, CancellationToken ct)
    {
        FormFeedback feedback;
        try
        {
            var region = await save.AddChildAsync(parentId, new NewRegionInput
            {
                Key = form.Key ?? "", Code = form.Code, Name = form.Name ?? "", Kind = form.Kind, ShortNames = form.ShortNames ?? "", SortOrder = form.SortOrder,
            }, ct);
            var target = string.Create(CultureInfo.InvariantCulture, $"/admin/regions?saved={region.Id}#r{region.Id}");
            if (!Request.IsHtmx())
            {
                return Redirect(target);
            }

            // The new row's place in the tree depends on its siblings, so reload the table.
            Response.Headers["HX-Redirect"] = target;
            return new EmptyResult();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException e)
        {
            feedback = FormFeedback.From(e);
        }
        catch (ConflictException e)
        {
            feedback = new FormFeedback { Message = e.Message };
        }

        return await RowOrPageAsync(new RegionRow(await CurrentAsync(parentId, ct), RowMode.Add) { Add = form, Feedback = feedback }, ct);
    }

    public string KindName(RegionKind kind) => l["Admin.RegionKind." + kind];

    public string PathOf(Region r) =>
        string.Join(" › ", Directory.Ancestors(r).Reverse().Select(a => a.Name).Append(r.Name));

    private RegionRow Conflict(Region current, RegionForm form, ConflictException e)
    {
        if (e.Current is not Region)
        {
            return new RegionRow(current, RowMode.Edit) { Edit = form, Feedback = new FormFeedback { Message = e.Message } };
        }

        // Someone saved first: show what is stored now and let a second save overwrite it on purpose.
        form.Version = current.Version;
        var stored = l["Admin.Region.ConflictStored", current.Name, string.Join('、', current.ShortNameList),
            current.SortOrder.ToString(CultureInfo.InvariantCulture), current.IsActive ? l["Admin.Active"] : l["Admin.Inactive"]];
        return new RegionRow(current, RowMode.Edit) { Edit = form, Feedback = new FormFeedback { Message = e.Message + "。" + stored } };
    }

    private async Task<IActionResult> RowOrPageAsync(RegionRow row, CancellationToken ct)
    {
        if (Request.IsHtmx())
        {
            return Partial("_RegionRow", row);
        }

        await LoadAsync(ct);
        Replace(row);
        return Page();
    }

    private async Task<Region> CurrentAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Regions.FindAsync([id], ct) ?? throw new NotFoundException("区域不存在");
    }

    private async Task<RegionRow> NewChildRowAsync(Region parent, CancellationToken ct)
    {
        var siblings = await db.Regions.Where(r => r.ParentId == parent.Id).MaxAsync(r => (int?)r.SortOrder, ct) ?? 0;
        var kind = parent.Kind switch
        {
            RegionKind.Province => RegionKind.City,
            RegionKind.City => RegionKind.District,
            _ => RegionKind.Area,
        };
        return new RegionRow(parent, RowMode.Add) { Add = new NewRegionForm { Kind = kind, SortOrder = siblings + 1 } };
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Directory = await RegionDirectory.LoadAsync(db, ct);
        Rows.Clear();
        Rows.AddRange(Walk(null).Select(r => new RegionRow(r, RowMode.View)));
    }

    private IEnumerable<Region> Walk(int? parentId) =>
        Directory.Children(parentId).SelectMany(r => Walk(r.Id).Prepend(r));

    private void Replace(RegionRow row)
    {
        var i = Rows.FindIndex(r => r.Region.Id == row.Region.Id);
        if (i >= 0)
        {
            Rows[i] = row;
        }
    }

    private void Resolve(string? name, string? context)
    {
        ResolveName = name?.Trim();
        ResolveContext = string.IsNullOrWhiteSpace(context) ? null : context.Trim();
        if (!string.IsNullOrWhiteSpace(ResolveName))
        {
            Resolution = Directory.Resolve(ResolveName, Directory.ByKey(ResolveContext));
        }
    }
}
