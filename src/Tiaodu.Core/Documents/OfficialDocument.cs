namespace Tiaodu.Core.Documents;

/// <summary>A block of an official document's body.</summary>
public abstract record DocumentBlock;

/// <summary>A body paragraph, first line indented two characters.</summary>
public sealed record Paragraph(string Text) : DocumentBlock;

/// <summary>A heading inside the body: level 1 (一、) in 黑体, level 2 (（一）) in 楷体.</summary>
public sealed record Heading(string Text, int Level = 1) : DocumentBlock;

/// <summary>A "label：value" line with the label in bold (问题描述：…).</summary>
public sealed record LabelLine(string Label, string Value) : DocumentBlock;

/// <summary>A bordered table whose header row repeats on every page; widths are relative.</summary>
public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<int>? Widths = null) : DocumentBlock;

/// <summary>
/// A PNG picture (a chart), centred, <see cref="WidthCm"/> wide at most the 156 mm type area; the height keeps
/// the picture's proportions. <see cref="Caption"/>, when set, is printed centred under it.
/// </summary>
public sealed record ImageBlock(byte[] Png, double WidthCm, string? Caption = null) : DocumentBlock;

/// <summary>
/// An official document (公文) in the layout of GB/T 9704: the issuer's red mark and, when there is a
/// document number, the number over a red line; the title; the addressee; the body; the signature and the
/// date right-aligned; the copy line at the foot.
/// </summary>
public sealed record OfficialDocument(string Issuer, string Title, IReadOnlyList<DocumentBlock> Body, string Signature, DateOnly Date)
{
    /// <summary>发文字号, e.g. 督办〔2026〕3号.</summary>
    public string? Number { get; init; }

    /// <summary>A line under the title, e.g. （第3期）.</summary>
    public string? Subtitle { get; init; }

    /// <summary>主送机关, written with its closing "：".</summary>
    public string? Addressee { get; init; }

    /// <summary>抄送 line at the foot.</summary>
    public string? CopyTo { get; init; }

    public static string ChineseDate(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
}
