using System.Globalization;
using System.Text;
using Kaifang.Reporting;

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
        var wrapped = lines.SelectMany(line => CjkText.Wrap(line, BodySize, PageWidth - 2 * Margin)).ToList();
        var pages = new List<List<string>>();
        const int firstPageLines = LinesPerPage - 3;
        pages.Add(wrapped.Take(firstPageLines).ToList());
        for (var i = firstPageLines; i < wrapped.Count; i += LinesPerPage)
        {
            pages.Add(wrapped.Skip(i).Take(LinesPerPage).ToList());
        }

        using var pdf = new PdfObjects();
        // Objects 1–4 are fixed: catalog, page tree, the Type0 font and its CID font; pages follow in pairs.
        var pageIds = Enumerable.Range(0, pages.Count).Select(i => 5 + 2 * i).ToList();
        pdf.Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object(2, $"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(id => $"{id} 0 R"))}] /Count {pages.Count} >>");
        CjkText.WriteFont(pdf, fontId: 3, cidFontId: 4);
        for (var p = 0; p < pages.Count; p++)
        {
            var content = new StringBuilder();
            content.Append("BT\n");
            var y = PageHeight - Margin;
            if (p == 0)
            {
                content.Append(CultureInfo.InvariantCulture, $"/F1 {TitleSize} Tf 1 0 0 1 {Margin} {y - TitleSize} Tm {CjkText.Hex(title)} Tj\n");
                y -= TitleSize * 3;
            }
            content.Append(CultureInfo.InvariantCulture, $"/F1 {BodySize} Tf {BodySize * 1.45:0.##} TL 1 0 0 1 {Margin} {y - BodySize} Tm\n");
            foreach (var line in pages[p])
            {
                content.Append(CjkText.Hex(line)).Append(" Tj T*\n");
            }
            content.Append(CultureInfo.InvariantCulture, $"ET\n0.5 g 1 0 0 1 0 0 cm\nBT /F1 8 Tf {Margin} 30 Td {CjkText.Hex($"第 {p + 1} 頁，共 {pages.Count} 頁")} Tj ET\n");
            var pageId = pageIds[p];
            pdf.Object(pageId, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] "
                + $"/Resources << /Font << /F1 3 0 R >> >> /Contents {pageId + 1} 0 R >>");
            pdf.Stream(pageId + 1, Encoding.ASCII.GetBytes(content.ToString()));
        }
        return pdf.Finish(rootId: 1);
    }
}
