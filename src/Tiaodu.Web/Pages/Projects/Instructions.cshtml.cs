using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Instructions;
using Tiaodu.Core.Problems;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>A project's leader instructions (领导批示): leaders write them, the people responsible answer.</summary>
public sealed class InstructionsModel(ManageInstructions instructions, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public int ProjectId { get; private set; }

    public string ProjectName { get; private set; } = "";

    public IReadOnlyList<InstructionView> Items { get; private set; } = [];

    public IReadOnlyList<(int Id, string Text)> OpenProblems { get; private set; } = [];

    public bool CanGive => user.Has(Permission.GiveInstructions);

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostGiveAsync(int id, int? problemId, string? text, CancellationToken ct) =>
        ActAsync(id, Permission.GiveInstructions, () => instructions.GiveAsync(id, problemId, text, ct), l["Instructions.Flash.Given"], ct);

    public Task<IActionResult> OnPostReplyAsync(int id, int instructionId, string? text, CancellationToken ct) =>
        ActAsync(id, null, () => instructions.ReplyAsync(instructionId, text, ct), l["Instructions.Flash.Replied"], ct);

    private async Task<IActionResult> ActAsync(int id, Permission? needed, Func<Task> act, string done, CancellationToken ct)
    {
        if (needed is { } p ? !user.Has(p) : !(user.Has(Permission.EditLedger) || user.Has(Permission.ReportProgress) || user.Has(Permission.AnswerProblems)))
        {
            return Forbid();
        }

        try
        {
            await act();
            Flash.Success(TempData, done);
            return Redirect($"/projects/{id}/instructions");
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Items = await instructions.ForProjectAsync(id, ct);
        ProjectId = id;
        ProjectName = await db.Projects.Where(p => p.Id == id).Select(p => p.Name).FirstAsync(ct);
        OpenProblems = [.. (await db.Problems.AsNoTracking().Where(p => p.ProjectId == id && p.Status != ProblemStatus.Closed).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Description }).ToListAsync(ct)).Select(p => (p.Id, p.Description))];
    }
}
