namespace Kaifang.Tests.Browser;

/// The browser tests run on their own, after the others: Chromium, the app under test and the
/// page's timeouts then do not compete for the CPU with classes that seed whole demo catalogs.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserTestGroup
{
    public const string Name = "Browser";
}
