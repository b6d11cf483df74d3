using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Kaifang.Datastore;

public abstract partial class TabularFile
{
    /// An OpenDocument spreadsheet: the first table of its content.xml, first row as the column names.
    /// Every non-empty row of an OpenDocument spreadsheet's first table as written, the first rows
    /// included, for readers that shape the header themselves (a title row, a header over two rows).
    internal static IEnumerable<List<string?>> OdsRows(Func<Stream> open) => new OdsFile(open).ReadTable();

    private sealed class OdsFile(Func<Stream> open) : TabularFile
    {
        private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
        private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

        /// Repeated empty cells past this are the sheet's unused width, not data.
        private const int MaxRepeat = 1024;

        protected override Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            var header = ReadTable().FirstOrDefault()?.ToList()
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
            foreach (var cells in ReadTable().Skip(1))
            {
                var row = new string?[width];
                for (var i = 0; i < Math.Min(width, cells.Count); i++)
                {
                    row[i] = cells[i];
                }
                yield return row;
            }
        }

        internal IEnumerable<List<string?>> ReadTable()
        {
            using var stream = open();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var entry = zip.GetEntry("content.xml") ?? throw new DatastoreLoadException("The file is not an OpenDocument spreadsheet: it has no content.xml.");
            using var content = entry.Open();
            using var xml = XmlReader.Create(content, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = false });
            var tables = 0;
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
                var repeat = int.TryParse(xml.GetAttribute("number-rows-repeated", TableNs), out var r) ? r : 1;
                var cells = ReadRow(xml);
                if (cells.All(string.IsNullOrEmpty))
                {
                    continue;
                }
                for (var i = 0; i < Math.Min(repeat, MaxRepeat); i++)
                {
                    yield return cells;
                }
            }
        }

        private static List<string?> ReadRow(XmlReader xml)
        {
            var cells = new List<string?>();
            if (xml.IsEmptyElement)
            {
                return cells;
            }
            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TableNs || xml.LocalName is not ("table-cell" or "covered-table-cell"))
                {
                    continue;
                }
                var repeat = int.TryParse(xml.GetAttribute("number-columns-repeated", TableNs), out var c) ? c : 1;
                var value = CellValue(xml);
                for (var i = 0; i < Math.Min(repeat, MaxRepeat); i++)
                {
                    cells.Add(value);
                }
            }
            while (cells.Count > 0 && string.IsNullOrEmpty(cells[^1]))
            {
                cells.RemoveAt(cells.Count - 1);
            }
            return cells;
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
