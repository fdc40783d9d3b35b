using Microsoft.AspNetCore.Authorization;
using Tiaodu.Core.Accounts;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// The authorization decisions pages and endpoints declare. Each policy is "signed in and holds one of these
/// permissions"; <see cref="SignedIn"/> is any signed-in account (its own profile, sign-out).
/// </summary>
internal static class Policies
{
    public const string SignedIn = "signed-in";
    public const string ViewLedger = "ledger.view";
    public const string EditLedger = "ledger.edit";
    public const string ReportProgress = "ledger.report";
    public const string ReviewReports = "reports.review";
    public const string ManageReference = "reference.manage";
    public const string ManageTags = "tags.manage";
    public const string ViewAccounts = "accounts.view";
    public const string ManageAccounts = "accounts.manage";
    public const string GrantRoles = "roles.grant";
    public const string ManagePolicy = "policy.manage";
    public const string ReadAudit = "audit.read";
    public const string AnswerProblems = "problems.answer";
    public const string CarryOutDecisions = "decisions.carry-out";
    public const string GiveInstructions = "instructions.give";
    public const string AnswerInstructions = "instructions.answer";
    public const string PublishBulletins = "bulletins.publish";
    public const string AssessDistricts = "assessment.manage";

    public static readonly IReadOnlyDictionary<string, Permission[]> Permissions = new Dictionary<string, Permission[]>
    {
        [SignedIn] = [],
        [ViewLedger] = [Permission.ViewLedger],
        [EditLedger] = [Permission.EditLedger],
        [ReportProgress] = [Permission.EditLedger, Permission.ReportProgress],
        [ReviewReports] = [Permission.ReviewReports],
        [ManageReference] = [Permission.ManageReference],
        [ManageTags] = [Permission.ManageTags],
        [ViewAccounts] = [Permission.ManageAccounts, Permission.GrantRoles],
        [ManageAccounts] = [Permission.ManageAccounts],
        [GrantRoles] = [Permission.GrantRoles],
        [ManagePolicy] = [Permission.ManagePolicy],
        [ReadAudit] = [Permission.ReadAudit],
        [AnswerProblems] = [Permission.AnswerProblems],
        [CarryOutDecisions] = [Permission.EditLedger, Permission.AnswerProblems],
        [GiveInstructions] = [Permission.GiveInstructions],
        [AnswerInstructions] = [Permission.EditLedger, Permission.ReportProgress, Permission.AnswerProblems],
        [PublishBulletins] = [Permission.PublishBulletins],
        [AssessDistricts] = [Permission.AssessDistricts],
    };

    public static void Add(AuthorizationOptions o)
    {
        foreach (var (name, permissions) in Permissions)
        {
            o.AddPolicy(name, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permissions)));
        }

        // Anything that declares nothing still needs a signed-in user; the authorization matrix test
        // additionally insists that every endpoint declares its decision.
        o.FallbackPolicy = o.GetPolicy(SignedIn);
    }
}

/// <summary>Holds when the user has any of <see cref="AnyOf"/> (or when the list is empty).</summary>
internal sealed class PermissionRequirement(Permission[] anyOf) : IAuthorizationRequirement
{
    public IReadOnlyList<Permission> AnyOf { get; } = anyOf;
}

internal sealed class PermissionHandler(ICurrentUser user) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && user.AccountId is not null
            && (requirement.AnyOf.Count == 0 || requirement.AnyOf.Any(user.Has)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
