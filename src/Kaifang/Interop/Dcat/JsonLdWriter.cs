using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kaifang.Interop.Dcat;

/// Writes a graph as flattened JSON-LD 1.1: a @context of the graph's prefixes and a @graph with one
/// node object per subject. Properties and types use prefixed names; values are explicit
/// ({"@id"} for nodes, {"@value", "@language"|"@type"} for literals), so no term definition is needed.
public static partial class JsonLdWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Chinese stays readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(RdfGraph graph) => ToJson(graph).ToJsonString(Options) + "\n";

    public static JsonObject ToJson(RdfGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var context = new JsonObject();
        foreach (var (prefix, ns) in graph.Prefixes)
        {
            context[prefix] = ns;
        }
        var nodes = new JsonArray();
        foreach (var subject in graph.SubjectsInOrder)
        {
            var node = new JsonObject { ["@id"] = Id(subject) };
            var types = graph.Objects(subject, Rdf.Type).OfType<RdfIri>().Select(t => (JsonNode)Compact(graph, t.Value)!).ToArray();
            if (types.Length > 0)
            {
                node["@type"] = new JsonArray(types);
            }
            foreach (var group in graph.About(subject).Where(t => t.Predicate.Value != Rdf.Type || t.Value is not RdfIri).GroupBy(t => t.Predicate.Value))
            {
                node[Compact(graph, group.Key)] = new JsonArray([.. group.Select(t => Value(t.Value))]);
            }
            nodes.Add(node);
        }
        return new JsonObject { ["@context"] = context, ["@graph"] = nodes };
    }

    private static string Id(RdfTerm node) => node switch
    {
        RdfBlankNode b => "_:" + b.Label,
        RdfIri iri => iri.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static JsonObject Value(RdfTerm term)
    {
        if (term is not RdfLiteral literal)
        {
            return new JsonObject { ["@id"] = Id(term) };
        }
        var value = new JsonObject { ["@value"] = literal.Value };
        if (literal.Language is not null)
        {
            value["@language"] = literal.Language;
        }
        else if (literal.Datatype is not null and not Xsd.StringType)
        {
            value["@type"] = literal.Datatype;
        }
        return value;
    }

    private static string Compact(RdfGraph graph, string iri)
    {
        foreach (var (prefix, ns) in graph.Prefixes)
        {
            if (iri.StartsWith(ns, StringComparison.Ordinal) && PlainLocalName().IsMatch(iri.AsSpan(ns.Length)))
            {
                return prefix + ":" + iri[ns.Length..];
            }
        }
        return iri;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainLocalName();
}
