namespace Kaifang.Interop.NationalPlatform;

/// How far an import has got. Bytes let a caller draw a progress bar without counting rows first.
public sealed record ImportProgress(int RowsRead, int Created, int Updated, int BadRows, long? BytesRead, long? TotalBytes)
{
    public double? Fraction => BytesRead is { } read && TotalBytes is > 0 ? Math.Min(1.0, (double)read / TotalBytes.Value) : null;
}

/// A row that was not imported: its number in the file (the header is row 1) and why.
public sealed record BadRow(int Row, string Reason);

public sealed record NationalImportResult(
    int RowsRead,
    int Created,
    int Updated,
    int Resources,
    int AgenciesCreated,
    IReadOnlyList<BadRow> BadRows,
    TimeSpan Elapsed);
