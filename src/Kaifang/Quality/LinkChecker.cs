using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Kaifang.Quality;

/// Checks links over HTTP, politely and safely: a bounded number of requests in flight in all and
/// per host, a pause between requests to the same host, a time limit per request, redirects
/// followed one by one (each recorded, each hop's address checked, a limit on their number), HEAD
/// first and GET where HEAD is refused or where bytes are to be hashed, retries with growing waits
/// after timeouts, 5xx and 429 answers and failed connections. Every connection goes through
/// <see cref="ConnectAsync"/>, which refuses addresses of the server's own networks
/// (<see cref="NetworkAddressPolicy"/>). docs/decisions/0008-link-checker.md says why this is
/// Kaifang's own code.
public sealed class LinkChecker(IHttpClientFactory clients, IOptions<QualityOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "link-checker";

    /// Hosts worked on at once, per request allowed in flight.
    public const int HostsPerInFlightSlot = 16;

    private readonly QualityOptions _options = options.Value;
    private readonly SemaphoreSlim _inFlight = new(Math.Max(1, options.Value.TotalConcurrency));
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public void Dispose()
    {
        _inFlight.Dispose();
        foreach (var gate in _hosts.Values)
        {
            gate.Dispose();
        }
    }

    /// Checks every target and hands each result to <paramref name="onResult"/> as soon as it is
    /// known (from several threads at once). Hosts are worked through side by side; within a host,
    /// at most PerHostConcurrency requests at a time.
    public async Task CheckAsync(IEnumerable<LinkTarget> targets, Func<LinkTarget, LinkProbe, ValueTask> onResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(onResult);
        var byHost = new Dictionary<string, Queue<LinkTarget>>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in targets)
        {
            if (!TryParse(target.Url, out var uri))
            {
                await onResult(target, LinkProbe.Failed(target.Url, LinkFailure.InvalidUrl, $"'{target.Url}' is not an absolute http(s) address."));
                continue;
            }
            var key = HostKey(uri);
            if (!byHost.TryGetValue(key, out var queue))
            {
                byHost[key] = queue = new Queue<LinkTarget>();
            }
            queue.Enqueue(target);
        }
        var perHost = Math.Max(1, _options.PerHostConcurrency);
        // More hosts at once than requests in flight: a host's slot spends its politeness pause idle,
        // and another host's request takes the in-flight slot meanwhile.
        var hostsAtOnce = Math.Max(1, _options.TotalConcurrency) * HostsPerInFlightSlot;
        await Parallel.ForEachAsync(byHost, new ParallelOptions { MaxDegreeOfParallelism = hostsAtOnce, CancellationToken = cancellationToken },
            async (host, ct) =>
            {
                var queue = new ConcurrentQueue<LinkTarget>(host.Value);
                var workers = Enumerable.Range(0, Math.Min(perHost, queue.Count)).Select(_ => Task.Run(async () =>
                {
                    while (queue.TryDequeue(out var target))
                    {
                        var probe = await CheckPolitelyAsync(host.Key, target, ct);
                        await onResult(target, probe);
                    }
                }, ct));
                await Task.WhenAll(workers);
            });
    }

    /// Checks one link, within the same limits as a whole run.
    public async Task<LinkProbe> CheckOneAsync(LinkTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return TryParse(target.Url, out var uri)
            ? await CheckPolitelyAsync(HostKey(uri), target, cancellationToken)
            : LinkProbe.Failed(target.Url, LinkFailure.InvalidUrl, $"'{target.Url}' is not an absolute http(s) address.");
    }

    private async Task<LinkProbe> CheckPolitelyAsync(string host, LinkTarget target, CancellationToken cancellationToken)
    {
        // Shared by every run on this node, so that a check on demand during the nightly run does not double a host's load.
        var gate = _hosts.GetOrAdd(host, _ => new SemaphoreSlim(Math.Max(1, _options.PerHostConcurrency)));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var probe = await CheckWithRetriesAsync(target, cancellationToken);
            if (_options.PolitenessDelayMilliseconds > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.PolitenessDelayMilliseconds), time, cancellationToken);
            }
            return probe;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<LinkProbe> CheckWithRetriesAsync(LinkTarget target, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var requests = 0;
        for (var attempt = 0; ; attempt++)
        {
            var (probe, transient, made) = await AttemptAsync(target, cancellationToken);
            requests += made;
            if (!transient || attempt >= _options.Retries)
            {
                return probe with { Requests = requests, Duration = time.GetElapsedTime(started) };
            }
            var wait = TimeSpan.FromMilliseconds(_options.RetryBackoffMilliseconds * Math.Pow(2, attempt));
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// One try: the redirects followed to the end. Transient: worth trying again later.
    private async Task<(LinkProbe Probe, bool Transient, int Requests)> AttemptAsync(LinkTarget target, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        var uri = new Uri(target.Url.Trim());
        var hops = new StringBuilder();
        var method = HttpMethod.Head;
        var requests = 0;
        var redirects = 0;
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                using var request = new HttpRequestMessage(method, uri);
                requests++;
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return (Fail(target, hops, LinkFailure.Timeout, $"{uri} did not answer within {_options.TimeoutSeconds} seconds."), true, requests);
                }
                catch (HttpRequestException e) when (RefusalIn(e) is { } refused)
                {
                    return (Fail(target, hops, LinkFailure.NetworkRefused, refused.Message), false, requests);
                }
                catch (HttpRequestException e)
                {
                    return (Fail(target, hops, LinkFailure.ConnectionFailed, $"{uri} could not be reached: {Innermost(e).Message}"), true, requests);
                }
                using (response)
                {
                    var status = (int)response.StatusCode;
                    if (status is >= 300 and < 400 && status != 304)
                    {
                        var location = response.Headers.Location;
                        hops.Append(status).Append(' ').Append(uri).Append('\n');
                        if (location is null || !TryParse(new Uri(uri, location).ToString(), out var next))
                        {
                            return (Fail(target, hops, LinkFailure.TooManyRedirects, $"{uri} answered {status} without a usable http(s) Location."), false, requests);
                        }
                        if (++redirects > _options.MaxRedirects)
                        {
                            return (Fail(target, hops, LinkFailure.TooManyRedirects, $"More than {_options.MaxRedirects} redirects; the last pointed to {next}."), false, requests);
                        }
                        uri = next;
                        continue;
                    }
                    if (method == HttpMethod.Head && (IsHeadRefused(status) || (status is >= 200 and < 300 && _options.HashBytes > 0)))
                    {
                        // HEAD refused (some servers answer it with 403 or 405), or bytes to hash: ask again with GET.
                        method = HttpMethod.Get;
                        continue;
                    }
                    var mediaType = response.Content.Headers.ContentType?.MediaType;
                    if (status is < 200 or >= 300)
                    {
                        var transient = status >= 500 || status == 429;
                        return (Fail(target, hops, LinkFailure.HttpError, $"{uri} answered {status} {response.ReasonPhrase}.") with { HttpStatus = status, ContentType = mediaType }, transient, requests);
                    }
                    return (await SucceededAsync(target, uri, hops, response, method, linked.Token, cancellationToken), false, requests);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The body did not come within the time limit.
            return (Fail(target, hops, LinkFailure.Timeout, $"{uri} did not send its data within {_options.TimeoutSeconds} seconds."), true, requests);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (Fail(target, hops, LinkFailure.ConnectionFailed, $"{uri} broke off: {Innermost(e).Message}"), true, requests);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task<LinkProbe> SucceededAsync(LinkTarget target, Uri uri, StringBuilder hops, HttpResponseMessage response, HttpMethod method,
        CancellationToken request, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var size = response.Content.Headers.ContentLength;
        string? hash = null;
        long? hashed = null;
        var start = Array.Empty<byte>();
        SniffedFormat? content = null;
        bool? linksToOtherData = null;
        string? encoding = null;
        if (method == HttpMethod.Get && _options.HashBytes > 0)
        {
            (hash, hashed, start, var complete) = await ReadStartAsync(response, _options.HashBytes, request);
            if (complete && size is null)
            {
                size = hashed;
            }
            (content, linksToOtherData, encoding) = LinkProbe.Sniff(start, complete);
        }
        var probe = new LinkProbe
        {
            Url = target.Url,
            Status = LinkStatus.Ok,
            HttpStatus = status,
            ContentType = mediaType,
            Size = size,
            ContentHash = hash,
            HashedBytes = hashed,
            RedirectChain = Chain(hops),
            Content = content,
            LinksToOtherData = linksToOtherData,
            ContentEncoding = encoding,
        };
        if (!LinkContent.IsPageFormat(target.Format) && LinkContent.LooksLikeHtml(mediaType, start))
        {
            return probe with
            {
                Status = LinkStatus.Failed,
                Failure = LinkFailure.HtmlInsteadOfData,
                Error = $"{uri} answered an HTML page where the resource promises {target.Format?.Trim().ToUpperInvariant() ?? "data"}.",
            };
        }
        cancellationToken.ThrowIfCancellationRequested();
        return probe with { Warning = LinkContent.TypeWarning(target.Format, mediaType) };
    }

    /// Reads and hashes at most <paramref name="limit"/> bytes of the body; the rest is not downloaded.
    /// The first <see cref="ContentSniffer.SniffBytes"/> of them are kept, to tell what the content is.
    private static async Task<(string Hash, long Read, byte[] Start, bool Complete)> ReadStartAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 81920));
        try
        {
            long total = 0;
            using var start = new MemoryStream();
            var complete = false;
            while (total < limit)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), cancellationToken);
                if (read == 0)
                {
                    complete = true;
                    break;
                }
                if (start.Length < ContentSniffer.SniffBytes)
                {
                    start.Write(buffer, 0, (int)Math.Min(read, ContentSniffer.SniffBytes - start.Length));
                }
                sha.AppendData(buffer, 0, read);
                total += read;
            }
            return (Convert.ToHexStringLower(sha.GetHashAndReset()), total, start.ToArray(), complete);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static LinkProbe Fail(LinkTarget target, StringBuilder hops, LinkFailure failure, string error) =>
        LinkProbe.Failed(target.Url, failure, error) with { RedirectChain = Chain(hops) };

    private static string? Chain(StringBuilder hops) => hops.Length == 0 ? null : hops.ToString(0, hops.Length - 1);

    /// Answers of servers that do not do HEAD, though GET works.
    private static bool IsHeadRefused(int status) => status is 400 or 403 or 405 or 406 or 501;

    private static LinkRefusedException? RefusalIn(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is LinkRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private static bool TryParse(string? url, out Uri uri)
    {
        if (Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            uri = parsed;
            return true;
        }
        uri = null!;
        return false;
    }

    private static string HostKey(Uri uri) => $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";

    /// Opens every connection the checker makes: resolves the name itself, and connects only to an
    /// address the policy allows, so that neither a URL, a redirect nor a name that resolves to an
    /// internal address (DNS rebinding) reaches the server's own network.
    public static async ValueTask<Stream> ConnectAsync(NetworkAddressPolicy policy, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        string? refusal = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            if (policy.RefusalOf(address) is { } why)
            {
                refusal ??= why;
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (lastError is not null)
        {
            throw lastError;
        }
        throw new LinkRefusedException(refusal is null ? $"{host} has no address." : $"{host}: {refusal}");
    }
}

/// The checker would not connect: the address is in a network it must not reach.
public sealed class LinkRefusedException(string message) : Exception(message);
