namespace Tiaodu.Core.Ledger;

/// <summary>
/// Twelve month-end values of one year (year to date or since start), each carried forward from the
/// last reported month, so "as of month m" is one column and indicators never search for the latest report.
/// </summary>
public sealed class MonthlySeries
{
    public decimal M01 { get; private set; }
    public decimal M02 { get; private set; }
    public decimal M03 { get; private set; }
    public decimal M04 { get; private set; }
    public decimal M05 { get; private set; }
    public decimal M06 { get; private set; }
    public decimal M07 { get; private set; }
    public decimal M08 { get; private set; }
    public decimal M09 { get; private set; }
    public decimal M10 { get; private set; }
    public decimal M11 { get; private set; }
    public decimal M12 { get; private set; }

    /// <summary>The property name holding month <paramref name="month"/> (1–12).</summary>
    public static string PropertyFor(int month) => month switch
    {
        >= 1 and <= 12 => "M" + month.ToString("00", System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(month)),
    };

    public decimal this[int month] => month switch
    {
        1 => M01, 2 => M02, 3 => M03, 4 => M04, 5 => M05, 6 => M06,
        7 => M07, 8 => M08, 9 => M09, 10 => M10, 11 => M11, 12 => M12,
        _ => throw new ArgumentOutOfRangeException(nameof(month)),
    };

    internal void Set(int month, decimal value)
    {
        switch (month)
        {
            case 1: M01 = value; break;
            case 2: M02 = value; break;
            case 3: M03 = value; break;
            case 4: M04 = value; break;
            case 5: M05 = value; break;
            case 6: M06 = value; break;
            case 7: M07 = value; break;
            case 8: M08 = value; break;
            case 9: M09 = value; break;
            case 10: M10 = value; break;
            case 11: M11 = value; break;
            case 12: M12 = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(month));
        }
    }
}
