namespace Tiaodu.Core.Data;

/// <summary>
/// A project or year line removed from the database (rolling back an import removes what it created),
/// stamped with the <see cref="LedgerSequence"/> value of its transaction. Rows that are gone carry no
/// stamp of their own, so the in-memory indicator facts learn of a removal here. Not audited: the removal
/// itself is audited on the removed row.
/// </summary>
public sealed class LedgerRemoval
{
    public long Id { get; private set; }

    public long ChangeSeq { get; private set; }

    public int ProjectId { get; private set; }

    /// <summary>The year of a removed year line; null when the whole project was removed.</summary>
    public int? Year { get; private set; }

    private LedgerRemoval()
    {
    }

    public LedgerRemoval(long changeSeq, int projectId, int? year)
    {
        ChangeSeq = changeSeq;
        ProjectId = projectId;
        Year = year;
    }
}
