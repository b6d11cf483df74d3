using Kaifang.Catalog;

namespace Kaifang.Interop.Harvesting;

/// A dataset as a source describes it, in Kaifang's terms, whatever the source speaks.
public sealed record HarvestedRecord
{
    /// The dataset's id at the source; the same record comes back under it on every run.
    public required string RemoteId { get; init; }

    /// The metadata. Agency holds the organization as the source names it (a code or an
    /// organisation code); the importer files the dataset under the matching local agency.
    public required DatasetInput Input { get; init; }

    /// The organization's display name, tried when its code is not one Kaifang knows.
    public string? OrganizationTitle { get; init; }

    /// The URL name, kept when it is free here.
    public string? Name { get; init; }

    /// The national identifier (資料集識別碼), kept when it is free here.
    public string? Identifier { get; init; }

    /// The source's own id, kept as the local id when free, so that ids survive a harvest.
    public Guid? PreferredId { get; init; }

    public DateTimeOffset? RemoteModifiedAt { get; init; }
    public DateTimeOffset? FirstPublishedAt { get; init; }
    public DateTimeOffset? DataModifiedAt { get; init; }
    public string? QualityMark { get; init; }
    public bool IsSample { get; init; }

    public IReadOnlyList<HarvestedResource> Resources { get; init; } = [];
}

/// A resource of a harvested dataset. It is always a link to where the source serves it.
public sealed record HarvestedResource(ResourceInput Input)
{
    public Guid? PreferredId { get; init; }
    public string? Identifier { get; init; }
    public long? Size { get; init; }
    public string? MediaType { get; init; }
}

/// One gathered record: the record, or why it could not be read.
public sealed record HarvestItem(string Record, HarvestedRecord? Value, string? Error)
{
    public static HarvestItem Read(HarvestedRecord value) => new(value.RemoteId, value, null);

    public static HarvestItem Failed(string record, string error) => new(record, null, error);
}

/// What a kind of source speaks: how to gather its records and list what it still has.
public interface IHarvestProtocol
{
    HarvestSourceKind Kind { get; }

    /// The records changed since the given moment (every record when null). A record that cannot be
    /// read comes as an error item; a source that cannot be read throws HarvestSourceException.
    IAsyncEnumerable<HarvestItem> GatherAsync(HarvestSource source, DateTimeOffset? since, CancellationToken cancellationToken);

    /// The remote ids of every record the source has now, so that what it dropped can be withdrawn;
    /// null when the source cannot say.
    Task<IReadOnlySet<string>?> RemoteIdsAsync(HarvestSource source, CancellationToken cancellationToken);
}

/// The source as a whole could not be read: unreachable, too slow, or not speaking its protocol.
public sealed class HarvestSourceException(string message, Exception? inner = null) : Exception(message, inner);

/// One record could not be imported; the run goes on with the next.
public sealed class HarvestRecordException(string message) : Exception(message);
