using System.Text;
using Tiaodu.Core.Excel;

namespace Tiaodu.Tests.Excel;

/// <summary>Opening files: format by content, CSV encodings, blank rows, merges, formulas, and hostile files refused with a message.</summary>
public sealed class WorkbookFileTests
{
    static WorkbookFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static LedgerFileBuilder Sample()
    {
        var b = new LedgerFileBuilder();
        var s = b.Sheet("台账");
        s.Row("重点项目表").Merge(0, 3);
        s.Row("项目名称", "总投资", "开工时间", "合计公式");
        s.Row(null, null, null, null);
        s.Row("长春某项目", 1234.5, new DateTime(2026, 3, 15), new Formula("=B4*2", 2469));
        b.Sheet("说明").Row("第二张表");
        return b;
    }

    private static WorkbookFile Open(byte[] bytes, string name) => WorkbookFile.Open(new MemoryStream(bytes), name);

    [Fact]
    public void An_xlsx_reads_rows_with_blank_rows_kept_merges_and_cached_formula_values()
    {
        using var file = Open(Sample().ToXlsx(), "台账.xlsx");

        file.Format.ShouldBe(WorkbookFormat.Xlsx);
        file.SheetNames.ShouldBe(["台账", "说明"]);
        var rows = file.Rows(0).ToList();
        rows.Select(r => r.Number).ShouldBe([1, 2, 3, 4]);
        rows[3].Cells[0].ShouldBe("长春某项目");
        rows[3].Cells[1].ShouldBe(1234.5);
        rows[3].Cells[2].ShouldBeOfType<DateTime>().ShouldBe(new DateTime(2026, 3, 15));
        rows[3].Cells[3].ShouldBe(2469d, "the value Excel saved, never an evaluation");
        file.Merges(0).ShouldContain(new MergedRange(1, 1, 0, 3));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("xls")]
    [InlineData("csv")]
    public void Passes_left_early_started_inside_another_or_repeated_each_see_every_row_of_their_sheet(string format)
    {
        var b = new LedgerFileBuilder();
        var first = b.Sheet("一");
        for (var i = 0; i < 50; i++)
        {
            first.Row($"项目{i}", i * 1.5, i % 3 == 0 ? null : $"第{i}行");
        }

        var second = b.Sheet("二");
        second.Row("另一张");
        second.Row(null, null);
        second.Row("第三行");
        var bytes = format switch { "xlsx" => b.ToXlsx(), "xls" => b.ToXls(), _ => b.ToCsv(new UTF8Encoding(false)) };
        using var file = Open(bytes, "多次读取." + format);
        static string Text(IEnumerable<SheetRow> rows) => string.Join("\n", rows.Select(r => r.Number + ":" + string.Join("|", r.Cells)));

        var whole = Text(file.Rows(0));
        whole.Split('\n').Length.ShouldBe(50);
        Text(file.Rows(0).Take(3)).ShouldBe(string.Join("\n", whole.Split('\n').Take(3)), "a pass left early");
        Text(file.Rows(0)).ShouldBe(whole, "the pass after one left early starts again at the first row");
        var inner = new List<string>();
        var outer = new List<SheetRow>();
        foreach (var row in file.Rows(0))
        {
            outer.Add(row);
            if (row.Number == 10)
            {
                inner.Add(Text(file.Rows(file.SheetNames.Count - 1)));
            }
        }

        Text(outer).ShouldBe(whole, "a pass with another started inside it");
        inner.Single().ShouldBe(format == "csv" ? whole : "1:另一张\n2:\n3:第三行");
        Text(file.Rows(0)).ShouldBe(whole, "and again once both are done");
    }

    [Fact]
    public void Merges_found_while_the_package_is_checked_equal_those_the_reader_finds_after_every_row()
    {
        var b = new LedgerFileBuilder();
        var first = b.Sheet("一");
        first.Row("标题").Merge(0, 5);
        first.Row("项目名称", "投资", null, "开工", null, "备注");
        first.Merge(2, 3, 0, 0).Merge(2, 2, 1, 2).Merge(2, 2, 3, 4);
        first.Row(null, "总投资", "完成", "计划", "实际", null);
        for (var i = 0; i < 3000; i++)
        {
            first.Row($"项目{i}", i * 1.5, i, "2026年3月", "2026.4", "文字里写着<mergeCells>也不算");
        }

        first.Merge(3001, 3003, 5, 5);
        b.Sheet("无合并").Row("一行");
        var third = b.Sheet("三");
        third.Row("甲").Merge(0, 1);
        third.Row("乙").Merge(0, 2);

        using var file = Open(b.ToXlsx(), "多表.xlsx");

        for (var sheet = 0; sheet < 3; sheet++)
        {
            file.Merges(sheet).OrderBy(m => (m.FirstRow, m.FirstColumn)).ShouldBe(file.MergesByReading(sheet).OrderBy(m => (m.FirstRow, m.FirstColumn)), $"sheet {sheet}");
        }

        file.Merges(0).Count.ShouldBe(5);
        file.Merges(1).ShouldBeEmpty();
    }

