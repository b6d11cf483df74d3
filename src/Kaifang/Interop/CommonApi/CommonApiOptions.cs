namespace Kaifang.Interop.CommonApi;

/// Settings of the common data-access API, bound from "Kaifang:CommonApi" (docs/common-api.md).
public sealed class CommonApiOptions
{
    public const string Section = "Kaifang:CommonApi";

    /// Where the API is served: the ministry's own platform serves it under /OdService.
    public string PathPrefix { get; set; } = "/OdService";

    /// The prefix with one leading slash and none at the end ("" serves the API at the site's root).
    public string NormalizedPrefix
    {
        get
        {
            var trimmed = (PathPrefix ?? "").Trim().Trim('/');
            return trimmed.Length == 0 ? "" : "/" + trimmed;
        }
    }
}
