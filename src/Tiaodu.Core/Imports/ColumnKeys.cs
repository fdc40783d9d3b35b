using Tiaodu.Core.Excel;

namespace Tiaodu.Core.Imports;

/// <summary>How a column mapping is written in options, saved mappings and forms: the field name, "Tag:标签名", or "Ignore".</summary>
public static class ColumnKeys
{
    public const string Ignore = "Ignore";
    private const string TagPrefix = "Tag:";

    public static string Key(ColumnTarget? target) => target switch
    {
        null => Ignore,
        { Field: ImportField.Tag, TagName: { } tag } => TagPrefix + tag,
        _ => target.Field.ToString(),
    };

    /// <summary>The target of a key; null for "Ignore"; false when the key means nothing.</summary>
    public static bool TryParse(string? key, out ColumnTarget? target)
    {
        target = null;
        if (string.IsNullOrWhiteSpace(key) || key == Ignore)
        {
            return true;
        }

        if (key.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            var tag = key[TagPrefix.Length..].Trim();
            target = tag.Length == 0 ? null : new ColumnTarget(ImportField.Tag, tag);
            return target is not null;
        }

        if (Enum.TryParse<ImportField>(key, ignoreCase: false, out var field) && Enum.IsDefined(field) && field != ImportField.Tag)
        {
            target = new ColumnTarget(field);
            return true;
        }

        return false;
    }

    public static string Label(ColumnTarget? target) => target switch
    {
        null => "（不导入）",
        { Field: ImportField.Tag, TagName: { } tag } => "标签：" + tag,
        _ => ImportFields.Label(target.Field),
    };
}
