namespace Kaifang.Quality;

/// When a failing link counts as broken (錯誤連結, the accuracy formula of ACTION-PLAN S14.3): after
/// <paramref name="Failures"/> failed checks in a row whose first and latest lie at least
/// <paramref name="Span"/> apart. One failure is a server's bad minute, not a broken link; a link
/// that has failed for a day across several checks is. A success starts the count again.
public sealed record BrokenLinkRule(int Failures, TimeSpan Span)
{
    public bool IsBroken(int consecutiveFailures, DateTimeOffset? firstFailureAt, DateTimeOffset latestFailureAt) =>
        consecutiveFailures > 0
        && consecutiveFailures >= Math.Max(1, Failures)
        && firstFailureAt is { } first
        && latestFailureAt - first >= Span;
}
