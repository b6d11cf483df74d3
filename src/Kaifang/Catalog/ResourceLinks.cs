namespace Kaifang.Catalog;

/// Where a resource's data is fetched: its own link, or Kaifang's download address for an upload.
public static class ResourceLinks
{
    public static string DownloadUrl(string baseUrl, Dataset dataset, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(resource);
        return $"{baseUrl}/datasets/{dataset.Name}/resources/{resource.Id}/download";
    }

    /// Whether the text is an absolute http or https address: the only links Kaifang stores or fetches.
    public static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// The address a client downloads the resource from.
    public static string UrlOf(string baseUrl, Dataset dataset, Resource resource) =>
        resource?.Url ?? DownloadUrl(baseUrl, dataset, resource!);
}
