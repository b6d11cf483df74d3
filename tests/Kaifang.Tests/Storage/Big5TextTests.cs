using System.Text;
using Kaifang.Storage;

namespace Kaifang.Tests.Storage;

/// The Big5 decoder against the framework's on every byte and byte pair, valid or not, alone, between
/// other bytes, and cut at every point between two blocks (as a stream is read).
public class Big5TextTests
{
    private static readonly Encoding Framework = TextDecoding.Big5;
    private static readonly Big5Text Fast = new(TextDecoding.Big5);

    [Fact]
    public void Every_byte_and_byte_pair_decodes_as_the_framework_decodes_it()
    {
        var mismatches = new List<string>();
        var bytes = new byte[4];
        for (var lead = 0; lead < 256; lead++)
        {
            for (var trail = 0; trail < 256; trail++)
            {
                // The pair alone, then between ASCII letters so that what follows a lead byte counts too.
                bytes[0] = (byte)'A';
                bytes[1] = (byte)lead;
                bytes[2] = (byte)trail;
                bytes[3] = (byte)'Z';
                Compare(bytes.AsSpan(1, 2), mismatches);
                Compare(bytes, mismatches);
                if (mismatches.Count > 10)
                {
                    break;
                }
            }
            Compare([(byte)lead], mismatches);
            Compare([(byte)lead, (byte)'A'], mismatches);
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void A_sequence_cut_anywhere_between_blocks_decodes_as_the_framework_decodes_it_whole()
    {
        // Valid Big5 text, then every kind of fault: lead bytes before ASCII, before line breaks, before
        // other lead bytes, at the very end.
        var text = Framework.GetBytes("序號,姓名,縣市\r\n 1 ,陳小明,臺北市　\r\n民國105年3月1日,\"△1,234\"\r\n");
        var random = new Random(950);
        var noise = new byte[4096];
        random.NextBytes(noise);
        byte[][] inputs =
        [
            text,
            [.. text, 0xA4],
            [0xA4, (byte)'\n', 0x81, 0x30, 0xFE, 0xFE, 0xA4, 0xA4, 0xA4, 0x40, 0x80, 0xFF, 0xC8, 0x40, 0xA4],
            noise,
        ];
        foreach (var input in inputs)
        {
            var expected = Framework.GetString(input);
            Assert.Equal(expected, Fast.GetString(input));
            for (var cut = 0; cut <= Math.Min(input.Length, 300); cut++)
            {
                Assert.Equal(expected, DecodeInBlocks(Fast.GetDecoder(), input, cut));
                Assert.Equal(DecodeInBlocks(Framework.GetDecoder(), input, cut), DecodeInBlocks(Fast.GetDecoder(), input, cut));
            }
            // Blocks of every small size, as a stream read a few bytes at a time would give them.
            for (var size = 1; size <= 7; size++)
            {
                Assert.Equal(DecodeEvery(Framework.GetDecoder(), input, size), DecodeEvery(Fast.GetDecoder(), input, size));
            }
        }
    }

    [Fact]
    public void A_stream_reader_reads_a_large_file_as_with_the_framework()
    {
        var random = new Random(2016);
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(i).Append(",陳小明,臺北市　,民國").Append(random.Next(100, 115)).Append("年,\"△1,234\"\r\n");
        }
        var bytes = Framework.GetBytes(text.ToString());
        // A few invalid bytes here and there, one right at a buffer's end.
        bytes[4095] = 0xA4;
        bytes[10_000] = 0x80;
        bytes[^1] = 0xA4;
        using var framework = new StreamReader(new MemoryStream(bytes), Framework, false);
        using var fast = new StreamReader(new MemoryStream(bytes), Fast, false);
        Assert.Equal(framework.ReadToEnd(), fast.ReadToEnd());
    }

    [Fact]
    public void The_encoding_is_the_frameworks_in_everything_but_the_decoder()
    {
        Assert.Equal(950, Fast.CodePage);
        Assert.Equal(Framework.WebName, Fast.WebName);
        Assert.Equal(Framework.GetBytes("臺北市　民國105年"), Fast.GetBytes("臺北市　民國105年"));
        Assert.Equal(Framework.GetMaxCharCount(100), Fast.GetMaxCharCount(100));
        // Files read as Big5 go through it.
        Assert.IsType<Big5Text>(TextDecoding.ForDecoding(TextDecoding.Big5));
        Assert.Same(Encoding.UTF8, TextDecoding.ForDecoding(Encoding.UTF8));
    }

    private static void Compare(ReadOnlySpan<byte> bytes, List<string> mismatches)
    {
        var expected = Framework.GetString(bytes);
        var actual = Fast.GetString(bytes);
        var count = Fast.GetCharCount(bytes.ToArray());
        if (expected != actual || count != expected.Length)
        {
            mismatches.Add($"{Convert.ToHexString(bytes)}: framework {Hex(expected)}, ours {Hex(actual)} ({count} counted)");
        }
    }

    private static string Hex(string text) => string.Join(' ', text.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));

    private static string DecodeInBlocks(Decoder decoder, byte[] bytes, int cut)
    {
        var chars = new char[bytes.Length + 8];
        var n = decoder.GetChars(bytes, 0, cut, chars, 0, flush: false);
        n += decoder.GetChars(bytes, cut, bytes.Length - cut, chars, n, flush: true);
        return new string(chars, 0, n);
    }

    private static string DecodeEvery(Decoder decoder, byte[] bytes, int size)
    {
        var text = new StringBuilder();
        var chars = new char[size + 8];
        for (var i = 0; i < bytes.Length; i += size)
        {
            var length = Math.Min(size, bytes.Length - i);
            var n = decoder.GetChars(bytes, i, length, chars, 0, flush: i + length == bytes.Length);
            text.Append(chars, 0, n);
        }
        return text.ToString();
    }
}
