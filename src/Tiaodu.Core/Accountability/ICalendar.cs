using System.Globalization;
using System.Text;

namespace Tiaodu.Core.Accountability;

/// <summary>An all-day event of a calendar feed; <see cref="Uid"/> must stay the same every time the feed is built.</summary>
public sealed record CalendarDay(string Uid, DateOnly On, string Summary, string? Description = null);

/// <summary>
/// Writes an iCalendar (RFC 5545) feed of all-day events: CRLF line ends, content lines folded at 75 octets
/// without splitting a UTF-8 sequence, TEXT values escaped, dates as VALUE=DATE with an exclusive DTEND.
/// </summary>
public static class ICalendar
{
    public const string ProductId = "-//Tiaodu//Tiaodu Key Project Dispatch//ZH";

    private const int MaxOctets = 75;

    public static string Write(string name, IEnumerable<CalendarDay> days, DateTime stampUtc)
    {
        var sb = new StringBuilder();
        void Line(string text) => Fold(sb, text);
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:" + ProductId);
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(name));
        var stamp = stampUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var d in days)
        {
            Line("BEGIN:VEVENT");
            Line("UID:" + d.Uid);
            Line("DTSTAMP:" + stamp);
            Line("DTSTART;VALUE=DATE:" + Date(d.On));
            Line("DTEND;VALUE=DATE:" + Date(d.On.AddDays(1)));
            Line("SUMMARY:" + Escape(d.Summary));
            if (!string.IsNullOrEmpty(d.Description))
            {
                Line("DESCRIPTION:" + Escape(d.Description));
            }

            Line("TRANSP:TRANSPARENT");
            Line("END:VEVENT");
        }

        Line("END:VCALENDAR");
        return sb.ToString();
    }

    private static string Date(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case ';': sb.Append("\\;"); break;
                case ',': sb.Append("\\,"); break;
                case '\r':
                    sb.Append("\\n");
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Appends one content line, folded (RFC 5545 §3.1): no physical line exceeds 75 octets of UTF-8 before its
    /// CRLF, a continuation starts with one space, and a break never falls inside a character (nor a surrogate pair).
    /// </summary>
    public static void Fold(StringBuilder sb, string line)
    {
        var octets = 0;
        var i = 0;
        while (i < line.Length)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]) ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + bytes > MaxOctets)
            {
                sb.Append("\r\n ");
                octets = 1;
            }

            sb.Append(line, i, width);
            octets += bytes;
            i += width;
        }

        sb.Append("\r\n");
    }
}
