using System.Text.RegularExpressions;

namespace Kaifang.Feedback;

/// Why a comment should wait for a moderator instead of being shown at once, or null when it looks
/// like a person's. A held comment is kept and moderators see it: nothing is ever dropped.
public static partial class SpamCheck
{
    public static string? Reason(string subject, string body, string? honeypot, FeedbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(honeypot))
        {
            return "filled the hidden field people do not see (a form-filling robot)";
        }
        var text = $"{subject}\n{body}";
        var links = LinkPattern().Count(text);
        if (links > options.MaxLinksBeforeHold)
        {
            return $"{links} links (more than {options.MaxLinksBeforeHold})";
        }
        foreach (var word in options.HoldWords.Where(w => !string.IsNullOrWhiteSpace(w)))
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return $"contains \"{word}\"";
            }
        }
        if (RepeatPattern().IsMatch(text))
        {
            return "one character repeated more than 30 times";
        }
        return null;
    }

    [GeneratedRegex(@"(https?://|www\.)", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(.)\1{30,}")]
    private static partial Regex RepeatPattern();
}