    [Fact]
    public void The_merge_scanner_finds_prefixed_elements_across_any_buffer_boundary_and_ignores_escaped_text()
    {
        var xml = Encoding.UTF8.GetBytes("""
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
            <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>&lt;mergeCells count="1"&gt;&lt;mergeCell ref="Z9:Z10"/&gt;</x:t></x:is></x:c></x:row>
            </x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A1:C1"/><x:mergeCell ref="AB12:AC20"/></x:mergeCells>
            <x:pageMargins left="0.7"/></x:worksheet>
            """);
        foreach (var size in new[] { 1, 2, 3, 7, 13, 64, 65, 100_000 })
        {
            var scanner = new MergeScanner();
            for (var at = 0; at < xml.Length; at += size)
            {
                scanner.Feed(xml.AsSpan(at, Math.Min(size, xml.Length - at)));
            }

            scanner.Result().ShouldBe([new MergedRange(1, 1, 0, 2), new MergedRange(12, 20, 27, 28)], $"buffers of {size}");
        }
    }

    [Fact]
    public void An_xls_from_excel_97_reads_the_same()
    {
        using var file = Open(Sample().ToXls(), "台账.xls");

        file.Format.ShouldBe(WorkbookFormat.Xls);
        var rows = file.Rows(0).ToList();
        rows[3].Cells[0].ShouldBe("长春某项目");
        rows[3].Cells[1].ShouldBe(1234.5);
        file.Merges(0).ShouldContain(new MergedRange(1, 1, 0, 3));
    }

    [Theory]
    [InlineData("utf-8", true)]
    [InlineData("utf-8", false)]
    [InlineData("gb18030", false)]
    public void Csv_in_the_encodings_offices_save(string encoding, bool bom)
    {
        var bytes = Sample().ToCsv(Encoding.GetEncoding(encoding), bom);

        using var file = Open(bytes, "台账.csv");

        file.Format.ShouldBe(WorkbookFormat.Csv);
        file.Rows(0).Select(r => r.Cells.FirstOrDefault()).ShouldContain("长春某项目");
    }

    [Fact]
    public void The_format_comes_from_the_content_not_the_name()
    {
        using var file = Open(Sample().ToXlsx(), "实际是xlsx.csv");

        file.Format.ShouldBe(WorkbookFormat.Xlsx);
    }

    [Fact]
    public void Hostile_and_broken_files_are_refused_with_a_clear_message()
    {
        Should.Throw<ExcelFileException>(() => Open(LedgerFileBuilder.Garbage(4096), "a.xlsx")).Message.ShouldContain("文件格式无法识别");
        Should.Throw<ExcelFileException>(() => Open(LedgerFileBuilder.EncryptedXlsx(), "a.xlsx")).Message.ShouldContain("已加密");
        Should.Throw<ExcelFileException>(() => Open(LedgerFileBuilder.ZipBomb(), "a.xlsx")).Message.ShouldContain("拒绝导入");
        Should.Throw<ExcelFileException>(() => Open([], "a.xlsx")).Message.ShouldContain("文件是空的");
        var truncated = Sample().ToXlsx()[..200];
        Should.Throw<ExcelFileException>(() =>
        {
            using var file = Open(truncated, "a.xlsx");
            _ = file.Rows(0).ToList();
        });
    }

    [Fact]
    public void Limits_bound_rows_and_columns()
    {
        var limits = new ReadLimits { MaxRows = 3, MaxColumns = 3 };

        using (var file = WorkbookFile.Open(new MemoryStream(Sample().ToXlsx()), "a.xlsx", limits))
        {
            Should.Throw<ExcelFileException>(() => file.Rows(0).ToList()).Message.ShouldContain("超过");
        }
    }
}
