namespace Kaifang.Interop.CommonApi;

/// The error codes of the common data-access API standard (共通性資料存取應用程式介面規範).
public static class CommonApiErrors
{
    /// No such resource (or dataset, service category, keyword), or not in the DataStore.
    public const string NotFound = "ER0100";

    /// A parameter the endpoint does not take.
    public const string UnknownParameter = "ER0200";

    /// A parameter whose value is not of the form it must have.
    public const string MalformedValue = "ER0210";

    /// A field name in filters, sort or fields that the resource does not have.
    public const string UnknownField = "ER0220";

    /// Anything else that went wrong on the server; its details go to the log, never to the caller.
    public const string SystemError = "ER0500";
}

/// A request the common API refuses, with the standard's code and a message in both languages.
public sealed class CommonApiException : Exception
{
    public CommonApiException(string type, string chinese, string english)
        : base(english)
    {
        Type = type;
        Chinese = chinese;
    }

    /// One of <see cref="CommonApiErrors"/>.
    public string Type { get; }

    public string Chinese { get; }

    public string MessageIn(bool english) => english ? Message : Chinese;

    public static CommonApiException NotFound(string chinese, string english) => new(CommonApiErrors.NotFound, chinese, english);

    public static CommonApiException Malformed(string chinese, string english) => new(CommonApiErrors.MalformedValue, chinese, english);
}
