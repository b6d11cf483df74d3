namespace Kaifang.Catalog;

/// The outcome of a catalog use case, which the pages and every API translate to their own terms.
public sealed record CatalogResult<T>(CatalogOutcome Outcome, T? Value, ValidationErrors? Errors = null)
{
    public bool Succeeded => Outcome == CatalogOutcome.Ok;

    public static CatalogResult<T> Ok(T value) => new(CatalogOutcome.Ok, value);
    public static CatalogResult<T> Invalid(ValidationErrors errors) => new(CatalogOutcome.Invalid, default, errors);
    public static CatalogResult<T> NotFound() => new(CatalogOutcome.NotFound, default);
    public static CatalogResult<T> Forbidden() => new(CatalogOutcome.Forbidden, default);

    /// Refused for now, by a rate limit; the errors say when to try again.
    public static CatalogResult<T> TooMany(ValidationErrors errors) => new(CatalogOutcome.TooMany, default, errors);

    /// The request does not fit the current state (e.g. closing a comment never replied to); the errors say why.
    public static CatalogResult<T> Conflict(ValidationErrors errors) => new(CatalogOutcome.Conflict, default, errors);

    public static CatalogResult<T> Conflict(string field, string zh, string en)
    {
        var errors = new ValidationErrors();
        errors.Add(field, zh, en);
        return Conflict(errors);
    }

    public static CatalogResult<T> Invalid(string field, string zh, string en)
    {
        var errors = new ValidationErrors();
        errors.Add(field, zh, en);
        return Invalid(errors);
    }
}

public enum CatalogOutcome
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    TooMany,
    Conflict,
}
