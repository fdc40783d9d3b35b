using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Tiaodu.Core.Excel;
using TableColumn = Tiaodu.Core.Excel.TableColumn;

namespace Tiaodu.Tests.Excel;

/// <summary>The exported workbook: valid Open XML, no formulas, Chinese fonts, neutralised text, numbers kept as numbers; LibreOffice opens it.</summary>
public sealed class LedgerWorkbookWriterTests
{
    private static LedgerTable Table() => new(
        "德惠市2026年重点项目台账", "单位：万元", "截至2026年10月31日",
        [
            new TableColumn("序号", CellKind.WholeNumber),
            new TableColumn("项目名称", CellKind.Text, Width: 30),
            new TableColumn("总投资", CellKind.Money, Sum: true),
            new TableColumn("1-10月完成投资", CellKind.Money, "投资完成情况", Sum: true),
            new TableColumn("开工累计完成投资", CellKind.Money, "投资完成情况", Sum: true),
            new TableColumn("计划开工", CellKind.Date),
            new TableColumn("春季开复工项目", CellKind.YesNo),
        ],
        [
            new TableSection("新建", [["", "=HYPERLINK(\"http://x\")", 100.5m, -20m, 30m, new DateOnly(2026, 3, 1), true]]),
            new TableSection("续建", [["", "+续建项目", 200m, 10m, 40m, null, false], ["", "@普通项目", 300m, null, null, null, null]]),
        ],
        Notes: ["注：本表由调度平台导出"]);

    private static byte[] Xlsx()
    {
        using var stream = new MemoryStream();
        LedgerWorkbookWriter.WriteXlsx(Table(), stream);
        return stream.ToArray();
    }

    [Fact]
    public void The_package_is_valid_open_xml_without_formulas_and_declares_a_chinese_font()
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(Xlsx()), false);

        var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty();
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        sheet.Descendants<CellFormula>().ShouldBeEmpty();
        sheet.Descendants<Pane>().Single().State!.Value.ShouldBe(PaneStateValues.Frozen);
        sheet.Descendants<MergeCell>().Select(m => m.Reference!.Value).ShouldContain("D3:E3");
        doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.Descendants<FontName>().Select(f => f.Val!.Value).ShouldContain("宋体");
        doc.WorkbookPart.Workbook.Descendants<DefinedName>().ShouldContain(d => d.Name!.Value == "_xlnm.Print_Titles");
    }

    [Fact]
    public void Sections_numbering_totals_and_neutralised_text_read_back()
    {
        using var file = WorkbookFile.Open(new MemoryStream(Xlsx()), "x.xlsx");
        var rows = file.Rows(0).ToList();
        var texts = rows.SelectMany(r => r.Cells.OfType<string>()).ToList();

        texts.ShouldContain("一、新建项目（1个）");
        texts.ShouldContain("二、续建项目（2个）");
        texts.ShouldContain("'=HYPERLINK(\"http://x\")");
        texts.ShouldContain("'+续建项目");
        texts.ShouldContain("'@普通项目");
        texts.ShouldContain("注：本表由调度平台导出");
        var first = rows.Single(r => r.Cells.Contains("'=HYPERLINK(\"http://x\")"));
        first.Cells[0].ShouldBe(1d);
        first.Cells[3].ShouldBe(-20d, "a negative number stays a number");
        rows.Single(r => r.Cells.Contains("'@普通项目")).Cells[0].ShouldBe(3d, "numbered straight through the sections");
        var total = rows.Single(r => r.Cells.Contains("合计"));
        total.Cells[2].ShouldBe(600.5);
        total.Cells[3].ShouldBe(-10d);
    }

    [Fact]
    public void A_header_named_by_a_user_is_neutralised_in_the_csv_and_a_table_without_summaries_has_no_section_or_total_rows()
    {
        var table = new LedgerTable("考评排名", "单位：分", null,
            [new TableColumn("名次", CellKind.WholeNumber), new TableColumn("=HYPERLINK(\"http://x\",\"点此\")", CellKind.Number, "进度")],
            [new TableSection("参评地区", [[1, 20m], [2, 10m]])], Summaries: false);
        using (var stream = new MemoryStream())
        {
            LedgerCsvWriter.WriteCsv(table, stream);
            var header = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n")[0].TrimStart('\uFEFF');
            header.ShouldBe("名次,\"'=HYPERLINK(\"\"http://x\"\",\"\"点此\"\")\"");
        }

        using var xlsx = new MemoryStream();
        LedgerWorkbookWriter.WriteXlsx(table, xlsx);
        using var file = WorkbookFile.Open(new MemoryStream(xlsx.ToArray()), "x.xlsx");
        var texts = file.Rows(0).SelectMany(r => r.Cells.OfType<string>()).ToList();
        texts.ShouldNotContain("合计");
        texts.ShouldNotContain(t => t.Contains("参评地区", StringComparison.Ordinal));
        file.Rows(0).Count(r => r.Cells[0] is double).ShouldBe(2);
    }

    [Fact]
    public void The_csv_has_a_bom_one_header_row_and_neutralised_text()
    {
        using var stream = new MemoryStream();
        LedgerCsvWriter.WriteCsv(Table(), stream);
        var bytes = stream.ToArray();

        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("序号,项目名称,总投资（万元）");
        lines.Length.ShouldBe(4);
        lines[1].ShouldContain("\"'=HYPERLINK(\"\"http://x\"\")\"");
        lines[1].ShouldContain(",-20,");
    }

    /// <summary>LibreOffice converts the workbook headless — it would not if it needed to repair it. Runs where LibreOffice is installed (the test script installs it).</summary>
    [LibreOfficeFact]
    public async Task LibreOffice_opens_the_workbook_and_reads_the_chinese_text()
    {
        var soffice = LibreOfficeFactAttribute.Program!;

        var dir = Directory.CreateTempSubdirectory("tiaodu-lo-");
        try
        {
            var input = Path.Combine(dir.FullName, "ledger.xlsx");
            await File.WriteAllBytesAsync(input, Xlsx());
            var start = new ProcessStartInfo(soffice, ["--headless", "--norestore", $"-env:UserInstallation=file://{dir.FullName}/profile",
                "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir.FullName, input])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var csv = Path.Combine(dir.FullName, "ledger.csv");
            File.Exists(csv).ShouldBeTrue(await process.StandardError.ReadToEndAsync());
            var text = await File.ReadAllTextAsync(csv, Encoding.UTF8);
            text.ShouldContain("德惠市2026年重点项目台账");
            text.ShouldContain("一、新建项目（1个）");
            text.ShouldContain("合计");
            text.ShouldContain("600.5");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

/// <summary>A test that needs LibreOffice: skipped, saying so, where it is not installed.</summary>
public sealed class LibreOfficeFactAttribute : FactAttribute
{
    public static readonly string? Program =
        new[] { "/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);

    public LibreOfficeFactAttribute()
    {
        if (Program is null)
        {
            Skip = "LibreOffice is not installed";
        }
    }
}
