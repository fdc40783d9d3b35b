using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tiaodu.Core.Excel;

public enum DatePrecision
{
    Day,
    Month,
    Year,
}

/// <summary>A cell read as a <typeparamref name="T"/>: nothing (an empty cell), a value, or a Chinese error.</summary>
public readonly record struct ParsedValue<T>(bool HasValue, T Value, string? Error, DatePrecision Precision = DatePrecision.Day)
    where T : struct
{
    public bool IsError => Error is not null;
}

internal static class Parsed
{
    public static ParsedValue<T> Of<T>(T value, DatePrecision precision = DatePrecision.Day) where T : struct => new(true, value, null, precision);

    public static ParsedValue<T> Fail<T>(string error) where T : struct => new(false, default, error);
}

/// <summary>Converts a number as written into the stored unit (万元 for money, m² for land): value × Multiplier ÷ Divisor, exact.</summary>
public sealed record UnitConversion(string Unit, decimal Multiplier, decimal Divisor)
{
    public static readonly UnitConversion None = new("", 1, 1);
    public static readonly UnitConversion Wan = new("万元", 1, 1);
    public static readonly UnitConversion Yi = new("亿元", 10_000, 1);
    public static readonly UnitConversion Yuan = new("元", 1, 10_000);
    public static readonly UnitConversion SquareMetre = new("平方米", 1, 1);
    public static readonly UnitConversion Mu = new("亩", 10_000, 15);
    public static readonly UnitConversion Hectare = new("公顷", 10_000, 1);
    public static readonly UnitConversion SquareKm = new("平方公里", 1_000_000, 1);

    public decimal Apply(decimal value) => Divisor == 1 ? value * Multiplier : value * Multiplier / Divisor;

    /// <summary>The unit named in a text ("亿元", "（亩）", "㎡"), for money or for land; null when none.</summary>
    public static UnitConversion? Find(string text, bool land)
    {
        if (land)
        {
            return text.Contains("平方公里", StringComparison.Ordinal) || text.Contains("km", StringComparison.OrdinalIgnoreCase) ? SquareKm
                : text.Contains("公顷", StringComparison.Ordinal) ? Hectare
                : text.Contains('亩') || text.Contains('畝') ? Mu
                : text.Contains("平方米", StringComparison.Ordinal) || text.Contains('㎡') || text.Contains("m2", StringComparison.OrdinalIgnoreCase) || text.Contains("m²", StringComparison.Ordinal) ? SquareMetre
                : null;
        }

        return text.Contains("亿元", StringComparison.Ordinal) || text.Contains("億元", StringComparison.Ordinal) ? Yi
            : text.Contains("万元", StringComparison.Ordinal) || text.Contains("萬元", StringComparison.Ordinal) ? Wan
            : Regex.IsMatch(text, "(?<![万萬亿億])元") ? Yuan
            : null;
    }
}

/// <summary>
/// Reads cell values the way offices write them: numbers with thousands separators or full-width digits,
/// dates as date cells or as 2019年3月 / 2019.3 / 2019-03-15, yes/no as 是/否/√/×, stray spaces.
/// </summary>
public static partial class CellValues
{
    /// <summary>Marks saying a question does not apply: no value anywhere, not even 否.</summary>
    private static readonly string[] NotApplicable = ["/", "／", "N/A", "n/a", "#N/A"];

    private static readonly string[] Nothing = [.. NotApplicable, "-", "—", "--", "——", "无", "無", "暂无", "暫無", "没有", "沒有"];

    /// <summary>Trimmed text with whitespace runs collapsed and full-width ASCII made half-width; null when empty.</summary>
    public static string? Text(object? cell) => Raw(cell) is { } raw ? Clean(raw) : null;

    /// <summary>
    /// <see cref="Text"/>, or null when the cell only says there is nothing to say ("无", "/", "—", "N/A" …): offices
    /// fill empty cells so, and "/" is nobody's name, code or company.
    /// </summary>
    public static string? Stated(object? cell) => Text(cell) is { } text && !IsNothing(text) ? text : null;

    /// <summary><see cref="LongText"/>, or null when the cell only says there is nothing to say (<see cref="Stated"/>).</summary>
    public static string? StatedLong(object? cell) => LongText(cell) is { } text && !IsNothing(text) ? text : null;

