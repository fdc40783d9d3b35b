using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Tiaodu.Core.Excel;

/// <summary>
/// Finds the merged ranges of a worksheet part while its bytes stream past (the zip check inflates every part
/// anyway). A worksheet keeps its &lt;mergeCells&gt; after all of its rows, so without this, learning the merges
/// means reading the whole sheet through the reader once more. Markup cannot hide in cell text ('&lt;' is
/// escaped there), so the first "&lt;mergeCells" (or "&lt;x:mergeCells") is the element; from there on the bytes
/// are kept, up to a bound, and the ranges are read from them at the end.
/// </summary>
internal sealed partial class MergeScanner
{
    private const int MaxKeptBytes = 16 * 1024 * 1024;
    private static readonly byte[] Name = "mergeCells"u8.ToArray();

    // Enough of the previous buffer to find the name, with a prefix before it, across a buffer boundary.
    private const int Overlap = 64;

    private readonly byte[] _carry = new byte[Overlap];
    private int _carryLength;
    private ArrayBufferWriter<byte>? _kept;
    private bool _overflow;

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        if (_kept is not null)
        {
            Keep(bytes);
            return;
        }

        // Search the end of the previous buffer joined to this one, then keep this one's tail for the next.
        Span<byte> joined = _carryLength == 0 ? [] : stackalloc byte[_carryLength + Math.Min(bytes.Length, Overlap)];
        if (_carryLength > 0)
        {
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            bytes[..Math.Min(bytes.Length, Overlap)].CopyTo(joined[_carryLength..]);
            if (FindStart(joined) is { } inJoined && inJoined < _carryLength)
            {
                _kept = new ArrayBufferWriter<byte>();
                Keep(joined[inJoined.._carryLength]);
                Keep(bytes);
                return;
            }
        }

        if (FindStart(bytes) is { } at)
        {
            _kept = new ArrayBufferWriter<byte>();
            Keep(bytes[at..]);
            return;
        }

        if (bytes.Length >= Overlap)
        {
            bytes[^Overlap..].CopyTo(_carry);
            _carryLength = Overlap;
        }
        else
        {
            // A short buffer: keep the last bytes of the previous carry and this buffer together.
            var keep = Math.Min(_carryLength, Overlap - bytes.Length);
            _carry.AsSpan(_carryLength - keep, keep).CopyTo(_carry);
            bytes.CopyTo(_carry.AsSpan(keep));
            _carryLength = keep + bytes.Length;
        }
    }

    /// <summary>The ranges found; null when the part holds more after its merges than is kept (the caller reads them the slow way).</summary>
    public List<MergedRange>? Result()
    {
        if (_overflow)
        {
            return null;
        }

        if (_kept is null)
        {
            return [];
        }

        var text = Encoding.UTF8.GetString(_kept.WrittenSpan);
        var end = text.IndexOf("mergeCells>", Name.Length + 1, StringComparison.Ordinal);
        var ranges = new List<MergedRange>();
        foreach (Match m in MergeCell().Matches(end < 0 ? text : text[..end]))
        {
            var parts = m.Groups[1].Value.Split(':');
            if (Cell(parts[0]) is { } from && Cell(parts[^1]) is { } to)
            {
                ranges.Add(new MergedRange(from.Row, to.Row, from.Column, to.Column));
            }
        }

        return ranges;
    }

    /// <summary>Where "&lt;mergeCells" or "&lt;prefix:mergeCells" begins (at the '&lt;'), or null.</summary>
    private static int? FindStart(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var i = bytes[offset..].IndexOf(Name);
            if (i < 0)
            {
                return null;
            }

            var at = offset + i;
            var after = at + Name.Length;
            var ends = after < bytes.Length && bytes[after] is (byte)' ' or (byte)'>' or (byte)'/' or (byte)'\t' or (byte)'\r' or (byte)'\n';
            if (ends && at > 0)
            {
                if (bytes[at - 1] == '<')
                {
                    return at - 1;
                }

                if (bytes[at - 1] == ':')
                {
                    var p = at - 2;
                    while (p >= 0 && (char.IsAsciiLetterOrDigit((char)bytes[p]) || bytes[p] is (byte)'_' or (byte)'-' or (byte)'.'))
                    {
                        p--;
                    }

                    if (p >= 0 && p < at - 2 && bytes[p] == '<')
                    {
                        return p;
                    }
                }
            }

            offset = at + 1;
        }

        return null;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_overflow)
        {
            return;
        }

        if (_kept!.WrittenCount + bytes.Length > MaxKeptBytes)
        {
            _overflow = true;
            _kept = new ArrayBufferWriter<byte>(1);
            return;
        }

        _kept.Write(bytes);
    }

    private static (int Row, int Column)? Cell(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetterUpper(reference[i]); i++)
        {
            column = column * 26 + reference[i] - 'A' + 1;
            if (column > 16_384)
            {
                return null;
            }
        }

        return i > 0 && int.TryParse(reference.AsSpan(i), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var row) && row > 0
            ? (row, column - 1)
            : null;
    }

    [GeneratedRegex("""<(?:[A-Za-z_][\w.\-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)["']""")]
    private static partial Regex MergeCell();
}
