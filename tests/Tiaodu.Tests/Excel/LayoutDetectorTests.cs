using Tiaodu.Core.Excel;

namespace Tiaodu.Tests.Excel;

/// <summary>Headers and rows as offices lay them out: synonyms, units in headers, one or two header rows, section and total rows.</summary>
public sealed class LayoutDetectorTests
{
    private static readonly string[] Tags = ["春季开复工项目", "百大项目"];

    private static SheetRow Row(int number, params object?[] cells) => new(number, cells);

    [Theory]
    [InlineData("项目名称", ImportField.Name)]
    [InlineData("项目全称", ImportField.Name)]
    [InlineData("計劃總投資（億元）", ImportField.TotalInvestment)]
    [InlineData("总投资\n（万元）", ImportField.TotalInvestment)]
    [InlineData("项目类型", ImportField.Nature)]
    [InlineData("县（市）区", ImportField.Region)]
    [InlineData("所在地", ImportField.Region)]
    [InlineData("用地面积（亩）", ImportField.LandArea)]
    [InlineData("包保领导", ImportField.Leader)]
    [InlineData("存在问题", ImportField.Problem)]
    [InlineData("2026年计划投资", ImportField.AnnualPlan)]
    public void Header_synonyms_in_either_script(string header, ImportField field) =>
        HeaderCatalog.Match(header).ShouldNotBeNull().Field.ShouldBe(field);

    [Theory]
    [InlineData("1-6月完成投资", 6)]
    [InlineData("1—10月累计完成投资", 10)]
    [InlineData("截至9月底累计完成投资", 9)]
    [InlineData("2026年1至3月完成", 3)]
    public void Year_to_date_headers_carry_their_month(string header, int month)
    {
        var match = HeaderCatalog.Match(header).ShouldNotBeNull();
        match.Field.ShouldBe(ImportField.InvestmentYtd);
        match.YtdMonth.ShouldBe(month);
    }

    [Fact]
    public void Unknown_headers_and_tag_columns()
    {
        HeaderCatalog.Match("备用列").ShouldBeNull();
        HeaderCatalog.MatchTag("是否春季开复工项目", Tags).ShouldBe("春季开复工项目");
        HeaderCatalog.MatchTag("百大項目", Tags).ShouldBe("百大项目");
    }

    [Fact]
    public void Every_canonical_header_reads_back_as_its_field()
    {
        foreach (var field in ImportFields.All.Where(f => f is not ImportField.Tag))
        {
            HeaderCatalog.Match(ImportFields.CanonicalHeader(field)).ShouldNotBeNull(field.ToString()).Field.ShouldBe(field);
        }
    }

    [Fact]
    public void Two_header_rows_under_a_merged_group_with_title_and_unit_line()
    {
        IReadOnlyList<SheetRow> rows =
        [
            Row(1, "长春市2019年重点项目推进情况表"),
            Row(2, "单位：亿元", null, null, null, "截至2019年6月30日"),
            Row(3, "序号", "项目名称", "总投资", "投资完成情况", null, "用地面积（公顷）"),
            Row(4, null, null, null, "1-6月完成投资", "开工累计完成投资", null),
            Row(5, 1d, "某项目", 12.5, 3d, 4d, 2d),
        ];
        MergedRange[] merges = [new(1, 1, 0, 5), new(3, 4, 0, 0), new(3, 4, 1, 1), new(3, 4, 2, 2), new(3, 3, 3, 4), new(3, 4, 5, 5)];

        var layout = LayoutDetector.Detect(rows, merges, Tags).ShouldNotBeNull();

        layout.Title.ShouldBe("长春市2019年重点项目推进情况表");
        layout.HeaderFirstRow.ShouldBe(3);
        layout.HeaderLastRow.ShouldBe(4);
        layout.AsOf.ShouldBe(new DateOnly(2019, 6, 30));
        layout.Year.ShouldBe(2019);
        layout.MoneyUnit.ShouldBe(UnitConversion.Yi);
        var byField = layout.Columns.Where(c => c.Target is not null).ToDictionary(c => c.Target!.Field);
        byField[ImportField.TotalInvestment].Unit.ShouldBe(UnitConversion.Yi);
        byField[ImportField.InvestmentYtd].Header.ShouldBe("投资完成情况/1-6月完成投资");
        byField[ImportField.InvestmentYtd].YtdMonth.ShouldBe(6);
        byField[ImportField.InvestmentSinceStart].Index.ShouldBe(4);
        byField[ImportField.LandArea].Unit.ShouldBe(UnitConversion.Hectare);
    }

    [Fact]
    public void Two_header_rows_without_merges_are_found_by_the_empty_name_cell()
    {
        IReadOnlyList<SheetRow> rows =
        [
            Row(1, "项目名称", "总投资（万元）", "投资完成情况", null),
            Row(2, null, null, "1-3月完成投资", "开工累计完成投资"),
            Row(3, "某项目", 100d, 10d, 20d),
        ];

        var layout = LayoutDetector.Detect(rows, [], Tags).ShouldNotBeNull();

        layout.HeaderLastRow.ShouldBe(2);
        layout.Columns.Single(c => c.Index == 3).Target!.Field.ShouldBe(ImportField.InvestmentSinceStart);
        layout.MoneyUnit.ShouldBe(UnitConversion.Wan, "no unit line: 万元, the ledger's unit");
    }

    [Fact]
    public void One_header_row_with_data_right_below()
    {
        IReadOnlyList<SheetRow> rows = [Row(1, "项目名称", "所属区域", "总投资"), Row(2, "某项目", "朝阳区", 100d)];

        var layout = LayoutDetector.Detect(rows, [], Tags).ShouldNotBeNull();

        layout.HeaderLastRow.ShouldBe(1);
        layout.AsOf.ShouldBeNull();
    }

    [Fact]
    public void A_sheet_without_a_name_column_has_no_layout() =>
        LayoutDetector.Detect([Row(1, "序号", "总投资"), Row(2, 1d, 100d)], [], Tags).ShouldBeNull();

    [Fact]
    public void Section_total_note_and_repeated_header_rows()
    {
        var layout = LayoutDetector.Detect([Row(1, "序号", "项目名称", "总投资")], [], Tags).ShouldNotBeNull();

        var section = RowClassifier.Classify(Row(2, "一、续建项目（96个）", null, 3600d), layout);
        section.Kind.ShouldBe(RowKind.Section);
        section.Section.ShouldBe("续建");
        section.DeclaredCount.ShouldBe(96);
        RowClassifier.Classify(Row(3, "（二）新建項目", null, null), layout).Section.ShouldBe("新建");
        RowClassifier.Classify(Row(4, null, "合  计", 5000d), layout).Kind.ShouldBe(RowKind.Total);
        RowClassifier.Classify(Row(5, "小计", null, 100d), layout).Kind.ShouldBe(RowKind.Total);
        RowClassifier.Classify(Row(6, "注：投资单位为万元", null, null), layout).Kind.ShouldBe(RowKind.Note);
        RowClassifier.Classify(Row(7, "序号", "项目名称", "总投资"), layout).Kind.ShouldBe(RowKind.RepeatedHeader);
        RowClassifier.Classify(Row(8, null, null, null), layout).Kind.ShouldBe(RowKind.Blank);
        RowClassifier.Classify(Row(9, 1d, "一汽新能源项目", 100d), layout).Kind.ShouldBe(RowKind.Data);
    }
}
