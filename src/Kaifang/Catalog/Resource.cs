namespace Kaifang.Catalog;

/// A resource (資料資源): one file or link of a dataset.
public sealed class Resource
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public Dataset? Dataset { get; set; }

    /// Dataset identifier plus a three-digit serial, e.g. A17010000J-000123-001.
    public required string Identifier { get; set; }

    public int Position { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// Upper-case format name, e.g. CSV, JSON, XLSX, PDF.
    public required string Format { get; set; }

    /// 編碼格式, e.g. UTF-8, BIG5.
    public string? Encoding { get; set; }

    /// Where an external resource lives. Null for an uploaded file, whose download URL Kaifang builds.
    public string? Url { get; set; }

    /// SHA-256 (hex) of an uploaded file in the content-addressed store.
    public string? FileHash { get; set; }
    public string? FileName { get; set; }
    public long? Size { get; set; }
    public string? MediaType { get; set; }

    /// The resource this one is made from (a CSV copy of a spreadsheet, an RDF rendering of a table),
    /// remade whenever that one's file is replaced; null for a resource of its own.
    public Guid? DerivedFromId { get; set; }

    /// How it is made from <see cref="DerivedFromId"/>: "csv" or "rdf".
    public string? Derivation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }

    public bool IsUpload => FileHash is not null;
}
