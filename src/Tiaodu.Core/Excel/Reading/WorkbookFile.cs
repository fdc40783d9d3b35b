using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace Tiaodu.Core.Excel;

/// <summary>
/// An uploaded workbook, opened safely: the format is taken from the content's signature (not the file
/// name), .xlsx packages are checked by <see cref="ZipGuard"/> first, encrypted files are refused, CSV text
/// is decoded as UTF-8 or GB18030, and every failure of the underlying reader becomes an
/// <see cref="ExcelFileException"/> with a Chinese message. Rows are streamed; formulas give their cached
/// values and are never evaluated.
/// </summary>
public sealed class WorkbookFile : IDisposable
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    static WorkbookFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly byte[] _bytes;
    private readonly ReadLimits _limits;
    private readonly Dictionary<int, IReadOnlyList<MergedRange>> _merges = [];

    /// <summary>Merged ranges by .xlsx part, found while the package was checked; null for other formats.</summary>
    private readonly Dictionary<string, List<MergedRange>?>? _partMerges;

    private WorkbookFile(byte[] bytes, WorkbookFormat format, Encoding? csvEncoding, ReadLimits limits, Dictionary<string, List<MergedRange>?>? partMerges = null)
    {
        (_bytes, Format, CsvEncoding, _limits, _partMerges) = (bytes, format, csvEncoding, limits, partMerges);
        SheetNames = ReadSheetNames();
    }

    public WorkbookFormat Format { get; }

    public Encoding? CsvEncoding { get; }

    public IReadOnlyList<string> SheetNames { get; }

    public static WorkbookFile Open(Stream content, string fileName, ReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        limits ??= ReadLimits.Default;
        var bytes = ReadAll(content, limits.MaxFileBytes);
        if (bytes.Length == 0)
        {
            throw new ExcelFileException("文件是空的");
        }

        if (bytes.AsSpan().StartsWith(ZipSignature))
        {
            var merges = ZipGuard.Check(bytes, limits);
            return new WorkbookFile(bytes, WorkbookFormat.Xlsx, null, limits, merges);
        }

        if (bytes.AsSpan().StartsWith(OleSignature))
        {
            // An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream (names are UTF-16 in the directory).
            if (bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0)
            {
                throw new ExcelFileException("文件已加密（设置了打开密码），请在 Excel 中取消密码保护后再导入");
            }

            return new WorkbookFile(bytes, WorkbookFormat.Xls, null, limits);
        }

        return new WorkbookFile(bytes, WorkbookFormat.Csv, TextEncoding(bytes, fileName), limits);
    }

    private static byte[] ReadAll(Stream content, long max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ExcelFileException($"文件超过{max / 1024 / 1024}MB，请拆分后再导入");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>BOM first; else UTF-8 when the bytes are valid UTF-8; else GB18030 (Excel and WPS on Chinese Windows). Binary content is refused.</summary>
    private static Encoding TextEncoding(byte[] bytes, string fileName)
    {
        if (bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(false);
        }

        if (bytes.AsSpan().StartsWith((byte[])[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (bytes.AsSpan().StartsWith((byte[])[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 64 * 1024));
        if (head.Contains((byte)0) || head.StartsWith("%PDF"u8) || head.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47]) || head.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            var ext = Path.GetExtension(fileName);
            throw new ExcelFileException($"文件格式无法识别{(ext.Length > 0 ? "（扩展名为" + ext + "，内容却不是表格）" : "")}：请上传 .xlsx、.xls 或 .csv 文件");
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030");
        }
    }

    private IExcelDataReader CreateReader()
    {
        var stream = new MemoryStream(_bytes, writable: false);
        try
        {
            return Format switch
            {
                WorkbookFormat.Xlsx => ExcelReaderFactory.CreateOpenXmlReader(stream),
                WorkbookFormat.Xls => ExcelReaderFactory.CreateReader(stream),
                _ => ExcelReaderFactory.CreateCsvReader(stream, new ExcelReaderConfiguration
                {
                    FallbackEncoding = CsvEncoding,
                    AutodetectSeparators = [',', '\t', ';', '|'],
                    AnalyzeInitialCsvRows = 0,
                }),
            };
        }
        catch (Exception e) when (IsReaderFailure(e))
        {
            stream.Dispose();
            throw Refusal(e);
        }
    }

    private List<string> ReadSheetNames()
    {
        var reader = CreateReader();
        var names = new List<string>();
        try
        {
            do
            {
                names.Add(string.IsNullOrWhiteSpace(reader.Name) ? $"Sheet{names.Count + 1}" : reader.Name);
            }
            while (reader.NextResult() && names.Count < 255);
        }
        catch (Exception e) when (IsReaderFailure(e))
        {
            reader.Dispose();
            throw Refusal(e);
        }

        _idle = reader;
        return names;
    }

    /// <summary>
    /// The reader kept between passes. Opening a reader costs a full read of each sheet it comes to (the reader
    /// looks for a sheet's size and merges before giving its first row) and it keeps what it found, so a
    /// later pass over the same sheet starts from that instead of reading the sheet twice again. Null while a
    /// pass has it; a pass that starts meanwhile opens its own. A workbook is read by one thread at a time.
    /// </summary>
    private IExcelDataReader? _idle;

    private bool _disposed;

    private IExcelDataReader TakeReader()
    {
        if (_idle is { } kept)
        {
            _idle = null;
            try
            {
                kept.Reset();
                return kept;
            }
            catch (Exception e) when (IsReaderFailure(e))
            {
                kept.Dispose();
            }
        }

        return CreateReader();
    }

    private void GiveBack(IExcelDataReader reader, bool keep)
    {
        if (keep && _idle is null && !_disposed)
        {
            _idle = reader;
        }
        else
        {
            reader.Dispose();
        }
    }

    /// <summary>Streams the rows of a sheet in order; blank rows come as rows of nulls so row numbers stay right.</summary>
    public IEnumerable<SheetRow> Rows(int sheet)
    {
        if (sheet < 0 || sheet >= SheetNames.Count)
        {
            throw new ExcelFileException($"工作表序号 {sheet + 1} 不存在");
        }

        var reader = TakeReader();

        // False while the reader is working: a failure inside it leaves it in an unknown state, so it is not kept.
        var clean = false;
        try
        {
            Step(() => Skip(reader, sheet));
            var number = 0;
            while (true)
            {
                clean = false;
                if (!Step(reader.Read))
                {
                    break;
                }

                number++;
                if (number > _limits.MaxRows)
                {
                    throw new ExcelFileException($"工作表行数超过{_limits.MaxRows:N0}行，请拆分后再导入");
                }

                var count = reader.FieldCount;
                if (count > _limits.MaxColumns)
                {
                    count = LastUsedColumn(reader, count) + 1;
                    if (count > _limits.MaxColumns)
                    {
                        throw new ExcelFileException($"工作表列数超过{_limits.MaxColumns}列，请检查文件");
                    }
                }

                var cells = new object?[count];
                var last = -1;
                for (var i = 0; i < count; i++)
                {
                    var value = Step(() => reader.GetValue(i));
                    cells[i] = value is DBNull ? null : value;
                    if (cells[i] is not null)
                    {
                        last = i;
                    }
                }

                clean = true;
                yield return new SheetRow(number, last + 1 == count ? cells : cells[..(last + 1)]);
            }

            if (!_merges.ContainsKey(sheet))
            {
                _merges[sheet] = MergesOf(reader);
            }

            clean = true;
        }
        finally
        {
            // A pass left early between rows (Take) gives the reader back too: the next pass resets it.
            GiveBack(reader, clean);
        }
    }

    /// <summary>Merged ranges of a sheet; read with the sheet (so this may read it once).</summary>
    public IReadOnlyList<MergedRange> Merges(int sheet)
    {
        if (Format == WorkbookFormat.Csv)
        {
            return [];
        }

        if (!_merges.TryGetValue(sheet, out var merges) && SheetPartMerges(sheet) is { } scanned)
        {
            _merges[sheet] = merges = scanned;
        }

        if (merges is null)
        {
            foreach (var _ in Rows(sheet))
            {
            }

            merges = _merges[sheet];
        }

        return merges;
    }

    /// <summary>
    /// The merges found in the sheet's part when the package was checked, so they cost no second read; null when
    /// the part cannot be told for sure (the workbook's sheet list differs from the reader's) or was not kept.
    /// </summary>
    private List<MergedRange>? SheetPartMerges(int sheet)
    {
        if (_partMerges is null || sheet < 0 || sheet >= SheetNames.Count)
        {
            return null;
        }

        _sheetParts ??= XlsxSheetParts.Read(_bytes) ?? [];
        if (_sheetParts.Count != SheetNames.Count || !_sheetParts.Select(p => p.Name).SequenceEqual(SheetNames, StringComparer.Ordinal))
        {
            return null;
        }

        return _partMerges.TryGetValue(_sheetParts[sheet].Part, out var found) ? found : null;
    }

    private List<(string Name, string Part)>? _sheetParts;

    /// <summary>Reads the whole sheet through the reader for its merges, as for .xls (for tests comparing the two ways).</summary>
    internal IReadOnlyList<MergedRange> MergesByReading(int sheet)
    {
        using var reader = CreateReader();
        Skip(reader, sheet);
        while (reader.Read())
        {
        }

        return MergesOf(reader);
    }

    private static List<MergedRange> MergesOf(IExcelDataReader reader) =>
        reader.MergeCells is { } cells
            ? [.. cells.Select(c => new MergedRange(c.FromRow + 1, c.ToRow + 1, c.FromColumn, c.ToColumn))]
            : [];

    private static bool Skip(IExcelDataReader reader, int sheet)
    {
        for (var i = 0; i < sheet; i++)
        {
            reader.NextResult();
        }

        return true;
    }

    private static int LastUsedColumn(IExcelDataReader reader, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            if (reader.GetValue(i) is not (null or DBNull))
            {
                return i;
            }
        }

        return -1;
    }

    private static T Step<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsReaderFailure(e))
        {
            throw Refusal(e);
        }
    }

    private static bool IsReaderFailure(Exception e) =>
        e is ExcelReaderException or InvalidDataException or System.Xml.XmlException or EndOfStreamException or NotSupportedException
            or FormatException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or InvalidCastException
            or OverflowException or DecoderFallbackException or IOException or NullReferenceException;

    private static ExcelFileException Refusal(Exception e) => e switch
    {
        ExcelFileException own => own,
        InvalidPasswordException => new ExcelFileException("文件已加密（设置了打开密码），请在 Excel 中取消密码保护后再导入", e),
        HeaderException or CompoundDocumentException => new ExcelFileException("文件格式无法识别或已损坏：请上传 .xlsx、.xls 或 .csv 文件", e),
        _ => new ExcelFileException("文件已损坏或格式不受支持，无法读取", e),
    };

    public void Dispose()
    {
        // The bytes are managed memory; a pass's own reader is disposed as it ends, the kept one here.
        _disposed = true;
        _idle?.Dispose();
        _idle = null;
    }
}
