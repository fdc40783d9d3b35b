namespace Tiaodu.Core.Reports;

/// <summary>
/// The monthly reporting calendar the dispatch office sets: each month's report is due on
/// <see cref="DeadlineDay"/> of that month (the last day when the month is shorter), and reporters are
/// reminded <see cref="ReminderDays"/> days before.
/// </summary>
public sealed class ReportSettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public int DeadlineDay { get; private set; } = 25;
    public int ReminderDays { get; private set; } = 3;
    public int Version { get; private set; }

    public void Change(int deadlineDay, int reminderDays)
    {
        if (deadlineDay is < 1 or > 31)
        {
            throw ValidationFailedException.For(nameof(DeadlineDay), "截止日应在每月1日至31日之间");
        }

        if (reminderDays is < 0 or > 15)
        {
            throw ValidationFailedException.For(nameof(ReminderDays), "提前提醒天数应在0至15天之间");
        }

        (DeadlineDay, ReminderDays) = (deadlineDay, reminderDays);
        Version++;
    }

    /// <summary>The day a month's report is due.</summary>
    public DateOnly DueDate(int year, int month) => new(year, month, Math.Min(DeadlineDay, DateTime.DaysInMonth(year, month)));
}
