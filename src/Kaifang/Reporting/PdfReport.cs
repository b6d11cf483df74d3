using System.Globalization;
using System.Text;

namespace Kaifang.Reporting;

/// A report laid out top to bottom on A4 pages (landscape by default): headings, paragraphs, tables and
/// bar charts drawn as vector graphics, page numbers at the foot. Text uses the reader-supplied standard
/// CJK font, as decided in docs/decisions/0011-report-pdf.md.
public sealed class PdfReport(string title, bool landscape = true)
{
    private const double Margin = 40;
    private const double BodySize = 9;
    private readonly double _width = landscape ? 842 : 595;
    private readonly double _height = landscape ? 595 : 842;
    private readonly List<StringBuilder> _pages = [];
    private StringBuilder _page = null!;
    private double _y;

    private double Usable => _width - 2 * Margin;

    public PdfReport Heading(string text, double size = 13)
    {
        Need(size * 2.2);
        _y -= size * 1.4;
        Text(Margin, _y, text, size);
        _y -= size * 0.8;
        return this;
    }

    public PdfReport Paragraph(string text)
    {
        foreach (var line in CjkText.Wrap(text, BodySize, Usable))
        {
            Need(BodySize * 1.5);
            _y -= BodySize * 1.5;
            Text(Margin, _y, line, BodySize);
        }
        _y -= BodySize * 0.6;
        return this;
    }

