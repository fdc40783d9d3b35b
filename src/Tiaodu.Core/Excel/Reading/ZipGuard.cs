using System.IO.Compression;

namespace Tiaodu.Core.Excel;

/// <summary>
/// Looks inside an .xlsx before any reader does: a bounded number of parts, each decompressed into a
/// counting sink so a lying size header does not help, with caps on each part, on the total and on the
/// compression ratio (zip bombs, huge shared-string tables). The same pass finds each part's merged ranges
/// (<see cref="MergeScanner"/>), returned by part name; null for a part whose merges were not kept.
/// </summary>
internal static class ZipGuard
{
    public static Dictionary<string, List<MergedRange>?> Check(byte[] bytes, ReadLimits limits)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new ExcelFileException("文件已损坏：无法按 .xlsx 格式打开", e);
        }

        using (zip)
        {
            if (zip.Entries.Count > limits.MaxEntries)
            {
                throw new ExcelFileException($"文件内部包含的部件过多（超过{limits.MaxEntries}个），拒绝导入");
            }

            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!names.Contains("[Content_Types].xml") || !names.Contains("xl/workbook.xml"))
            {
                throw new ExcelFileException("文件不是 Excel 工作簿（.xlsx）：请上传 .xlsx、.xls 或 .csv 文件");
            }

            long total = 0;
            var buffer = new byte[81920];
            var merges = new Dictionary<string, List<MergedRange>?>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries)
            {
                long size = 0;
                var scanner = entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? new MergeScanner() : null;
                try
                {
                    using var stream = entry.Open();
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        scanner?.Feed(buffer.AsSpan(0, read));
                        size += read;
                        total += read;
                        if (size > limits.MaxPartBytes)
                        {
                            throw new ExcelFileException($"文件中的「{Short(entry.FullName)}」解压后超过{limits.MaxPartBytes / 1024 / 1024}MB，疑似恶意文件，拒绝导入");
                        }

                        if (total > limits.MaxUnpackedBytes)
                        {
                            throw new ExcelFileException($"文件解压后超过{limits.MaxUnpackedBytes / 1024 / 1024}MB，疑似恶意文件，拒绝导入");
                        }

                        if (size > 1024 * 1024 && size > entry.CompressedLength * limits.MaxCompressionRatio)
                        {
                            throw new ExcelFileException($"文件中的「{Short(entry.FullName)}」压缩比异常（超过{limits.MaxCompressionRatio:0}倍），疑似压缩炸弹，拒绝导入");
                        }
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new ExcelFileException("文件已损坏：内部数据无法解压", e);
                }

                if (scanner is not null)
                {
                    merges[entry.FullName] = scanner.Result();
                }
            }

            return merges;
        }
    }

    private static string Short(string name) => name.Length <= 40 ? name : "…" + name[^39..];
}
