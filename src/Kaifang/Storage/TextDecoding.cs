using System.Text;

namespace Kaifang.Storage;

/// How Kaifang reads the text of an agency's file (CSV, TSV, JSON): agency files come as UTF-8, UTF-8
/// with a byte order mark, UTF-16, or Big5 (CP950). Shared by the dataset page's preview and the DataStore loader.
public static class TextDecoding
{
    /// How much of a text file is looked at to guess its encoding.
    public const int SniffBytes = 64 * 1024;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding()
    {
        // Big5 (CP950) and the legacy code pages older .xls files use are not built into .NET.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Big5 => Encoding.GetEncoding(950);

    /// Guesses the text encoding from a byte order mark, else by whether the bytes are valid UTF-8;
    /// text that is not is taken as Big5, the usual legacy encoding of Taiwan's agencies.
    /// A start that is plain ASCII fits both; then the declared encoding is believed.
    public static (Encoding Encoding, int BomLength) DetectEncoding(ReadOnlySpan<byte> start, bool complete, string? declaredEncoding = null)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (new UTF8Encoding(false), 3);
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }
        if (Utf16WithoutBom(start) is { } utf16)
        {
            return (utf16, 0);
        }
        // A sample cut mid-file may end inside a multi-byte character; that tail does not count against UTF-8.
        var sample = complete ? start : start[..CompleteUtf8Length(start)];
        if (System.Text.Ascii.IsValid(sample) && IsBig5(declaredEncoding))
        {
            return (Big5, 0);
        }
        try
        {
            StrictUtf8.GetCharCount(sample);
            return (new UTF8Encoding(false), 0);
        }
        catch (DecoderFallbackException)
        {
            return (Big5, 0);
        }
    }

    /// Reads the start of the stream and guesses its encoding; the bytes read are returned for
    /// <see cref="OpenReader"/> to put back in front of the rest.
    public static async Task<SniffedText> SniffAsync(Stream content, string? declaredEncoding, CancellationToken cancellationToken)
    {
        var buffer = new byte[SniffBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        var bytes = buffer.AsMemory(0, length);
        var (encoding, bom) = DetectEncoding(bytes.Span, complete: length < buffer.Length, declaredEncoding);
        return new SniffedText(encoding, bytes, bom);
    }

    /// A reader of the whole text: the sniffed bytes without their byte order mark, then the rest of the stream.
    /// The byte order mark is dropped here: StreamReader would otherwise keep it as part of the first column name.
    public static StreamReader OpenReader(SniffedText head, Stream rest, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(head);
        return new StreamReader(new PrefixedStream(head.Bytes[head.BomLength..], rest, leaveOpen), ForDecoding(head.Encoding), detectEncodingFromByteOrderMarks: false);
    }

    private static readonly Lazy<Big5Text> FastBig5 = new(() => new Big5Text(Big5));

    /// The encoding to decode text of <paramref name="encoding"/> with: Big5 (with its usual replacement
    /// of invalid bytes) through <see cref="Big5Text"/>, the same characters several times faster.
    internal static Encoding ForDecoding(Encoding encoding) =>
        encoding.CodePage == 950 && encoding is not Big5Text && encoding.DecoderFallback.Equals(Big5.DecoderFallback) ? FastBig5.Value : encoding;

    /// Opens a text file with its encoding guessed, the declared one deciding only when the bytes cannot.
    public static async Task<(StreamReader Reader, SniffedText Head)> OpenAsync(Stream content, string? declaredEncoding, CancellationToken cancellationToken)
    {
        var head = await SniffAsync(content, declaredEncoding, cancellationToken);
        return (OpenReader(head, content), head);
    }

    public static bool IsBig5(string? name) =>
        name?.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) is "BIG5" or "CP950" or "BIG5HKSCS";

    /// The encoding's name as the national platform writes 編碼格式.
    public static string EncodingName(Encoding encoding, int bom)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding.CodePage switch
        {
            950 => "Big5",
            1200 => "UTF-16LE",
            1201 => "UTF-16BE",
            _ => bom > 0 ? "UTF-8 (BOM)" : "UTF-8",
        };
    }

    /// UTF-16 saved without a byte order mark: the zero high bytes of ASCII characters (digits, commas,
    /// line breaks) fall on every other byte, which neither UTF-8 nor Big5 text ever has.
    private static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> start)
    {
        var sample = start[..(Math.Min(start.Length, 4096) & ~1)];
        if (sample.Length < 4 || !sample.Contains((byte)0))
        {
            return null;
        }
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }
        var pairs = sample.Length / 2;
        return oddZeros * 5 >= pairs && evenZeros * 20 < pairs ? Encoding.Unicode
            : evenZeros * 5 >= pairs && oddZeros * 20 < pairs ? Encoding.BigEndianUnicode
            : null;
    }

    private static int CompleteUtf8Length(ReadOnlySpan<byte> bytes)
    {
        // Step back over at most three continuation bytes to the start of the last character.
        var end = bytes.Length;
        for (var i = 1; i <= Math.Min(4, bytes.Length); i++)
        {
            var b = bytes[^i];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > i ? end - i : end;
        }
        return end;
    }

    /// The bytes already read for sniffing, followed by the rest of the stream.
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest, bool leaveOpen) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty)
            {
                return await rest.ReadAsync(buffer, cancellationToken);
            }
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen)
            {
                rest.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// The start of a text file and the encoding guessed from it.
public sealed record SniffedText(Encoding Encoding, ReadOnlyMemory<byte> Bytes, int BomLength)
{
    public string EncodingName => TextDecoding.EncodingName(Encoding, BomLength);
}
