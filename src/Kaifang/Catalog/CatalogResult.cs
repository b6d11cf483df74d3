namespace Kaifang.Catalog;

/// The outcome of a catalog use case, which the pages and every API translate to their own terms.
public sealed record CatalogResult<T>(CatalogOutcome Outcome, T? Value, ValidationErrors? Errors = null)
{
    public bool Succeeded => Outcome == CatalogOutcome.Ok;

    public static CatalogResult<T> Ok(T value) => new(CatalogOutcome.Ok, value);
    public static CatalogResult<T> Invalid(ValidationErrors errors) => new(CatalogOutcome.Invalid, default, errors);
    public static CatalogResult<T> NotFound() => new(CatalogOutcome.NotFound, default);
    public static CatalogResult<T> Forbidden() => new(CatalogOutcome.Forbidden, default);

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
}
