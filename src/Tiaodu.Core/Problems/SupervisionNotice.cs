using Tiaodu.Core.Text;

namespace Tiaodu.Core.Problems;

/// <summary>
/// A supervision notice (督办单) issued on a problem past its deadline: a number of the year, the date it must
/// be answered by, tracked until the lead department answers. Issued by the dispatch office or, when the
/// setting allows, by the daily check itself.
/// </summary>
public sealed class SupervisionNotice
{
    public const int TextLength = 1000;

    public int Id { get; private set; }

    public int ProblemId { get; private set; }

    public int Year { get; private set; }

    /// <summary>The notice's number within its year (督办〔2026〕12号).</summary>
    public int Sequence { get; private set; }

    public DateOnly IssuedOn { get; private set; }

    /// <summary>The new deadline the notice sets (督办时限).</summary>
    public DateOnly DueOn { get; private set; }

    /// <summary>The problem's deadline it was issued against.</summary>
    public DateOnly? ProblemDueOn { get; private set; }

    public string? Reason { get; private set; }

    public string IssuedBy { get; private set; } = "";

    /// <summary>Issued by the daily check rather than by hand.</summary>
    public bool Automatic { get; private set; }

    public DateOnly? AnsweredOn { get; private set; }

    public string? Answer { get; private set; }

    public string? AnsweredBy { get; private set; }

    public int Version { get; private set; }

    public string Number => $"督办〔{Year}〕{Sequence}号";

    private SupervisionNotice()
    {
    }

    public SupervisionNotice(int problemId, int year, int sequence, DateOnly issuedOn, DateOnly dueOn, DateOnly? problemDueOn, string? reason, string issuedBy, bool automatic)
    {
        (ProblemId, Year, Sequence, IssuedOn, DueOn, ProblemDueOn, Reason, IssuedBy, Automatic, Version) =
            (problemId, year, sequence, issuedOn, dueOn, problemDueOn, TextLimit.Cut(reason, TextLength), TextLimit.Cut(issuedBy, TextLimit.Actor), automatic, 1);
    }

    public void Record(string answer, string by, DateOnly on)
    {
        (Answer, AnsweredBy, AnsweredOn) = (TextLimit.Cut(answer, TextLength), TextLimit.Cut(by, TextLimit.Actor), on);
        Version++;
    }

    /// <summary>Unanswered past its own deadline.</summary>
    public bool IsOverdue(DateOnly today) => AnsweredOn is null && today > DueOn;
}

/// <summary>
/// How problems past their deadline are supervised (one row): whether the daily check issues 督办单 itself,
/// how many days a notice gives, and after how many missed deadlines a problem climbs one level by itself.
/// </summary>
public sealed class SupervisionSettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;

    public bool AutoSupervise { get; private set; } = true;

    /// <summary>Days a notice gives to answer and solve (督办时限).</summary>
    public int NoticeDays { get; private set; } = 7;

    /// <summary>Missed deadlines (the problem's own and each notice's) after which it escalates one level; 0 = never by itself.</summary>
    public int EscalateAfter { get; private set; } = 2;

    public int Version { get; private set; }

    public void Update(bool autoSupervise, int noticeDays, int escalateAfter)
    {
        (AutoSupervise, NoticeDays, EscalateAfter) = (autoSupervise, noticeDays, escalateAfter);
        Version++;
    }
}
