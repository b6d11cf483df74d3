using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Kaifang.Storage;

/// Big5 (code page 950) decoded from tables built once from the framework's own Big5 encoding, so that
/// every byte sequence, valid or not, becomes the same characters as the framework makes of it; runs of
/// ASCII, most of an agency's CSV, are widened eight bytes at a time. Encoding, and everything but the
/// decoder, is the framework's. docs/decisions/0017-big5-decoder.md says why.
internal sealed class Big5Text : Encoding
{
    private readonly Encoding _framework;
    private readonly Tables _tables;

    public Big5Text(Encoding framework)
        : base(framework?.CodePage ?? throw new ArgumentNullException(nameof(framework)))
    {
        _framework = framework;
        _tables = new Tables(framework);
    }

    public override string WebName => _framework.WebName;

    public override string EncodingName => _framework.EncodingName;

    public override string BodyName => _framework.BodyName;

    public override string HeaderName => _framework.HeaderName;

    public override bool IsSingleByte => false;

    public override Decoder GetDecoder() => new Big5Decoder(_tables);

    public override Encoder GetEncoder() => _framework.GetEncoder();

    public override byte[] GetPreamble() => [];

    public override ReadOnlySpan<byte> Preamble => default;

    public override int GetByteCount(char[] chars, int index, int count) => _framework.GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        _framework.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetCharCount(byte[] bytes, int index, int count) => new Big5Decoder(_tables).GetCharCount(bytes, index, count, flush: true);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        new Big5Decoder(_tables).GetChars(bytes, byteIndex, byteCount, chars, charIndex, flush: true);

    public override int GetMaxByteCount(int charCount) => _framework.GetMaxByteCount(charCount);

    public override int GetMaxCharCount(int byteCount) => _framework.GetMaxCharCount(byteCount);

    public override bool Equals(object? value) => value is Big5Text other && other._framework.Equals(_framework);

    public override int GetHashCode() => _framework.GetHashCode();

    /// What the framework makes of each byte alone, of each byte pair that starts with a lead byte, and
    /// of a lead byte left at the end of the text. One or two characters each (two for a pair that is
    /// not a character: its replacement, or the lead's replacement and the second byte's character).
    internal sealed class Tables
    {
        /// For each byte: 0 when it leads a pair, else how many characters it becomes (in <see cref="Single"/>).
        public readonly byte[] SingleLength = new byte[256];
        public readonly char[] Single = new char[256 * 2];
        public readonly byte[] PairLength = new byte[256 * 256];
        public readonly char[] Pair = new char[256 * 256 * 2];
        public readonly string[] LoneLead = new string[256];

        /// Whether bytes below 0x80 are ASCII, as they are in Big5: then runs of them are widened at once.
        public readonly bool AsciiIdentity;

        public Tables(Encoding framework)
        {
            var decoder = framework.GetDecoder();
            Span<char> chars = stackalloc char[8];
            Span<byte> bytes = stackalloc byte[2];
            var ascii = true;
            for (var b = 0; b < 256; b++)
            {
                decoder.Reset();
                bytes[0] = (byte)b;
                var n = decoder.GetChars(bytes[..1], chars, flush: false);
                if (n > 2)
                {
                    throw new InvalidOperationException($"byte {b:X2} decodes to {n} characters");
                }
                SingleLength[b] = (byte)n;
                chars[..n].CopyTo(Single.AsSpan(b * 2));
                if (b < 0x80 && (n != 1 || chars[0] != b))
                {
                    ascii = false;
                }
                if (n > 0)
                {
                    continue;
                }
                LoneLead[b] = framework.GetString(bytes[..1]);
                for (var t = 0; t < 256; t++)
                {
                    bytes[1] = (byte)t;
                    var pair = framework.GetChars(bytes, chars);
                    if (pair is < 1 or > 2)
                    {
                        throw new InvalidOperationException($"bytes {b:X2} {t:X2} decode to {pair} characters");
                    }
                    PairLength[b << 8 | t] = (byte)pair;
                    chars[..pair].CopyTo(Pair.AsSpan((b << 8 | t) * 2));
                }
            }
            AsciiIdentity = ascii;
        }
    }

