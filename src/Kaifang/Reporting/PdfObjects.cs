using System.Globalization;
using System.Text;

namespace Kaifang.Reporting;

/// Collects numbered PDF objects and writes the cross-reference table with their byte offsets.
internal sealed class PdfObjects : IDisposable
{
    private readonly MemoryStream _out = new();
    private readonly SortedDictionary<int, long> _offsets = [];

    public PdfObjects()
    {
        Write("%PDF-1.4\n");
        // A comment of bytes above 127 tells transfer tools the file is binary.
        _out.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
    }

    public void Object(int id, string body)
    {
        _offsets[id] = _out.Position;
        Write($"{id} 0 obj\n{body}\nendobj\n");
    }

    public void Stream(int id, byte[] data)
    {
        _offsets[id] = _out.Position;
        Write($"{id} 0 obj\n<< /Length {data.Length} >>\nstream\n");
        _out.Write(data);
        Write("\nendstream\nendobj\n");
    }

    public byte[] Finish(int rootId, string? title = null)
    {
        var infoId = 0;
        if (title is not null)
        {
            infoId = _offsets.Keys.Max() + 1;
            Object(infoId, $"<< /Title {CjkText.Hex(title, withBom: true)} /Producer (Kaifang) >>");
        }
        var xref = _out.Position;
        var count = _offsets.Keys.Max() + 1;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {count}\n0000000000 65535 f \n");
        for (var id = 1; id < count; id++)
        {
            table.Append(_offsets.TryGetValue(id, out var offset)
                ? $"{offset:0000000000} 00000 n \n"
                : "0000000000 65535 f \n");
        }
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {count} /Root {rootId} 0 R{(infoId > 0 ? $" /Info {infoId} 0 R" : "")} >>\nstartxref\n{xref}\n%%EOF\n");
        Write(table.ToString());
        return _out.ToArray();
    }

    public void Dispose() => _out.Dispose();

    private void Write(string text) => _out.Write(Encoding.ASCII.GetBytes(text));
}

/// Traditional Chinese text in the standard CJK font MSung-Light with the UniCNS-UCS2-H CMap (Adobe-CNS1),
/// which PDF readers supply themselves, so no font is embedded (docs/decisions/0004 and 0011).
internal static class CjkText
{
    /// Writes the Type0 font and its CID font. Latin CIDs (proportional 1–98, half-width 13648–13742) get
    /// half widths so digits are not spaced like ideographs.
    public static void WriteFont(PdfObjects pdf, int fontId, int cidFontId)
    {
        pdf.Object(fontId, $"<< /Type /Font /Subtype /Type0 /BaseFont /MSung-Light /Encoding /UniCNS-UCS2-H /DescendantFonts [{cidFontId} 0 R] >>");
        pdf.Object(cidFontId, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MSung-Light "
            + "/CIDSystemInfo << /Registry (Adobe) /Ordering (CNS1) /Supplement 0 >> "
            + "/FontDescriptor << /Type /FontDescriptor /FontName /MSung-Light /Flags 6 /FontBBox [-160 -249 1015 888] "
            + "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> "
            + "/DW 1000 /W [1 98 500 13648 13742 500] >>");
    }

    /// A hex string of UCS-2 code units, which is what UniCNS-UCS2-H expects; characters outside the BMP become a space.
    public static string Hex(string text, bool withBom = false)
    {
        var hex = new StringBuilder(text.Length * 4 + 6).Append('<');
        if (withBom)
        {
            hex.Append("FEFF");
        }
        foreach (var c in text)
        {
            // The minus sign has no glyph in Adobe-CNS1; the hyphen-minus stands in for it.
            var code = char.IsSurrogate(c) ? ' ' : c == '\u2212' ? '-' : c;
            hex.Append(((int)code).ToString("X4", CultureInfo.InvariantCulture));
        }
        return hex.Append('>').ToString();
    }

    /// The width of a text at a font size: half an em for Latin, a whole em for ideographs.
    public static double Width(string text, double size) => text.Sum(c => (c < 0x2E80 ? 0.5 : 1.0) * size);

    public static IEnumerable<string> Wrap(string line, double size, double width)
    {
        if (line.Length == 0)
        {
            yield return line;
            yield break;
        }
        var start = 0;
        double used = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var w = (line[i] < 0x2E80 ? 0.5 : 1.0) * size;
            if (used + w > width && i > start)
            {
                yield return line[start..i];
                start = i;
                used = 0;
            }
            used += w;
        }
        yield return line[start..];
    }
}
