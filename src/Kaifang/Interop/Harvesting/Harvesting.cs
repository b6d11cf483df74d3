using System.Net;

namespace Kaifang.Interop.Harvesting;

/// What every protocol shares: the HTTP client they fetch with, and how a failed fetch is told.
public static class Harvesting
{
    /// The named HttpClient harvests fetch with (a time limit per request, Kaifang's user agent).
    public const string HttpClientName = "harvest";

    /// A source's answer may be large (a whole national list) but not without end.
    public const long MaxResponseBytes = 256L * 1024 * 1024;

    /// The body of a successful GET as text; anything else is the source's failure, said plainly.
    public static async Task<string> GetAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        var (body, _) = await GetBytesAsync(client, url, null, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(body);
    }

    /// The body and content type of a successful GET, asking for the given media types.
    public static async Task<(byte[] Body, string? ContentType)> GetBytesAsync(HttpClient client, string url, string? accept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (accept is not null)
            {
                request.Headers.Accept.Clear();
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HarvestSourceException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw new HarvestSourceException($"{url} answered {response.Content.Headers.ContentLength} bytes, more than the {MaxResponseBytes} a harvest reads.");
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return (body, response.Content.Headers.ContentType?.MediaType);
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