    /// Decodes as the framework's decoder does, a lead byte at the end of one block kept for the next.
    internal sealed class Big5Decoder(Tables tables) : Decoder
    {
        private int _lead = -1;

        public override void Reset() => _lead = -1;

        public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes, index, count, flush: false);

        public override int GetCharCount(byte[] bytes, int index, int count, bool flush) =>
            GetCharCount(bytes.AsSpan(index, count), flush);

        public override int GetCharCount(ReadOnlySpan<byte> bytes, bool flush) => Decode(bytes, default, flush, count: true, commit: false);

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
            GetChars(bytes, byteIndex, byteCount, chars, charIndex, flush: false);

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, bool flush) =>
            GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), flush);

        public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush) => Decode(bytes, chars, flush, count: false, commit: true);

        /// Decodes into <paramref name="chars"/> (or only counts); the lead byte left over is kept when
        /// <paramref name="commit"/>. Throws, as the framework does, when the characters do not fit.
        private int Decode(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush, bool count, bool commit)
        {
            var t = tables;
            var lead = _lead;
            var written = 0;
            var i = 0;
            if (lead >= 0 && bytes.Length > 0)
            {
                written = Put(t.Pair.AsSpan((lead << 8 | bytes[0]) * 2, t.PairLength[lead << 8 | bytes[0]]), chars, written, count);
                lead = -1;
                i = 1;
            }
            var ascii = t.AsciiIdentity;
            while (i < bytes.Length)
            {
                // Eight ASCII bytes at a time, widened together.
                if (ascii && bytes.Length - i >= 8)
                {
                    var word = BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]);
                    if ((word & 0x8080808080808080UL) == 0)
                    {
                        if (!count)
                        {
                            if (chars.Length - written < 8)
                            {
                                throw TooSmall();
                            }
                            Vector128.WidenLower(Vector128.CreateScalarUnsafe(word).AsByte()).StoreUnsafe(ref Unsafe.As<char, ushort>(ref chars[written]));
                        }
                        written += 8;
                        i += 8;
                        continue;
                    }
                }
                var b = bytes[i];
                if (ascii && b < 0x80)
                {
                    if (!count)
                    {
                        if (written == chars.Length)
                        {
                            throw TooSmall();
                        }
                        chars[written] = (char)b;
                    }
                    written++;
                    i++;
                    continue;
                }
                var single = t.SingleLength[b];
                if (single > 0)
                {
                    written = Put(t.Single.AsSpan(b * 2, single), chars, written, count);
                    i++;
                    continue;
                }
                if (i + 1 == bytes.Length)
                {
                    lead = b;
                    break;
                }
                var pair = b << 8 | bytes[i + 1];
                var length = t.PairLength[pair];
                if (length == 1 && !count)
                {
                    if (written == chars.Length)
                    {
                        throw TooSmall();
                    }
                    chars[written++] = t.Pair[pair * 2];
                }
                else
                {
                    written = Put(t.Pair.AsSpan(pair * 2, length), chars, written, count);
                }
                i += 2;
            }
            if (lead >= 0 && flush)
            {
                written = Put(t.LoneLead[lead], chars, written, count);
                lead = -1;
            }
            if (commit)
            {
                _lead = lead;
            }
            return written;
        }

        private static int Put(ReadOnlySpan<char> text, Span<char> chars, int written, bool count)
        {
            if (!count)
            {
                if (chars.Length - written < text.Length)
                {
                    throw TooSmall();
                }
                text.CopyTo(chars[written..]);
            }
            return written + text.Length;
        }

        private static ArgumentException TooSmall() =>
            new("The output char buffer is too small to contain the decoded characters.", "chars");
    }
}