    /// <summary>True when the text only says there is nothing to say ("无", "/", "—" …).</summary>
    public static bool IsNothing(string text) => Nothing.Contains(text, StringComparer.Ordinal);

    /// <summary>
    /// Text that may run over several lines (建设内容, 形象进度, 存在问题): each line cleaned as <see cref="Text"/>,
    /// line breaks kept, empty lines at the start and end dropped.
    /// </summary>
    public static string? LongText(object? cell)
    {
        if (Raw(cell) is not { } raw)
        {
            return null;
        }

        var lines = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(l => Clean(l) ?? "").SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse();
        var text = string.Join('\n', lines);
        return text.Length == 0 ? null : text;
    }

    private static string? Raw(object? cell) => cell switch
    {
        null => null,
        string s => s,
        double d => d.ToString("0.###############", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    private static string? Clean(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        var space = false;
        foreach (var c in raw)
        {
            if (char.IsWhiteSpace(c) || c == '\u3000' || c == '\u00A0')
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c is >= '\uFF01' and <= '\uFF5E' && !IsChinesePunctuation(c) ? (char)(c - 0xFEE0) : c);
        }

        var text = sb.ToString();

        // The apostrophe an export puts before = + - @ so that no spreadsheet takes the text for a formula.
        if (text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@')
        {
            text = text[1..];
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>Full-width brackets, commas and colons stay as they are in Chinese text; digits, letters and ASCII symbols become half-width.</summary>
    private static bool IsChinesePunctuation(char c) => c is '（' or '）' or '，' or '：' or '；' or '！' or '？';

    public static ParsedValue<decimal> Number(object? cell, UnitConversion unit)
    {
        switch (cell)
        {
            case null:
                return default(ParsedValue<decimal>);
            case double d:
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 1e15)
                {
                    return Parsed.Fail<decimal>("不是有效的数字");
                }

                return Parsed.Of<decimal>(unit.Apply(decimal.Parse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)));
            case int i:
                return Parsed.Of<decimal>(unit.Apply(i));
            case long l:
                return Parsed.Of<decimal>(unit.Apply(l));
            case decimal m:
                return Parsed.Of<decimal>(unit.Apply(m));
            case bool or DateTime:
                return Parsed.Fail<decimal>($"不是有效的数字：{Text(cell)}");
        }

        var text = Text(cell);
        if (text is null || Nothing.Contains(text))
        {
            return default(ParsedValue<decimal>);
        }

        var own = UnitConversion.Find(text, land: unit.Unit is "亩" or "平方米" or "公顷" or "平方公里");
        var digits = NumberText().Replace(text, "");
        digits = digits.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal).Replace("。", ".", StringComparison.Ordinal);
        if (digits.Length > 30 || !decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return Parsed.Fail<decimal>($"不是有效的数字：{Clip(text)}");
        }

        return Parsed.Of<decimal>((own ?? unit).Apply(value));
    }

    /// <summary>Unit words and spaces a number may carry in its cell ("12.5亿元", "1 200 万元").</summary>
    [GeneratedRegex(@"\s|万元|萬元|亿元|億元|元|平方公里|平方米|公顷|亩|畝|㎡|m2|m²")]
    private static partial Regex NumberText();

    public static ParsedValue<DateOnly> Date(object? cell)
    {
        switch (cell)
        {
            case null:
                return default(ParsedValue<DateOnly>);
            case DateTime t:
                return Parsed.Of<DateOnly>(DateOnly.FromDateTime(t));
            case double d when d is >= 32874 and <= 73051:
                // An Excel date serial (1990–2100) that came without a date format.
                return Parsed.Of<DateOnly>(DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(d))));
        }

        var text = Text(cell);
        if (text is null || Nothing.Contains(text))
        {
            return default(ParsedValue<DateOnly>);
        }

        var m = DateText().Match(text);
        if (!m.Success)
        {
            if (CompactDate().Match(text) is { Success: true } c)
            {
                return Build(text, c.Groups["y"].Value, c.Groups["m"].Value, c.Groups["d"].Value);
            }

            return Parsed.Fail<DateOnly>($"不是有效的日期：{Clip(text)}（可写作 2019-03-15、2019年3月 或 2019.3）");
        }