    /// A table with a header row repeated on each page; columns share the width in proportion to their longest cell.
    public PdfReport Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        const double size = 8;
        // A header may wrap onto two lines, so it asks for half its width.
        var natural = header.Select((h, i) => Math.Max(CjkText.Width(h, size) / 2 + size, rows.Select(r => CjkText.Width(r.ElementAtOrDefault(i) ?? "", size)).DefaultIfEmpty(0).Max()) + 6).ToList();
        var scale = Math.Min(1, Usable / natural.Sum());
        var widths = natural.Select(w => w * scale).ToList();
        var rowHeight = size * 1.9;
        void Row(IReadOnlyList<string> cells, bool bold)
        {
            var lines = cells.Select((c, i) => i < widths.Count ? CjkText.Wrap(c ?? "", size, widths[i] - 4).Take(bold ? 2 : 1).ToList() : []).ToList();
            var height = rowHeight + (lines.Max(l => l.Count) - 1) * size * 1.2;
            _y -= height;
            if (bold)
            {
                _page.Append(CultureInfo.InvariantCulture, $"0.92 g {Margin:0.##} {_y:0.##} {widths.Sum():0.##} {height:0.##} re f 0 g\n");
            }
            var x = Margin;
            for (var i = 0; i < widths.Count; i++)
            {
                for (var l = 0; l < lines[i].Count; l++)
                {
                    var cell = lines[i][l];
                    // A cell wider than its column is cut, not allowed to overrun its neighbour.
                    while (cell.Length > 1 && CjkText.Width(cell, size) > widths[i] - 4)
                    {
                        cell = cell[..^1];
                    }
                    Text(x + 3, _y + height - size * 1.3 - l * size * 1.2, cell, size);
                }
                x += widths[i];
            }
            _page.Append(CultureInfo.InvariantCulture, $"0.7 G 0.5 w {Margin:0.##} {_y:0.##} m {Margin + widths.Sum():0.##} {_y:0.##} l S 0 G\n");
        }
        Need(rowHeight * 3);
        Row(header, bold: true);
        foreach (var row in rows)
        {
            if (_y - rowHeight < Margin + 20)
            {
                NewPage();
                Row(header, bold: true);
            }
            Row(row, bold: false);
        }
        _y -= BodySize;
        return this;
    }

    /// A grouped bar chart with its axis, category labels and legend, as vector graphics.
    public PdfReport Chart(BarChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        const double height = 190;
        const double left = 36;
        Need(height + 30);
        Text(Margin, _y - 14, chart.Title, 10);
        var top = _y - 24;
        var bottom = top - height + 40;
        var plotHeight = top - bottom;
        var plotWidth = Usable - left;
        foreach (var (share, label) in chart.Gridlines())
        {
            var y = bottom + plotHeight * share;
            _page.Append(CultureInfo.InvariantCulture, $"0.8 G 0.5 w {Margin + left:0.##} {y:0.##} m {Margin + left + plotWidth:0.##} {y:0.##} l S 0 G\n");
            Text(Margin + left - 4 - CjkText.Width(label, 7), y - 2.5, label, 7);
        }
        foreach (var bar in chart.Bars(plotWidth))
        {
            _page.Append(CultureInfo.InvariantCulture,
                $"{Rgb(BarChart.ColourOf(bar.Series))} rg {Margin + left + bar.Left:0.##} {bottom:0.##} {bar.Width:0.##} {plotHeight * bar.HeightShare:0.##} re f 0 g\n");
        }
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var name = chart.Categories[c];
            Text(Margin + left + chart.LabelCentre(c, plotWidth) - CjkText.Width(name, 7) / 2, bottom - 10, name, 7);
        }
        var lx = Margin + left;
        for (var s = 0; s < chart.Series.Count; s++)
        {
            _page.Append(CultureInfo.InvariantCulture, $"{Rgb(BarChart.ColourOf(s))} rg {lx:0.##} {bottom - 26:0.##} 7 7 re f 0 g\n");
            Text(lx + 10, bottom - 25, chart.Series[s].Name, 7);
            lx += 20 + CjkText.Width(chart.Series[s].Name, 7);
        }
        _y = bottom - 36;
        return this;
    }

    public byte[] ToBytes()
    {
        if (_pages.Count == 0)
        {
            NewPage();
        }
        using var pdf = new PdfObjects();
        var pageIds = Enumerable.Range(0, _pages.Count).Select(i => 5 + 2 * i).ToList();
        pdf.Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object(2, $"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(id => $"{id} 0 R"))}] /Count {_pages.Count} >>");
        CjkText.WriteFont(pdf, fontId: 3, cidFontId: 4);
        for (var p = 0; p < _pages.Count; p++)
        {
            var footer = $"{title}　第 {p + 1} 頁，共 {_pages.Count} 頁";
            var content = _pages[p].ToString() + string.Create(CultureInfo.InvariantCulture, $"0.4 g BT /F1 7 Tf 1 0 0 1 {Margin} 20 Tm {CjkText.Hex(footer)} Tj ET 0 g\n");
            pdf.Object(pageIds[p], string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_width} {_height}] ")
                + $"/Resources << /Font << /F1 3 0 R >> >> /Contents {pageIds[p] + 1} 0 R >>");
            pdf.Stream(pageIds[p] + 1, Encoding.ASCII.GetBytes(content));
        }
        return pdf.Finish(rootId: 1, title);
    }

    /// Starts the first page with the report's title.
    public PdfReport Title(string subtitle)
    {
        NewPage();
        _y -= 18;
        Text(Margin, _y, title, 16);
        _y -= 16;
        Text(Margin, _y, subtitle, BodySize);
        _y -= 10;
        return this;
    }

    private void Need(double space)
    {
        if (_pages.Count == 0 || _y - space < Margin + 20)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _page = new StringBuilder();
        _pages.Add(_page);
        _y = _height - Margin;
    }

    private void Text(double x, double y, string text, double size) =>
        _page.Append(CultureInfo.InvariantCulture, $"BT /F1 {size:0.##} Tf 1 0 0 1 {x:0.##} {y:0.##} Tm {CjkText.Hex(text)} Tj ET\n");

    private static string Rgb(string hex)
    {
        var r = Convert.ToInt32(hex.Substring(1, 2), 16) / 255.0;
        var g = Convert.ToInt32(hex.Substring(3, 2), 16) / 255.0;
        var b = Convert.ToInt32(hex.Substring(5, 2), 16) / 255.0;
        return string.Create(CultureInfo.InvariantCulture, $"{r:0.###} {g:0.###} {b:0.###}");
    }
}
