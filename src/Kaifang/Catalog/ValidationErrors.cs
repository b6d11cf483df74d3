namespace Kaifang.Catalog;

/// Problems with input, field by field, each said in Traditional Chinese and English.
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<ValidationMessage>> _byField = new(StringComparer.Ordinal);

    public bool IsValid => _byField.Count == 0;

    public IEnumerable<string> Fields => _byField.Keys;

    public void Add(string field, string zh, string en)
    {
        if (!_byField.TryGetValue(field, out var list))
        {
            _byField[field] = list = [];
        }
        list.Add(new ValidationMessage(zh, en));
    }

    public IReadOnlyList<ValidationMessage> For(string field) => _byField.TryGetValue(field, out var list) ? list : [];

    /// Field → messages in one language, the shape of ASP.NET Core's validation problem details.
    public Dictionary<string, string[]> ToDictionary(bool english) =>
        _byField.ToDictionary(kv => kv.Key, kv => kv.Value.Select(m => english ? m.En : m.Zh).ToArray(), StringComparer.Ordinal);
}

public sealed record ValidationMessage(string Zh, string En)
{
    public string In(bool english) => english ? En : Zh;
}
