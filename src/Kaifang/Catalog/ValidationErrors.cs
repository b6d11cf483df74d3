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

    /// Adds "required" for a field left empty.
    public void Required(string field, string? value, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"請填寫{zh}。", $"{en} is required.");
        }
    }

    /// Adds a length error for a field longer than <paramref name="max"/> characters (spaces around it not counted).
    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            Add(field, $"最多 {max} 字，目前 {value.Trim().Length} 字。", $"At most {max} characters; this has {value.Trim().Length}.");
        }
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
