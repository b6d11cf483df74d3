using System.Net;
using System.Net.Sockets;

namespace Kaifang.Quality;

/// Which addresses the link checker may connect to. A resource URL is typed by agency staff or
/// harvested from another catalog, so it must never reach the server's own network: private,
/// loopback, link-local (cloud metadata at 169.254.169.254), unique-local, unspecified, multicast
/// and reserved addresses are refused unless an administrator allows their network.
public sealed class NetworkAddressPolicy
{
    private readonly IReadOnlyList<IPNetwork> _allowed;

    public NetworkAddressPolicy(IEnumerable<IPNetwork> allowed)
    {
        _allowed = [.. allowed];
    }

    /// The policy of the configured allowed networks; a network that does not parse is an error at start.
    public static NetworkAddressPolicy From(IEnumerable<string> allowedNetworks)
    {
        ArgumentNullException.ThrowIfNull(allowedNetworks);
        var networks = new List<IPNetwork>();
        foreach (var text in allowedNetworks.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            if (!IPNetwork.TryParse(text.Trim(), out var network))
            {
                throw new InvalidOperationException($"Kaifang:Quality:AllowedNetworks has '{text}', which is not a network in CIDR form such as 10.20.0.0/16.");
            }
            networks.Add(network);
        }
        return new NetworkAddressPolicy(networks);
    }

    private static readonly (IPNetwork Network, string Name)[] Reserved =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified (0.0.0.0/8)"),
        (IPNetwork.Parse("10.0.0.0/8"), "private (10.0.0.0/8)"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared carrier-grade NAT (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback (127.0.0.0/8)"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local (169.254.0.0/16)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private (172.16.0.0/12)"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments (192.0.0.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private (192.168.0.0/16)"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking (198.18.0.0/15)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast (224.0.0.0/4)"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved (240.0.0.0/4)"),
        (IPNetwork.Parse("::/128"), "unspecified (::)"),
        (IPNetwork.Parse("::1/128"), "loopback (::1)"),
        (IPNetwork.Parse("fe80::/10"), "link-local (fe80::/10)"),
        (IPNetwork.Parse("fc00::/7"), "unique-local (fc00::/7)"),
        (IPNetwork.Parse("ff00::/8"), "multicast (ff00::/8)"),
    ];

    /// The kind of reserved range the address lies in, or null for a public address. An IPv6 form
    /// of an IPv4 address (::ffff:10.0.0.1) is judged as that IPv4 address.
    public static string? ReservedRangeOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Normalize(address);
        foreach (var (network, name) in Reserved)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return name;
            }
        }
        return null;
    }

    /// Why the address is refused, or null when the checker may connect to it.
    public string? RefusalOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalized = Normalize(address);
        if (ReservedRangeOf(normalized) is not { } range)
        {
            return null;
        }
        foreach (var network in _allowed)
        {
            if (network.BaseAddress.AddressFamily == normalized.AddressFamily && network.Contains(normalized))
            {
                return null;
            }
        }
        return $"{normalized} is a {range} address, which the link checker does not reach unless an administrator allows its network (Kaifang:Quality:AllowedNetworks).";
    }

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // The deprecated IPv4-compatible form ::a.b.c.d (not :: or ::1) still reaches the IPv4 address on some stacks.
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            if (bytes[..12].IndexOfAnyExcept((byte)0) < 0 && (bytes[12] | bytes[13]) != 0)
            {
                return new IPAddress(bytes[12..]);
            }
            // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
            if (Nat64.Contains(address))
            {
                return new IPAddress(bytes[12..]);
            }
        }
        return address;
    }
}
