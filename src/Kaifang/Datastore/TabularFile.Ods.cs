using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Kaifang.Datastore;

public abstract partial class TabularFile
{
    /// Every non-empty row of an OpenDocument spreadsheet's first table as written, the first rows
    /// included, for readers that shape the header themselves (a title row, a header over two rows).
    /// A merged cell's value fills every place it covers, and Merged tells the rows a merged cell covers.
    internal static IEnumerable<(List<string?> Cells, bool Merged)> OdsRows(Func<Stream> open) => new OdsFile(open).ReadTable(spans: true);

    /// An OpenDocument spreadsheet: the first table of its content.xml, first row as the column names.
    private sealed class OdsFile(Func<Stream> open) : TabularFile
    {
        private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
        private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

        /// Repeated empty cells past this are the sheet's unused width, not data.
        private const int MaxRepeat = 1024;

        /// A merged cell fills at most this many rows below it (a category over a block of data rows).
        private const int MaxSpannedRows = 10_000;

        /// Places waiting for a merged cell's value, at most.
        private const int MaxCovered = 100_000;

        protected override Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            var header = ReadTable(spans: false).FirstOrDefault().Cells?.ToList()
                ?? throw new DatastoreLoadException("The spreadsheet's first sheet is empty.");
            while (header.Count > 0 && string.IsNullOrWhiteSpace(header[^1]))
            {
                header.RemoveAt(header.Count - 1);
            }
            if (header.Count == 0)
            {
                throw new DatastoreLoadException("The spreadsheet's first row, which names the columns, is empty.");
            }
            return Task.FromResult<IReadOnlyList<string>>([.. header.Select(h => h ?? "")]);
        }

        protected override IEnumerable<string?[]> ReadRows()
        {
            var width = Columns.Count;
            foreach (var (cells, _) in ReadTable(spans: false).Skip(1))
            {
                var row = new string?[width];
                for (var i = 0; i < Math.Min(width, cells.Count); i++)
                {
                    row[i] = cells[i];
                }
                yield return row;
            }
        }

        /// The table's non-empty rows. With spans, a cell merged over several columns or rows
        /// (number-columns-spanned, number-rows-spanned) gives its value to the covered cells too.
        internal IEnumerable<(List<string?> Cells, bool Merged)> ReadTable(bool spans)
        {
            using var stream = open();
            CheckPackage(stream);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var entry = zip.GetEntry("content.xml") ?? throw new DatastoreLoadException("The file is not an OpenDocument spreadsheet: it has no content.xml.");
            using var content = entry.Open();
            using var xml = XmlReader.Create(content, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = false });
            var tables = 0;
            long rowIndex = 0;
            // (row, column) → the value a merged cell above or to the left gives that place.
            var covered = spans ? new Dictionary<(long Row, int Column), string?>() : null;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TableNs)
                {
                    continue;
                }
                if (xml.LocalName == "table" && ++tables > 1)
                {
                    yield break;
                }
                if (xml.LocalName != "table-row")
                {
                    continue;
                }
                var repeat = int.TryParse(xml.GetAttribute("number-rows-repeated", TableNs), out var r) ? Math.Max(r, 1) : 1;
                var row = rowIndex;
                rowIndex += repeat;
                var (cells, merged) = ReadRow(xml, row, covered);
                if (covered is { Count: > MaxCovered })
                {
                    // Places a merged cell covers that the file left out: forget those above.
                    foreach (var stale in covered.Keys.Where(k => k.Row <= row).ToList())
                    {
                        covered.Remove(stale);
                    }
                }
                if (cells.All(string.IsNullOrEmpty))
                {
                    continue;
                }
                for (var i = 0; i < Math.Min(repeat, MaxRepeat); i++)
                {
                    yield return (cells, merged);
                }
            }
        }

        private static (List<string?> Cells, bool Merged) ReadRow(XmlReader xml, long row, Dictionary<(long Row, int Column), string?>? covered)
        {
            var cells = new List<string?>();
            var merged = false;
            if (xml.IsEmptyElement)
            {
                return (cells, merged);
            }
            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TableNs || xml.LocalName is not ("table-cell" or "covered-table-cell"))
                {
                    continue;
                }
                var repeat = Math.Min(int.TryParse(xml.GetAttribute("number-columns-repeated", TableNs), out var c) ? Math.Max(c, 1) : 1, MaxRepeat);
                var columnsSpanned = int.TryParse(xml.GetAttribute("number-columns-spanned", TableNs), out var cs) ? Math.Clamp(cs, 1, MaxRepeat) : 1;
                var rowsSpanned = int.TryParse(xml.GetAttribute("number-rows-spanned", TableNs), out var rs) ? Math.Clamp(rs, 1, MaxSpannedRows) : 1;
                var value = CellValue(xml);
                var first = cells.Count;
                for (var i = 0; i < repeat; i++)
                {
                    var cell = value;
                    if (covered is not null && covered.Remove((row, cells.Count), out var given))
                    {
                        cell = string.IsNullOrEmpty(cell) ? given : cell;
                        merged = true;
                    }
                    cells.Add(cell);
                }
                if (covered is not null && (columnsSpanned > 1 || rowsSpanned > 1))
                {
                    merged = true;
                    rowsSpanned = Math.Min(rowsSpanned, MaxCovered / columnsSpanned);
                    for (var down = 0; down < rowsSpanned; down++)
                    {
                        for (var across = 0; across < columnsSpanned; across++)
                        {
                            if (down > 0 || across > 0)
                            {
                                covered[(row + down, first + across)] = value;
                            }
                        }
                    }
                }
            }
            while (cells.Count > 0 && string.IsNullOrEmpty(cells[^1]))
            {
                cells.RemoveAt(cells.Count - 1);
            }
            return (cells, merged);
        }

        /// The cell's typed value when it has one (numbers, dates, booleans), else its paragraphs' text.
        private static string? CellValue(XmlReader xml)
        {
            var type = xml.GetAttribute("value-type", OfficeNs);
            var typed = type switch
            {
                "float" or "percentage" or "currency" => xml.GetAttribute("value", OfficeNs),
                "date" => xml.GetAttribute("date-value", OfficeNs),
                "boolean" => xml.GetAttribute("boolean-value", OfficeNs),
                _ => null,
            };
            if (xml.IsEmptyElement)
            {
                return typed;
            }
            var text = new StringBuilder();
            var depth = xml.Depth;
            var paragraphs = 0;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "p" && paragraphs++ > 0)
                {
                    text.Append('\n');
                }
                else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "s")
                {
                    text.Append(' ');
                }
                else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    text.Append(xml.Value);
                }
            }
            return typed ?? (text.Length == 0 ? null : text.ToString());
        }
    }
}
