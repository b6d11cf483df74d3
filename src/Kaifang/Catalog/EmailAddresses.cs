using System.Net.Mail;

namespace Kaifang.Catalog;

public static class EmailAddresses
{
    /// A single plain address (name@host.tld), not a display-name form or a list.
    public static bool IsValid(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}
