using System.Collections.Frozen;
using System.Text;

namespace Tiaodu.Core.Text;

/// <summary>
/// Simplified/traditional conversion, toneless pinyin and the normalisation used for
/// name matching and search. Tables are loaded from embedded resources on first use.
/// </summary>
public static class ChineseText
{
    /// <summary>Punctuation that <see cref="Normalize"/> drops, besides all whitespace.</summary>
    private const string DroppedPunctuation = "·・()（）【】[]「」\"'“”‘’,，、.。-—_/";

    /// <summary>Converts traditional and variant characters to simplified, one character at a time.</summary>
    public static string ToSimplified(string s) => MapRunes(s, ChineseTextData.Instance.ToSimplified);

    /// <summary>Converts simplified characters to traditional (Taiwan forms), first candidate only.</summary>
    public static string ToTraditional(string s) => MapRunes(s, ChineseTextData.Instance.ToTraditional);

    /// <summary>
    /// Lower-case toneless pinyin with no separators (长春净月 → changchunjingyue). Known
    /// phrases are matched longest first; other characters take their most common reading.
    /// Latin letters and digits are kept in lower case; everything else is dropped.
    /// </summary>
    public static string FullPinyin(string s) => Pinyin(s, initialsOnly: false);

    /// <summary>First letter of each pinyin syllable (长春净月 → ccjy); letters and digits kept.</summary>
    public static string PinyinInitials(string s) => Pinyin(s, initialsOnly: true);

    /// <summary>
    /// The form used for matching: NFKC (full-width → half-width), lower case, simplified,
    /// with whitespace and common punctuation removed.
    /// </summary>
    public static string Normalize(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = ToSimplified(s.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant());
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || (rune.IsBmp && DroppedPunctuation.Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                continue;
            }

            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }

    /// <summary>Normalises a user's search query the same way names are normalised.</summary>
    public static string NormalizeQuery(string q) => Normalize(q);

    /// <summary>
    /// The stored search key of a name: normalised text, full pinyin and initials joined by
    /// <c>|</c>, so that a <c>LIKE '%q%'</c> on a normalised query finds 净月, jingyue or jy.
    /// </summary>
    public static string SearchKey(string name) =>
        Normalize(name) + "|" + FullPinyin(name) + "|" + PinyinInitials(name);

    private static string MapRunes(string s, FrozenDictionary<int, int> map)
    {
        ArgumentNullException.ThrowIfNull(s);
        var sb = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            sb.Append(map.TryGetValue(rune.Value, out var mapped) ? new Rune(mapped) : rune);
        }

        return sb.ToString();
    }

    private static string Pinyin(string s, bool initialsOnly)
    {
        ArgumentNullException.ThrowIfNull(s);
        var data = ChineseTextData.Instance;
        var text = ToSimplified(s.Normalize(NormalizationForm.FormKC));
        var sb = new StringBuilder(text.Length * 3);
        var i = 0;
        while (i < text.Length)
        {
            if (TryMatchPhrase(data, text, i, out var syllables, out var length))
            {
                foreach (var syllable in syllables)
                {
                    AppendSyllable(sb, syllable, initialsOnly);
                }

                i += length;
                continue;
            }

            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                i += Math.Max(consumed, 1);
                continue;
            }

            if (data.Readings.TryGetValue(rune.Value, out var readings))
            {
                AppendSyllable(sb, readings[0], initialsOnly);
            }
            else if (!IsIdeograph(rune) && Rune.IsLetterOrDigit(rune))
            {
                sb.Append(Rune.ToLowerInvariant(rune).ToString());
            }

            i += consumed;
        }

        return sb.ToString();
    }

    private static bool TryMatchPhrase(ChineseTextData data, string text, int start, out string[] syllables, out int length)
    {
        for (length = Math.Min(data.LongestPhrase, text.Length - start); length >= 2; length--)
        {
            if (data.PhraseLookup.TryGetValue(text.AsSpan(start, length), out var found))
            {
                syllables = found;
                return true;
            }
        }

        syllables = [];
        length = 0;
        return false;
    }

    private static void AppendSyllable(StringBuilder sb, string syllable, bool initialsOnly)
    {
        if (initialsOnly)
        {
            sb.Append(syllable[0]);
        }
        else
        {
            sb.Append(syllable);
        }
    }

    private static bool IsIdeograph(Rune rune) => rune.Value switch
    {
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0x20000 and <= 0x3FFFF => true,
        _ => false,
    };
}
