namespace Kaifang.Agencies;

/// The agency tree held in memory: small (tens of nodes), read on nearly every request
/// to decide which agencies a role reaches (ACTION-PLAN S8 tiered delegation).
public sealed class AgencyTree
{
    private readonly Dictionary<int, AgencyNode> _byId;

    public AgencyTree(IEnumerable<Agency> agencies)
    {
        var list = agencies.ToList();
        _byId = list.ToDictionary(a => a.Id, a => new AgencyNode(a.Id, a.Code, a.Name, a.ShortName, a.NameEn, a.OrganisationCode, a.ParentId));
        Roots = [.. _byId.Values.Where(n => n.ParentId is null || !_byId.ContainsKey(n.ParentId.Value)).OrderBy(n => n.Id)];
        foreach (var node in _byId.Values.OrderBy(n => n.Id))
        {
            if (node.ParentId is int parent && _byId.TryGetValue(parent, out var p))
            {
                p.Children.Add(node);
            }
        }
    }

    public IReadOnlyList<AgencyNode> Roots { get; }

    public IEnumerable<AgencyNode> All => _byId.Values.OrderBy(n => n.Id);

    public AgencyNode? Find(int id) => _byId.GetValueOrDefault(id);

    public AgencyNode? FindByCode(string code) =>
        _byId.Values.FirstOrDefault(n => string.Equals(n.Code, code, StringComparison.OrdinalIgnoreCase));

    /// By its short code (BLI, any case) or its national organisation code (A17010000J): how
    /// machines name an agency, e.g. as a CKAN organization's name or id.
    public AgencyNode? FindByCodeOrOrganisationCode(string key) =>
        FindByCode(key) ?? _byId.Values.FirstOrDefault(n => string.Equals(n.OrganisationCode, key, StringComparison.OrdinalIgnoreCase));

    /// The agency and every agency below it.
    public IReadOnlySet<int> SelfAndDescendants(int id)
    {
        var result = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(id);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (!result.Add(current) || !_byId.TryGetValue(current, out var node))
            {
                continue;
            }
            foreach (var child in node.Children)
            {
                stack.Push(child.Id);
            }
        }
        return result;
    }

    /// Depth-first order with each node's depth, for indented lists.
    public IEnumerable<(AgencyNode Node, int Depth)> Flatten()
    {
        var stack = new Stack<(AgencyNode, int)>();
        foreach (var root in Roots.Reverse())
        {
            stack.Push((root, 0));
        }
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            yield return (node, depth);
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push((node.Children[i], depth + 1));
            }
        }
    }
}

public sealed record AgencyNode(int Id, string Code, string Name, string? ShortName, string NameEn, string OrganisationCode, int? ParentId)
{
    public List<AgencyNode> Children { get; } = [];

    public string DisplayName(bool english) => english ? NameEn : Name;
}
