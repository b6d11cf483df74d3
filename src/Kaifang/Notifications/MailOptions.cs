namespace Kaifang.Notifications;

/// Settings bound from "Kaifang:Mail". With no SMTP host, notices wait in the outbox, where
/// administrators can read them; nothing is lost, and they are sent once a host is configured.
public sealed class MailOptions
{
    public const string Section = "Kaifang:Mail";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;

    /// StartTls (port 587), SslOnConnect (465), or None (a relay on a trusted network, and tests).
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }
    public string? Password { get; set; }

    public string From { get; set; } = "kaifang@localhost";
    public string FromName { get; set; } = "開放資料平臺 Kaifang";

    /// Attempts before a message is given up; the wait doubles after each failure, from one minute.
    public int MaxAttempts { get; set; } = 8;

    /// Seconds between looks at the outbox; 0 leaves sending to other nodes (or to tests, which send themselves).
    public int PollSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost);
}