        return Build(text, m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value);
    }

    private static ParsedValue<DateOnly> Build(string text, string y, string mo, string d)
    {
        var year = int.Parse(y, CultureInfo.InvariantCulture);
        var month = mo.Length == 0 ? 1 : int.Parse(mo, CultureInfo.InvariantCulture);
        var day = d.Length == 0 ? 1 : int.Parse(d, CultureInfo.InvariantCulture);
        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return Parsed.Fail<DateOnly>($"不是有效的日期：{Clip(text)}");
        }

        var precision = mo.Length == 0 ? DatePrecision.Year : d.Length == 0 ? DatePrecision.Month : DatePrecision.Day;
        return Parsed.Of<DateOnly>(new DateOnly(year, month, day), precision);
    }

    /// <summary>2019年3月15日, 2019年3月, 2019年, 2019-03-15, 2019/3/15, 2019.3.15, 2019.3, 2019-3, 2019/3 (traditional 年 is the same character).</summary>
    [GeneratedRegex(@"^(?<y>\d{4})\s*(?:年|[-./])?\s*(?:(?<m>\d{1,2})\s*(?:月|[-./])?\s*(?:(?<d>\d{1,2})\s*[日号號]?)?)?\s*(?:底|末|前)?$")]
    private static partial Regex DateText();

    [GeneratedRegex(@"^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$")]
    private static partial Regex CompactDate();

    public static ParsedValue<bool> YesNo(object? cell)
    {
        switch (cell)
        {
            case null:
                return default(ParsedValue<bool>);
            case bool b:
                return Parsed.Of<bool>(b);
            case double d when d is 0 or 1:
                return Parsed.Of<bool>(d == 1);
        }

        var text = Text(cell);
        if (text is null || NotApplicable.Contains(text, StringComparer.Ordinal))
        {
            return default(ParsedValue<bool>);
        }

        var t = text.ToUpperInvariant();
        if (t is "是" or "√" or "✓" or "✔" or "Y" or "YES" or "TRUE" or "1" or "有" or "已开工" or "已开复工" or "已復工" or "已开复" or "开工" or "已复工" or "已完成" or "是的")
        {
            return Parsed.Of<bool>(true);
        }

        if (t is "否" or "×" or "✗" or "✘" or "X" or "N" or "NO" or "FALSE" or "0" or "无" or "無" or "未开工" or "未开复工" or "未復工" or "未复工" or "不是" or "-" or "—" or "没有" or "沒有")
        {
            return Parsed.Of<bool>(false);
        }

        return Parsed.Fail<bool>($"应填写“是”或“否”，而不是：{Clip(text)}");
    }

    public static ParsedValue<int> WholeNumber(object? cell)
    {
        var d = Number(cell, UnitConversion.None);
        if (!d.HasValue || d.IsError)
        {
            return d.IsError ? Parsed.Fail<int>(d.Error!) : default(ParsedValue<int>);
        }

        return d.Value == decimal.Truncate(d.Value) && d.Value is >= int.MinValue and <= int.MaxValue
            ? Parsed.Of<int>((int)d.Value)
            : Parsed.Fail<int>($"应为整数：{d.Value.ToString(CultureInfo.InvariantCulture)}");
    }

    private static readonly string[] ChineseMonths = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

    public static ParsedValue<int> Month(object? cell)
    {
        if (cell is DateTime t)
        {
            return Parsed.Of<int>(t.Month);
        }

        var text = Text(cell);
        if (text is null)
        {
            return default(ParsedValue<int>);
        }

        var bare = text.TrimEnd('月', '份');
        var index = Array.IndexOf(ChineseMonths, bare);
        if (index >= 0)
        {
            return Parsed.Of<int>(index + 1);
        }

        if (int.TryParse(bare, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12)
        {
            return Parsed.Of<int>(m);
        }

        var date = Date(cell);
        return date.HasValue && date.Precision != DatePrecision.Year
            ? Parsed.Of<int>(date.Value.Month)
            : Parsed.Fail<int>($"不是有效的月份：{Clip(text)}（应为1至12）");
    }

    private static string Clip(string s) => s.Length <= 30 ? s : s[..29] + "…";
}
