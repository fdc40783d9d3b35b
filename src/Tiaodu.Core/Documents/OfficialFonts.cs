namespace Tiaodu.Core.Documents;

/// <summary>
/// The fonts GB/T 9704 names, as the writer declares them, and the Simplified Chinese faces of the same kind
/// (serif or sans, from fonts-noto-cjk) that stand in for them on a machine without them.
/// </summary>
internal static class OfficialFonts
{
    public const string Latin = "Times New Roman";

    /// <summary>Name and whether it is a serif face.</summary>
    private static readonly (string Name, bool Serif)[] Table =
    [
        ("仿宋_GB2312", true), ("方正小标宋简体", true), ("黑体", false), ("楷体_GB2312", true), ("宋体", true),
    ];

    public static IEnumerable<(string Font, string Substitute)> Substitutes() =>
        Table.Select(f => (f.Name, f.Serif ? "Noto Serif CJK SC" : "Noto Sans CJK SC")).Append((Latin, "Noto Serif CJK SC"));
}
