using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Pages.Admin;

public sealed class LookupForm
{
    public string Name { get; set; } = "";
    public string? Meaning { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; }
    public int Version { get; set; }

    public static LookupForm Of(Lookup l) => new() { Name = l.Name, Meaning = l.Meaning, SortOrder = l.SortOrder, IsActive = l.IsActive, Version = l.Version };
}

public sealed class NewLookupForm
{
    public string? Code { get; set; }
    public string Name { get; set; } = "";
    public string? Meaning { get; set; }
    public int? ParentId { get; set; }
    public int? RegionId { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>Which optional columns a list kind has: industry divisions have a parent, sectors a region, some kinds a meaning.</summary>
public sealed record LookupColumns(LookupKind Kind)
{
    public bool Parent => Kind == LookupKind.Industry;
    public bool Region => Kind is LookupKind.Sector or LookupKind.Department;
    public IReadOnlyList<string> Meanings => SaveLookup.AllowedMeanings.TryGetValue(Kind, out var m) ? m : [];
    public bool Meaning => Meanings.Count > 0;
    public int Count => 5 + (Parent ? 1 : 0) + (Region ? 1 : 0) + (Meaning ? 1 : 0);
}

/// <summary>One list entry in the admin table, in view or edit mode.</summary>
public sealed record LookupRow(Lookup Entry, RowMode Mode, LookupColumns Columns)
{
    public string? ParentName { get; init; }
    public string? RegionName { get; init; }
    public LookupForm Edit { get; init; } = LookupForm.Of(Entry);
    public FormFeedback Feedback { get; init; } = FormFeedback.None;

    /// <summary>Industry sections: how many divisions fold under them.</summary>
    public int Divisions { get; init; }

    /// <summary>Industry divisions: shown unfolded (their section is open).</summary>
    public bool Open { get; init; } = true;
}

/// <summary>The reference lists (行业, 项目类别, 建设性质, 阶段, 级别, 问题类别, 专班): list, add and edit entries.</summary>
public sealed class LookupsModel(TiaoduDb db, SaveLookup save, IStringLocalizer<SharedResource> l) : PageModel
{
    public LookupKind Kind { get; private set; }
    public LookupColumns Columns => new(Kind);
    public List<LookupRow> Rows { get; } = [];
    public RegionDirectory Regions { get; private set; } = null!;
    public NewLookupForm NewForm { get; private set; } = new();
    public FormFeedback NewFeedback { get; private set; } = FormFeedback.None;

    public async Task OnGetAsync(string? kind, int? edit, int? saved, int? open, CancellationToken ct)
    {
        Kind = ParseKind(kind);
        await LoadAsync(open ?? saved ?? edit, ct);
        if (edit is { } e && Rows.Find(r => r.Entry.Id == e) is { } er)
        {
            Replace(er with { Mode = RowMode.Edit });
        }

        if (saved is { } s && Rows.Find(r => r.Entry.Id == s) is { } sr)
        {
            Replace(sr with { Feedback = new FormFeedback { Notice = l["Admin.Saved"] } });
        }
    }

    public async Task<IActionResult> OnGetRowAsync(int id, RowMode mode, CancellationToken ct)
    {
        var entry = await db.Lookups.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (entry is null)
        {
            return NotFound();
        }

        return Partial("_LookupRow", await RowAsync(entry, mode == RowMode.Edit ? RowMode.Edit : RowMode.View, ct));
    }

    public async Task<IActionResult> OnPostUpdateAsync(int id, LookupForm form, CancellationToken ct)
    {
        LookupRow row;
        try
        {
            var entry = await save.UpdateAsync(id, new LookupInput
            {
                Name = form.Name ?? "", Meaning = form.Meaning, SortOrder = form.SortOrder, IsActive = form.IsActive, Version = form.Version,
            }, ct);
            if (!Request.IsHtmx())
            {
                return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/lookups?kind={entry.Kind}&saved={id}#l{id}"));
            }

            row = await RowAsync(entry, RowMode.View, ct) with { Feedback = new FormFeedback { Notice = l["Admin.Saved"] } };
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException e)
        {
            row = await RowAsync(await CurrentAsync(id, ct), RowMode.Edit, ct) with { Edit = form, Feedback = FormFeedback.From(e) };
        }
        catch (ConflictException e)
        {
            var current = await CurrentAsync(id, ct);
            var message = e.Message;
            if (e.Current is Lookup)
            {
                // Someone saved first: show what is stored now; a second save overwrites it on purpose.
                form.Version = current.Version;
                message += "。" + l["Admin.Lookup.ConflictStored", current.Name, MeaningName(current.Meaning) ?? "—",
                    current.SortOrder.ToString(CultureInfo.InvariantCulture), current.IsActive ? l["Admin.Active"] : l["Admin.Inactive"]];
            }

            row = await RowAsync(current, RowMode.Edit, ct) with { Edit = form, Feedback = new FormFeedback { Message = message } };
        }

        if (Request.IsHtmx())
        {
            return Partial("_LookupRow", row);
        }

        Kind = row.Entry.Kind;
        await LoadAsync(row.Entry.ParentId ?? row.Entry.Id, ct);
        Replace(row);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? kind, NewLookupForm form, CancellationToken ct)
    {
        Kind = ParseKind(kind);
        try
        {
            var entry = await save.CreateAsync(Kind, new LookupInput
            {
                Code = form.Code, Name = form.Name ?? "", Meaning = form.Meaning, SortOrder = form.SortOrder,
                ParentId = Columns.Parent ? form.ParentId : null, RegionId = Columns.Region ? form.RegionId : null,
            }, ct);
            return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/lookups?kind={Kind}&saved={entry.Id}#l{entry.Id}"));
        }
        catch (ValidationFailedException e)
        {
            NewFeedback = FormFeedback.From(e);
        }
        catch (ConflictException e)
        {
            NewFeedback = new FormFeedback { Message = e.Message };
        }

        await LoadAsync(form.ParentId, ct);
        NewForm = form;
        return Page();
    }

    public string? MeaningName(string? meaning) => meaning is null ? null : l["Admin.Meaning." + meaning].Value;

    public IEnumerable<LookupRow> Sections() => Rows.Where(r => r.Entry.ParentId is null);

    /// <summary>Regions in tree order with their depth, for the sector's region select.</summary>
    public IEnumerable<(Region Region, int Depth)> RegionTree() => Regions.Tree();

    private async Task LoadAsync(int? openSection, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Regions = await RegionDirectory.LoadAsync(db, ct);
        var entries = await db.Lookups.AsNoTracking().Where(x => x.Kind == Kind).OrderBy(x => x.SortOrder).ThenBy(x => x.Code).ToListAsync(ct);
        var byId = entries.ToDictionary(x => x.Id);
        var open = openSection is { } o && byId.TryGetValue(o, out var opened) ? opened.ParentId ?? opened.Id : (int?)null;
        Rows.Clear();

        // Divisions follow their section, whatever their sort numbers say.
        foreach (var entry in entries.Where(x => x.ParentId is null || !byId.ContainsKey(x.ParentId.Value)))
        {
            var children = entries.Where(x => x.ParentId == entry.Id).ToList();
            Rows.Add(Row(entry, RowMode.View, byId) with { Divisions = children.Count });
            Rows.AddRange(children.Select(c => Row(c, RowMode.View, byId) with { Open = c.ParentId == open }));
        }

        NewForm = new NewLookupForm { SortOrder = entries.Select(x => x.SortOrder).DefaultIfEmpty(0).Max() + 1 };
    }

    private LookupRow Row(Lookup entry, RowMode mode, Dictionary<int, Lookup> byId) => new(entry, mode, new LookupColumns(entry.Kind))
    {
        ParentName = entry.ParentId is { } p && byId.TryGetValue(p, out var parent) ? parent.Code + " " + parent.Name : null,
        RegionName = entry.RegionId is { } r ? Regions.ById(r)?.Name : null,
    };

    private async Task<LookupRow> RowAsync(Lookup entry, RowMode mode, CancellationToken ct)
    {
        Regions ??= await RegionDirectory.LoadAsync(db, ct);
        var parent = entry.ParentId is { } p ? await db.Lookups.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p, ct) : null;
        var byId = new Dictionary<int, Lookup>();
        if (parent is not null)
        {
            byId[parent.Id] = parent;
        }

        var divisions = new LookupColumns(entry.Kind).Parent && entry.ParentId is null
            ? await db.Lookups.CountAsync(x => x.ParentId == entry.Id, ct) : 0;
        return Row(entry, mode, byId) with { Divisions = divisions };
    }

    private async Task<Lookup> CurrentAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Lookups.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("条目不存在");
    }

    private void Replace(LookupRow row)
    {
        var i = Rows.FindIndex(r => r.Entry.Id == row.Entry.Id);
        if (i >= 0)
        {
            Rows[i] = row with { Open = true };
        }
    }

    private static LookupKind ParseKind(string? kind) =>
        Enum.TryParse<LookupKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : LookupKind.Industry;
}
