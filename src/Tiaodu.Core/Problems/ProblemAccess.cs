using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Problems;

/// <summary>
/// Which department the signed-in account answers for, and whether its problem lists are cut to that
/// department: an account that answers for a department (责任部门) without running the ledger sees only the
/// problems its department leads on or assists with, whatever region its account can read.
/// </summary>
public sealed class ProblemAccess(TiaoduDb db, ICurrentUser user)
{
    private int? _department;
    private bool _loaded;

    public async Task<int?> DepartmentAsync(CancellationToken ct)
    {
        if (!_loaded)
        {
            _department = user.AccountId is { } id ? await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.DepartmentId).FirstOrDefaultAsync(ct) : null;
            _loaded = true;
        }

        return _department;
    }

    /// <summary>The department the lists are cut to (-1 when the account answers for none), or null when they are not cut.</summary>
    public async Task<int?> ListedDepartmentAsync(CancellationToken ct) =>
        user.Has(Permission.AnswerProblems) && !user.Has(Permission.EditLedger) ? await DepartmentAsync(ct) ?? -1 : null;

    /// <summary>Problems a department leads on or assists with.</summary>
    public static IQueryable<Problem> Involving(IQueryable<Problem> problems, int departmentId) =>
        problems.Where(p => p.LeadDepartmentId == departmentId || p.Assisting.Any(a => a.DepartmentId == departmentId));
}
