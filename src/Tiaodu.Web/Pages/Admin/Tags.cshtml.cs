using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>The labels put on year plan lines (春季开复工项目, 百大项目 …): add, rename, reorder, retire.</summary>
public sealed class TagsModel(TiaoduDb db, SaveTag save, Tiaodu.Core.Accounts.ICurrentUser user) : PageModel
{
    public sealed class TagForm
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public int SortOrder { get; set; }

        /// <summary>A checkbox: absent from the post when unticked, so false unless sent.</summary>
        public bool IsActive { get; set; }
        public int? Version { get; set; }
    }

    public IReadOnlyList<Tag> Tags { get; private set; } = [];

    /// <summary>Line counts per tag, so an administrator sees what a rename affects.</summary>
    public IReadOnlyDictionary<int, int> Uses { get; private set; } = new Dictionary<int, int>();

    public bool ShowUses => user.Has(Tiaodu.Core.Accounts.Permission.ViewLedger);

    [BindProperty]
    public TagForm Form { get; set; } = new();

    public int? FailedId { get; private set; }

    public FormFeedback Feedback { get; private set; } = FormFeedback.None;

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new TagInput { Name = Form.Name ?? "", SortOrder = Form.SortOrder, IsActive = Form.IsActive, Version = Form.Version };
        try
        {
            var tag = Form.Id is { } id ? await save.UpdateAsync(id, input, ct) : await save.CreateAsync(input, ct);
            Notice = tag.Name;
            return RedirectToPage();
        }
        catch (ValidationFailedException e)
        {
            Feedback = FormFeedback.From(e);
        }
        catch (ConflictException e)
        {
            Feedback = new FormFeedback { Message = e.Message };
        }
        catch (NotFoundException e)
        {
            Feedback = new FormFeedback { Message = e.Message };
        }

        FailedId = Form.Id ?? 0;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Tags = await db.Tags.AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Id).ToListAsync(ct);
        // How many plan lines carry a tag is ledger data: shown only to those who may read the ledger.
        if (!user.Has(Tiaodu.Core.Accounts.Permission.ViewLedger))
        {
            Uses = new Dictionary<int, int>();
            return;
        }

        Uses = await db.ProjectYearTags.AsNoTracking().GroupBy(t => t.TagId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
