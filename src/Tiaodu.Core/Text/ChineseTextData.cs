using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Tiaodu.Core.Text;

/// <summary>
/// The conversion and pinyin tables behind <see cref="ChineseText"/>, read once from the
/// embedded resources <c>Tiaodu.Text.*</c> on first use.
/// </summary>
internal sealed class ChineseTextData
{
    private static readonly Lazy<ChineseTextData> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private ChineseTextData(
        FrozenDictionary<int, int> toSimplified,
        FrozenDictionary<int, int> toTraditional,
        FrozenDictionary<int, string[]> readings,
        FrozenDictionary<string, string[]> phrases,
        int longestPhrase)
    {
        ToSimplified = toSimplified;
        ToTraditional = toTraditional;
        Readings = readings;
        Phrases = phrases;
        PhraseLookup = phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        LongestPhrase = longestPhrase;
    }

    public static ChineseTextData Instance => Shared.Value;

    /// <summary>Traditional or variant code point → simplified code point.</summary>
    public FrozenDictionary<int, int> ToSimplified { get; }

    /// <summary>Simplified code point → traditional code point (first candidate).</summary>
    public FrozenDictionary<int, int> ToTraditional { get; }

    /// <summary>Code point → toneless readings, most common first.</summary>
    public FrozenDictionary<int, string[]> Readings { get; }

    /// <summary>Simplified phrase → toneless syllables, one per character.</summary>
    public FrozenDictionary<string, string[]> Phrases { get; }

    public FrozenDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> PhraseLookup { get; }

    /// <summary>Length in UTF-16 units of the longest phrase.</summary>
    public int LongestPhrase { get; }

    private static ChineseTextData Load()
    {
        var toSimplified = new Dictionary<int, int>();
        foreach (var (from, to) in ReadPairs("ts-chars.txt"))
        {
            toSimplified[SingleCodePoint(from)] = SingleCodePoint(to);
        }

        var toTraditional = new Dictionary<int, int>();
        foreach (var (from, to) in ReadPairs("s2t-chars.txt"))
        {
            toTraditional[SingleCodePoint(from)] = SingleCodePoint(to);
        }

        var readings = new Dictionary<int, string[]>();
        foreach (var (character, list) in ReadPairs("pinyin.txt"))
        {
            readings[SingleCodePoint(character)] = list.Split(',', StringSplitOptions.RemoveEmptyEntries);
        }

        var phrases = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var longest = 0;
        foreach (var (phrase, syllables) in ReadPairs("pinyin-phrases.txt"))
        {
            phrases[phrase] = syllables.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            longest = Math.Max(longest, phrase.Length);
        }

        return new ChineseTextData(
            toSimplified.ToFrozenDictionary(),
            toTraditional.ToFrozenDictionary(),
            readings.ToFrozenDictionary(),
            phrases.ToFrozenDictionary(StringComparer.Ordinal),
            longest);
    }

    private static List<(string Key, string Value)> ReadPairs(string file)
    {
        var name = "Tiaodu.Text." + file;
        using var stream = typeof(ChineseTextData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("Missing embedded resource " + name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var pairs = new List<(string Key, string Value)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{name}: bad line '{line}'"));
            }

            pairs.Add((line[..tab], line[(tab + 1)..]));
        }

        return pairs;
    }

    private static int SingleCodePoint(string s)
    {
        if (!Rune.TryGetRuneAt(s, 0, out var rune) || rune.Utf16SequenceLength != s.Length)
        {
            throw new InvalidDataException("Expected a single character, got '" + s + "'");
        }

        return rune.Value;
    }
}
