using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Tiaodu.Core.Audit;

/// <summary>
/// SM3 (GB/T 32905-2016) digests, the hash the 密评 baseline expects. Written from the standard's
/// description for speed: every audited change hashes its record, and an import hashes hundreds of thousands.
/// Tests check it against the standard's examples and against BouncyCastle's SM3.
/// </summary>
public static class Sm3
{
    public const int HexLength = 64;
    private const int BlockBytes = 64;

    private static readonly uint[] RotatedT = BuildRotatedT();

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Span<uint> v = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
        Span<uint> w = stackalloc uint[68];
        var full = data.Length / BlockBytes * BlockBytes;
        for (var offset = 0; offset < full; offset += BlockBytes)
        {
            Compress(v, data.Slice(offset, BlockBytes), w);
        }

        // The tail, a 1 bit, zeros, and the length in bits as a 64-bit big-endian number: one or two blocks.
        Span<byte> last = stackalloc byte[BlockBytes * 2];
        last.Clear();
        var rest = data[full..];
        rest.CopyTo(last);
        last[rest.Length] = 0x80;
        var tailBlocks = rest.Length + 1 + 8 <= BlockBytes ? 1 : 2;
        BinaryPrimitives.WriteUInt64BigEndian(last.Slice(tailBlocks * BlockBytes - 8, 8), (ulong)data.Length * 8);
        for (var b = 0; b < tailBlocks; b++)
        {
            Compress(v, last.Slice(b * BlockBytes, BlockBytes), w);
        }

        var output = new byte[32];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(i * 4), v[i]);
        }

        return output;
    }

    /// <summary>The SM3 digest of the text's UTF-8 bytes, as 64 lower-case hex digits.</summary>
    public static string HexOf(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var rented = count <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(count);
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[count];
            Encoding.UTF8.GetBytes(text, bytes);
            return Convert.ToHexStringLower(Hash(bytes[..count]));
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Compress(Span<uint> v, ReadOnlySpan<byte> block, Span<uint> w)
    {
        w = w[..68];
        for (var j = 0; j < 16; j++)
        {
            w[j] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(j * 4, 4));
        }

        for (var j = 16; j < 68; j++)
        {
            w[j] = P1(w[j - 16] ^ w[j - 9] ^ BitOperations.RotateLeft(w[j - 3], 15)) ^ BitOperations.RotateLeft(w[j - 13], 7) ^ w[j - 6];
        }

        var t = RotatedT.AsSpan(0, 64);
        uint a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];

        // Rounds 0–15 and 16–63 differ only in their boolean functions: two loops, no choice inside either.
        for (var j = 0; j < 16; j++)
        {
            var a12 = BitOperations.RotateLeft(a, 12);
            var ss1 = BitOperations.RotateLeft(a12 + e + t[j], 7);
            var tt1 = (a ^ b ^ c) + d + (ss1 ^ a12) + (w[j] ^ w[j + 4]);
            var tt2 = (e ^ f ^ g) + h + ss1 + w[j];
            d = c;
            c = BitOperations.RotateLeft(b, 9);
            b = a;
            a = tt1;
            h = g;
            g = BitOperations.RotateLeft(f, 19);
            f = e;
            e = P0(tt2);
        }

        for (var j = 16; j < 64; j++)
        {
            var a12 = BitOperations.RotateLeft(a, 12);
            var ss1 = BitOperations.RotateLeft(a12 + e + t[j], 7);
            var tt1 = ((a & b) | (a & c) | (b & c)) + d + (ss1 ^ a12) + (w[j] ^ w[j + 4]);
            var tt2 = ((e & f) | (~e & g)) + h + ss1 + w[j];
            d = c;
            c = BitOperations.RotateLeft(b, 9);
            b = a;
            a = tt1;
            h = g;
            g = BitOperations.RotateLeft(f, 19);
            f = e;
            e = P0(tt2);
        }

        v[0] ^= a;
        v[1] ^= b;
        v[2] ^= c;
        v[3] ^= d;
        v[4] ^= e;
        v[5] ^= f;
        v[6] ^= g;
        v[7] ^= h;
    }

    private static uint P0(uint x) => x ^ BitOperations.RotateLeft(x, 9) ^ BitOperations.RotateLeft(x, 17);

    private static uint P1(uint x) => x ^ BitOperations.RotateLeft(x, 15) ^ BitOperations.RotateLeft(x, 23);

    /// <summary>T_j rotated left by j mod 32, as the compression uses it.</summary>
    private static uint[] BuildRotatedT()
    {
        var t = new uint[64];
        for (var j = 0; j < 64; j++)
        {
            t[j] = BitOperations.RotateLeft(j < 16 ? 0x79cc4519u : 0x7a879d8au, j % 32);
        }

        return t;
    }
}
