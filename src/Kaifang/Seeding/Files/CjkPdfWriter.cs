using System.Globalization;
using System.Text;

namespace Kaifang.Seeding.Files;

/// A deliberately small PDF 1.4 writer for short Traditional-Chinese reports: A4 pages of text
/// lines in the standard CJK font MSung-Light with the UniCNS-UCS2-H CMap (Adobe-CNS1), which PDF
/// readers supply themselves, so no font is embedded (docs/decisions/0004).
public static class CjkPdfWriter
{
    private const double PageWidth = 595;
    private const double PageHeight = 842;
    private const double Margin = 56;
    private const double BodySize = 10.5;
    private const double TitleSize = 16;
    private const int LinesPerPage = 52;

    /// Writes the title on the first page, then the lines, wrapped to the page width and paginated.
    public static byte[] Write(string title, IEnumerable<string> lines)
    {
        var wrapped = lines.SelectMany(line => Wrap(line, BodySize, PageWidth - 2 * Margin)).ToList();
        var pages = new List<List<string>>();
        const int firstPageLines = LinesPerPage - 3;
        pages.Add(wrapped.Take(firstPageLines).ToList());
        for (var i = firstPageLines; i < wrapped.Count; i += LinesPerPage)
        {
            pages.Add(wrapped.Skip(i).Take(LinesPerPage).ToList());
        }

        using var pdf = new PdfBuilder();
        // Objects 1–4 are fixed: catalog, page tree, the Type0 font and its CID font; pages follow in pairs.
        var pageIds = Enumerable.Range(0, pages.Count).Select(i => 5 + 2 * i).ToList();
        pdf.Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object(2, $"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(id => $"{id} 0 R"))}] /Count {pages.Count} >>");
        pdf.Object(3, "<< /Type /Font /Subtype /Type0 /BaseFont /MSung-Light /Encoding /UniCNS-UCS2-H /DescendantFonts [4 0 R] >>");
        // Half widths for the Latin CIDs (proportional 1–98 and half-width 13648–13742) so digits are not spaced like ideographs.
        pdf.Object(4, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MSung-Light "
            + "/CIDSystemInfo << /Registry (Adobe) /Ordering (CNS1) /Supplement 0 >> "
            + "/FontDescriptor << /Type /FontDescriptor /FontName /MSung-Light /Flags 6 /FontBBox [-160 -249 1015 888] "
            + "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> "
            + "/DW 1000 /W [1 98 500 13648 13742 500] >>");
        for (var p = 0; p < pages.Count; p++)
        {
            var content = new StringBuilder();
            content.Append("BT\n");
            var y = PageHeight - Margin;
            if (p == 0)
            {
                content.Append(CultureInfo.InvariantCulture, $"/F1 {TitleSize} Tf 1 0 0 1 {Margin} {y - TitleSize} Tm {Hex(title)} Tj\n");
                y -= TitleSize * 3;
            }
            content.Append(CultureInfo.InvariantCulture, $"/F1 {BodySize} Tf {BodySize * 1.45:0.##} TL 1 0 0 1 {Margin} {y - BodySize} Tm\n");
            foreach (var line in pages[p])
            {
                content.Append(Hex(line)).Append(" Tj T*\n");
            }
            content.Append(CultureInfo.InvariantCulture, $"ET\n0.5 g 1 0 0 1 0 0 cm\nBT /F1 8 Tf {Margin} 30 Td {Hex($"第 {p + 1} 頁，共 {pages.Count} 頁")} Tj ET\n");
            var pageId = pageIds[p];
            pdf.Object(pageId, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] "
                + $"/Resources << /Font << /F1 3 0 R >> >> /Contents {pageId + 1} 0 R >>");
            pdf.Stream(pageId + 1, Encoding.ASCII.GetBytes(content.ToString()));
        }
        return pdf.Finish(rootId: 1);
    }

    /// A hex string of UCS-2 code units, which is what UniCNS-UCS2-H expects; characters outside the BMP become a space.
    private static string Hex(string text)
    {
        var hex = new StringBuilder(text.Length * 4 + 2).Append('<');
        foreach (var c in text)
        {
            hex.Append(char.IsSurrogate(c) ? "0020" : ((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return hex.Append('>').ToString();
    }

    private static IEnumerable<string> Wrap(string line, double size, double width)
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

    /// Collects numbered objects and writes the cross-reference table with their byte offsets.
    private sealed class PdfBuilder : IDisposable
    {
        private readonly MemoryStream _out = new();
        private readonly SortedDictionary<int, long> _offsets = [];

        public PdfBuilder()
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

        public byte[] Finish(int rootId)
        {
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
            table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {count} /Root {rootId} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            Write(table.ToString());
            return _out.ToArray();
        }

        public void Dispose() => _out.Dispose();

        private void Write(string text) => _out.Write(Encoding.ASCII.GetBytes(text));
    }
}
