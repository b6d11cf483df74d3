using System.Globalization;
using System.Text.Json;

namespace Kaifang.Interop.Dcat;

/// Reads JSON-LD into a graph, covering what DCAT catalogs use: an inline @context (also nested
/// and as an array) with prefixes, terms, @vocab, @base, @language and type coercion (@id, @vocab,
/// datatypes), @graph, @id, @type, value objects, nested node objects, @list, @set and language
/// maps. Remote contexts are not fetched: a reader of harvested data must not go and get URLs a
/// document names, so their terms stay unknown and are dropped as JSON-LD drops unknown terms.
public sealed class JsonLdParser
{
    private readonly RdfGraph _graph = new();
    private int _blankNodes;
    private readonly Dictionary<string, RdfBlankNode> _labels = new(StringComparer.Ordinal);

    public static RdfGraph Parse(ReadOnlyMemory<byte> content, Uri? baseUri = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new RdfSyntaxException($"JSON-LD, line {e.LineNumber + 1}: {e.Message}", e);
        }
        using (document)
        {
            var parser = new JsonLdParser();
            var context = new Context { Base = baseUri?.AbsoluteUri };
            parser.TopLevel(document.RootElement, context);
            return parser._graph;
        }
    }

    private void TopLevel(JsonElement element, Context context)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                TopLevel(item, context);
            }
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var local = Contextualise(element, context);
        // An object holding only @context and @graph is the document, not a node.
        if (element.TryGetProperty("@graph", out var graph) && !element.EnumerateObject().Any(p => p.Name is not ("@context" or "@graph")))
        {
            foreach (var prefix in local.Terms.Where(t => t.Value.Id is not null && t.Value.Id.EndsWith('/') || t.Value.Id?.EndsWith('#') == true))
            {
                _graph.Prefixes.TryAdd(prefix.Key, prefix.Value.Id!);
            }
            TopLevel(graph, local);
            return;
        }
        Node(element, context);
    }

    private RdfTerm Node(JsonElement node, Context outer)
    {
        var context = Contextualise(node, outer);
        RdfTerm subject = node.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String
            ? NodeReference(context.ExpandIri(id.GetString()!, vocab: false))
            : NewBlankNode();
        foreach (var property in node.EnumerateObject())
        {
            var key = property.Name;
            if (key is "@context" or "@id")
            {
                continue;
            }
            var expandedKey = context.ExpandIri(key, vocab: true);
            if (expandedKey == "@type")
            {
                foreach (var type in Items(property.Value).Where(t => t.ValueKind == JsonValueKind.String))
                {
                    _graph.Add(subject, Rdf.Type, NodeReference(context.ExpandIri(type.GetString()!, vocab: true)));
                }
                continue;
            }
            if (expandedKey == "@graph")
            {
                foreach (var item in Items(property.Value).Where(i => i.ValueKind == JsonValueKind.Object))
                {
                    Node(item, context);
                }
                continue;
            }
            if (expandedKey == "@reverse" || expandedKey.StartsWith('@') || !expandedKey.Contains(':', StringComparison.Ordinal))
            {
                continue; // keywords Kaifang does not need, and terms the context does not define
            }
            var term = context.Terms.GetValueOrDefault(key);
            if (term?.Container == "@language" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var byLanguage in property.Value.EnumerateObject())
                {
                    foreach (var text in Items(byLanguage.Value).Where(t => t.ValueKind == JsonValueKind.String))
                    {
                        _graph.Add(subject, expandedKey, RdfLiteral.Lang(text.GetString()!, byLanguage.Name));
                    }
                }
                continue;
            }
            if (term?.Container == "@list")
            {
                _graph.Add(subject, expandedKey, List(Items(property.Value), term, context));
                continue;
            }
            foreach (var value in Items(property.Value))
            {
                if (Value(value, term, context) is { } obj)
                {
                    _graph.Add(subject, expandedKey, obj);
                }
            }
        }
        return subject;
    }

    private RdfTerm? Value(JsonElement value, TermDefinition? term, Context context)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                var text = value.GetString()!;
                return term?.Type switch
                {
                    "@id" => NodeReference(context.ExpandIri(text, vocab: false)),
                    "@vocab" => NodeReference(context.ExpandIri(text, vocab: true)),
                    { } datatype when !datatype.StartsWith('@') => RdfLiteral.Typed(text, datatype),
                    _ => (term?.Language ?? context.Language) is { Length: > 0 } lang && term?.HasLanguage != false
                        ? RdfLiteral.Lang(text, lang)
                        : new RdfLiteral(text),
                };
            case JsonValueKind.True or JsonValueKind.False:
                return RdfLiteral.Typed(value.ValueKind == JsonValueKind.True ? "true" : "false", Xsd.Boolean);
            case JsonValueKind.Number:
                if (term?.Type is { } numberType && !numberType.StartsWith('@'))
                {
                    return RdfLiteral.Typed(value.GetRawText(), numberType);
                }
                return value.TryGetInt64(out var integer)
                    ? RdfLiteral.Typed(integer.ToString(CultureInfo.InvariantCulture), Xsd.IntegerType)
                    : RdfLiteral.Typed(value.GetDouble().ToString("0.0##############E0", CultureInfo.InvariantCulture), Xsd.Namespace + "double");
            case JsonValueKind.Array:
                return null; // nested arrays are flattened by Items
            case JsonValueKind.Object:
                if (value.TryGetProperty("@value", out var literal))
                {
                    var lexical = literal.ValueKind == JsonValueKind.String ? literal.GetString()! : literal.GetRawText();
                    if (value.TryGetProperty("@language", out var language) && language.ValueKind == JsonValueKind.String)
                    {
                        return RdfLiteral.Lang(lexical, language.GetString()!);
                    }
                    if (value.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String)
                    {
                        return RdfLiteral.Typed(lexical, context.ExpandIri(type.GetString()!, vocab: true));
                    }
                    return literal.ValueKind switch
                    {
                        JsonValueKind.String => new RdfLiteral(lexical),
                        _ => Value(literal, null, context),
                    };
                }
                if (value.TryGetProperty("@list", out var list))
                {
                    return List(Items(list), term, context);
                }
                return Node(value, context);
            default:
                return null;
        }
    }

    private RdfTerm List(IEnumerable<JsonElement> items, TermDefinition? term, Context context)
    {
        var values = items.Select(i => Value(i, term, context)).OfType<RdfTerm>().ToList();
        RdfTerm list = new RdfIri(Rdf.Nil);
        for (var i = values.Count - 1; i >= 0; i--)
        {
            var cell = NewBlankNode();
            _graph.Add(cell, Rdf.First, values[i]);
            _graph.Add(cell, Rdf.Rest, list);
            list = cell;
        }
        return list;
    }

    /// The values of a property: arrays and @set objects are flattened, as JSON-LD expansion does.
    private static IEnumerable<JsonElement> Items(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().SelectMany(Items)
        : value.ValueKind == JsonValueKind.Object && value.TryGetProperty("@set", out var set) ? Items(set)
        : [value];

    private RdfTerm NodeReference(string iri)
    {
        if (!iri.StartsWith("_:", StringComparison.Ordinal))
        {
            return new RdfIri(iri);
        }
        if (!_labels.TryGetValue(iri, out var node))
        {
            _labels[iri] = node = NewBlankNode();
        }
        return node;
    }

    private RdfBlankNode NewBlankNode() => new($"j{++_blankNodes}");

    private static Context Contextualise(JsonElement element, Context context) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("@context", out var local) ? context.With(local) : context;

    private sealed record TermDefinition(string? Id, string? Type, string? Language, bool? HasLanguage, string? Container);

    /// The active context: term definitions and defaults, extended (never changed) by each local @context.
    private sealed class Context
    {
        public Dictionary<string, TermDefinition> Terms { get; init; } = new(StringComparer.Ordinal);
        public string? Vocab { get; init; }
        public string? Base { get; init; }
        public string? Language { get; init; }

        public Context With(JsonElement local)
        {
            var context = this;
            foreach (var definition in Items(local))
            {
                if (definition.ValueKind == JsonValueKind.Null)
                {
                    context = new Context { Base = Base };
                    continue;
                }
                if (definition.ValueKind != JsonValueKind.Object)
                {
                    continue; // a remote context, not fetched
                }
                var terms = new Dictionary<string, TermDefinition>(context.Terms, StringComparer.Ordinal);
                var next = new Context
                {
                    Terms = terms,
                    Vocab = definition.TryGetProperty("@vocab", out var vocab) ? vocab.GetString() : context.Vocab,
                    Base = definition.TryGetProperty("@base", out var b) ? b.GetString() : context.Base,
                    Language = definition.TryGetProperty("@language", out var lang) ? lang.GetString() : context.Language,
                };
                // Definitions may refer to each other (a term whose @id is a compact IRI); two passes settle simple chains.
                for (var pass = 0; pass < 2; pass++)
                {
                    foreach (var entry in definition.EnumerateObject().Where(e => !e.Name.StartsWith('@')))
                    {
                        terms[entry.Name] = next.Define(entry.Name, entry.Value);
                    }
                }
                context = next;
            }
            return context;
        }

        private TermDefinition Define(string name, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return new TermDefinition(ExpandIri(value.GetString()!, vocab: true, defining: name), null, null, null, null);
            }
            if (value.ValueKind != JsonValueKind.Object)
            {
                return new TermDefinition(null, null, null, null, null);
            }
            var id = value.TryGetProperty("@id", out var i) && i.ValueKind == JsonValueKind.String
                ? ExpandIri(i.GetString()!, vocab: true, defining: name)
                : ExpandIri(name, vocab: true, defining: name);
            string? type = value.TryGetProperty("@type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString() is "@id" or "@vocab" ? t.GetString() : ExpandIri(t.GetString()!, vocab: true)
                : null;
            var hasLanguage = value.TryGetProperty("@language", out var l);
            var container = value.TryGetProperty("@container", out var c)
                ? Items(c).Select(x => x.GetString()).FirstOrDefault(x => x is "@list" or "@language" or "@set")
                : null;
            return new TermDefinition(id, type, hasLanguage && l.ValueKind == JsonValueKind.String ? l.GetString() : null,
                hasLanguage ? l.ValueKind == JsonValueKind.String : null, container);
        }

        /// Expands a term, compact IRI, blank node label, absolute or relative IRI (JSON-LD 1.1 IRI expansion).
        public string ExpandIri(string value, bool vocab, string? defining = null)
        {
            if (value.StartsWith('@'))
            {
                return value;
            }
            if (vocab && value != defining && Terms.TryGetValue(value, out var term) && term.Id is not null)
            {
                return term.Id;
            }
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var prefix = value[..colon];
                var suffix = value[(colon + 1)..];
                if (prefix == "_")
                {
                    return value;
                }
                if (!suffix.StartsWith("//", StringComparison.Ordinal) && prefix != defining && Terms.TryGetValue(prefix, out var p) && p.Id is not null)
                {
                    return p.Id + suffix;
                }
                return value; // already absolute
            }
            if (vocab && Vocab is not null)
            {
                return Vocab + value;
            }
            if (!vocab && Base is not null && Uri.TryCreate(Base, UriKind.Absolute, out var baseUri))
            {
                return new Uri(baseUri, value).AbsoluteUri;
            }
            return value;
        }
    }
}
