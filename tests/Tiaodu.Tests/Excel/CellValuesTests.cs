using Tiaodu.Core.Excel;

namespace Tiaodu.Tests.Excel;

/// <summary>Cell values as offices type them: dates, yes/no, numbers with separators, full-width digits and units.</summary>
public sealed class CellValuesTests
{
    [Theory]
    [InlineData("2019年3月15日", 2019, 3, 15, DatePrecision.Day)]
    [InlineData("2019年3月", 2019, 3, 1, DatePrecision.Month)]
    [InlineData("2019.3", 2019, 3, 1, DatePrecision.Month)]
    [InlineData("2019/3/15", 2019, 3, 15, DatePrecision.Day)]
    [InlineData("2019-03-15", 2019, 3, 15, DatePrecision.Day)]
    [InlineData("２０１９年３月", 2019, 3, 1, DatePrecision.Month)]
    [InlineData(" 2019年 3月底 ", 2019, 3, 1, DatePrecision.Month)]
    [InlineData("20190315", 2019, 3, 15, DatePrecision.Day)]
    [InlineData("2019年", 2019, 1, 1, DatePrecision.Year)]
    public void Dates_written_as_text_are_read(string text, int year, int month, int day, DatePrecision precision)
    {
        var parsed = CellValues.Date(text);

        parsed.IsError.ShouldBeFalse(parsed.Error);
        parsed.Value.ShouldBe(new DateOnly(year, month, day));
        parsed.Precision.ShouldBe(precision);
    }

    [Fact]
    public void Date_cells_and_bare_serials_are_read()
    {
        CellValues.Date(new DateTime(2019, 3, 15)).Value.ShouldBe(new DateOnly(2019, 3, 15));
        CellValues.Date(new DateTime(2019, 3, 15).ToOADate()).Value.ShouldBe(new DateOnly(2019, 3, 15));
    }

    [Theory]
    [InlineData("2019年13月")]
    [InlineData("2019-02-30")]
    [InlineData("明年春天")]
    public void Impossible_dates_are_errors_with_the_text(string text)
    {
        var parsed = CellValues.Date(text);

        parsed.IsError.ShouldBeTrue();
        parsed.Error.ShouldNotBeNull().ShouldContain("不是有效的日期");
    }

    [Theory]
    [InlineData("")]
    [InlineData("无")]
    [InlineData("—")]
    [InlineData(" / ")]
    [InlineData("／")]
    [InlineData("暂无")]
    [InlineData("没有")]
    [InlineData("N/A")]
    public void Empty_markers_are_no_value(string text)
    {
        CellValues.Date(text).HasValue.ShouldBeFalse();
        CellValues.Number(text, UnitConversion.Wan).HasValue.ShouldBeFalse();
        CellValues.Stated(text).ShouldBeNull();
        if (text.Trim() is "/" or "／" or "" or "N/A")
        {
            CellValues.YesNo(text).HasValue.ShouldBeFalse("\"/\" says the question does not apply");
        }

        CellValues.StatedLong(text).ShouldBeNull();
    }

    [Theory]
    [InlineData("无锡路改造项目")]
    [InlineData("1/2")]
    [InlineData("-5")]
    public void Text_that_only_contains_a_marker_is_stated(string text) => CellValues.Stated(text).ShouldBe(text);

    [Theory]
    [InlineData("是", true)]
    [InlineData("√", true)]
    [InlineData("已开复工", true)]
    [InlineData("Y", true)]
    [InlineData("否", false)]
    [InlineData("×", false)]
    [InlineData("未開工", null)]
    [InlineData("未复工", false)]
    [InlineData("-", false)]
    [InlineData("没有", false)]
    public void Yes_and_no_in_their_usual_marks(string text, bool? expected)
    {
        var parsed = CellValues.YesNo(text);
        if (expected is null)
        {
            parsed.IsError.ShouldBeTrue();
            parsed.Error.ShouldNotBeNull().ShouldContain("应填写“是”或“否”");
        }
        else
        {
            parsed.Value.ShouldBe(expected.Value);
        }
    }

    [Theory]
    [InlineData("12,345.67", "12345.67")]
    [InlineData("１２，３４５．６７", "12345.67")]
    [InlineData(" 1 200 ", "1200")]
    [InlineData("-35.5", "-35.5")]
    [InlineData("3.2亿元", "32000")]
    [InlineData("800万元", "800")]
    public void Numbers_with_separators_full_width_digits_and_units(string text, string expected)
    {
        var parsed = CellValues.Number(text, UnitConversion.Wan);

        parsed.IsError.ShouldBeFalse(parsed.Error);
        parsed.Value.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Units_convert_to_stored_units_exactly()
    {
        CellValues.Number(1.5, UnitConversion.Yi).Value.ShouldBe(15_000m);
        CellValues.Number(12_345_678d, UnitConversion.Yuan).Value.ShouldBe(1_234.5678m);
        CellValues.Number(150d, UnitConversion.Mu).Value.ShouldBe(100_000m);
        CellValues.Number(2d, UnitConversion.Hectare).Value.ShouldBe(20_000m);
        CellValues.Number(6.2, UnitConversion.SquareKm).Value.ShouldBe(6_200_000m);
        CellValues.Number(0.1, UnitConversion.Wan).Value.ShouldBe(0.1m, "a double is read by its shortest round-trip text, not its binary expansion");
    }

    [Theory]
    [InlineData("约三千万")]
    [InlineData("12..5")]
    public void Text_that_is_not_a_number_is_an_error(string text)
    {
        CellValues.Number(text, UnitConversion.Wan).Error.ShouldNotBeNull().ShouldContain("不是有效的数字");
    }

    [Fact]
    public void Text_is_trimmed_and_half_width_but_keeps_chinese_punctuation()
    {
        CellValues.Text("  长春\u3000 新区（二期）ＡＢＣ１  ").ShouldBe("长春 新区（二期）ABC1");
        CellValues.Text("'=SUM(A1)").ShouldBe("=SUM(A1)");
        CellValues.Text("'普通引号").ShouldBe("'普通引号");
        CellValues.Text("   ").ShouldBeNull();
    }

    [Fact]
    public void Long_text_keeps_its_lines()
    {
        CellValues.LongText("\r\n 一、厂房3万平方米 \r\n\r\n二、生产线2条\n").ShouldBe("一、厂房3万平方米\n\n二、生产线2条");
    }

    [Theory]
    [InlineData("6", 6)]
    [InlineData("6月", 6)]
    [InlineData("十一月", 11)]
    [InlineData("三月份", 3)]
    public void Months(string text, int month) => CellValues.Month(text).Value.ShouldBe(month);
}
