using System.Net;

namespace Kaifang.Interop.Harvesting;

/// What every protocol shares: the HTTP client they fetch with, and how a failed fetch is told.
public static class Harvesting
{
    /// The named HttpClient harvests fetch with (a time limit per request, Kaifang's user agent).
    public const string HttpClientName = "harvest";

    /// A source's answer may be large (a whole national list) but not without end.
    public const long MaxResponseBytes = 256L * 1024 * 1024;

    /// The body of a successful GET; anything else is the source's failure, said plainly.
    public static async Task<string> GetAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HarvestSourceException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw new HarvestSourceException($"{url} answered {response.Content.Headers.ContentLength} bytes, more than the {MaxResponseBytes} a harvest reads.");
            }
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new HarvestSourceException($"{url} could not be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HarvestSourceException($"{url} did not answer within {client.Timeout.TotalSeconds:0} seconds.", e);
        }
    }
}
