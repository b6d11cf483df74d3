using System.Xml;
using System.Xml.Linq;

namespace Kaifang.Interop.Dcat;

/// Reads RDF/XML (W3C RDF 1.1 XML Syntax) into a graph: rdf:Description and typed node elements,
/// rdf:about, rdf:ID, rdf:nodeID, rdf:resource, property attributes, xml:lang, xml:base,
/// rdf:datatype, and rdf:parseType Resource, Literal and Collection.
public sealed class RdfXmlParser
{
    private static readonly XNamespace RdfNs = Rdf.Namespace;
    private static readonly XNamespace XmlNs = XNamespace.Xml;

    private readonly RdfGraph _graph = new();
    private readonly Dictionary<string, RdfBlankNode> _labels = new(StringComparer.Ordinal);
    private int _blankNodes;

    public static RdfGraph Parse(Stream content, Uri? baseUri = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        XDocument document;
        // No DTDs: a catalog from elsewhere has no business expanding entities.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        try
        {
            // Elements nested tens of thousands deep cost the XML reader time that grows with the square of
            // the depth (a minute for 100,000); a first pass stops at the depth no catalog comes near.
            var seekable = content.CanSeek ? content : Buffered(content);
            var start = seekable.Position;
            using (var check = XmlReader.Create(seekable, settings))
            {
                while (check.Read())
                {
                    if (check.Depth > MaxXmlDepth)
                    {
                        throw new RdfSyntaxException($"RDF/XML, line {(check as IXmlLineInfo)?.LineNumber}: elements are nested more than {MaxXmlDepth} deep.");
                    }
                }
            }
            seekable.Position = start;
            using var reader = XmlReader.Create(seekable, settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new RdfSyntaxException($"RDF/XML, line {e.LineNumber}: {e.Message}", e);
        }
        return Read(document, baseUri);
    }

    /// How deep XML elements may nest (a catalog's go a dozen levels at most).
    private const int MaxXmlDepth = 500;

    private static MemoryStream Buffered(Stream content)
    {
        var buffer = new MemoryStream();
        content.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    private static RdfGraph Read(XDocument document, Uri? baseUri)
    {
        var parser = new RdfXmlParser();
        var root = document.Root ?? throw new RdfSyntaxException("RDF/XML: the document is empty.");
        var rootBase = BaseOf(root, baseUri);
        foreach (var declaration in root.Attributes().Where(a => a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.Xmlns))
        {
            parser._graph.Prefixes[declaration.Name.LocalName] = declaration.Value;
        }
        if (root.Name == RdfNs + "RDF")
        {
            foreach (var node in root.Elements())
            {
                parser.NodeElement(node, rootBase, LanguageOf(root, null));
            }
        }
        else
        {
            parser.NodeElement(root, rootBase, null);
        }
        return parser._graph;
    }

    private RdfTerm NodeElement(XElement element, Uri? baseUri, string? language)
    {
        // Nodes nest inside properties inside nodes: a document nested deeper than any catalog is refused, not a crash.
        if (++_depth > MaxDepth)
        {
            throw new RdfSyntaxException($"RDF/XML: nodes are nested more than {MaxDepth} deep.");
        }
        try
        {
            return ReadNode(element, baseUri, language);
        }
        finally
        {
            _depth--;
        }
    }

    /// How deep nodes may nest (a catalog's are a few levels: catalog, dataset, distribution).
    private const int MaxDepth = 200;

    private int _depth;

    private RdfTerm ReadNode(XElement element, Uri? baseUri, string? language)
    {
        baseUri = BaseOf(element, baseUri);
        language = LanguageOf(element, language);
        RdfTerm subject;
        if (element.Attribute(RdfNs + "about") is { } about)
        {
            subject = new RdfIri(Resolve(baseUri, about.Value));
        }
        else if (element.Attribute(RdfNs + "ID") is { } id)
        {
            subject = new RdfIri(Resolve(baseUri, "#" + id.Value));
        }
        else if (element.Attribute(RdfNs + "nodeID") is { } nodeId)
        {
            subject = Labelled(nodeId.Value);
        }
        else
        {
            subject = NewBlankNode();
        }
        if (element.Name != RdfNs + "Description")
        {
            _graph.Add(subject, Rdf.Type, new RdfIri(element.Name.NamespaceName + element.Name.LocalName));
        }
        PropertyAttributes(subject, element, language);
        var li = 0;
        foreach (var property in element.Elements())
        {
            PropertyElement(subject, property, baseUri, language, ref li);
        }
        return subject;
    }

    private void PropertyElement(RdfTerm subject, XElement property, Uri? baseUri, string? language, ref int li)
    {
        baseUri = BaseOf(property, baseUri);
        language = LanguageOf(property, language);
        var predicate = property.Name == RdfNs + "li"
            ? Rdf.Namespace + "_" + (++li).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : property.Name.NamespaceName + property.Name.LocalName;
        var parseType = property.Attribute(RdfNs + "parseType")?.Value;
        if (parseType == "Resource")
        {
            var node = NewBlankNode();
            _graph.Add(subject, predicate, node);
            var inner = 0;
            foreach (var child in property.Elements())
            {
                PropertyElement(node, child, baseUri, language, ref inner);
            }
            return;
        }
        if (parseType == "Literal")
        {
            var xml = string.Concat(property.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
            _graph.Add(subject, predicate, RdfLiteral.Typed(xml, Rdf.Namespace + "XMLLiteral"));
            return;
        }
        if (parseType == "Collection")
        {
            RdfTerm list = new RdfIri(Rdf.Nil);
            foreach (var item in property.Elements().Select(e => NodeElement(e, baseUri, language)).Reverse().ToList())
            {
                var cell = NewBlankNode();
                _graph.Add(cell, Rdf.First, item);
                _graph.Add(cell, Rdf.Rest, list);
                list = cell;
            }
            _graph.Add(subject, predicate, list);
            return;
        }
        if (property.Attribute(RdfNs + "resource") is { } resource)
        {
            var target = new RdfIri(Resolve(baseUri, resource.Value));
            _graph.Add(subject, predicate, target);
            PropertyAttributes(target, property, language);
            return;
        }
        if (property.Attribute(RdfNs + "nodeID") is { } nodeId)
        {
            var target = Labelled(nodeId.Value);
            _graph.Add(subject, predicate, target);
            PropertyAttributes(target, property, language);
            return;
        }
        var children = property.Elements().ToList();
        if (children.Count > 0)
        {
            _graph.Add(subject, predicate, NodeElement(children[0], baseUri, language));
            return;
        }
        if (HasPropertyAttributes(property))
        {
            // An empty property element with attributes describes a new blank node.
            var node = NewBlankNode();
            _graph.Add(subject, predicate, node);
            PropertyAttributes(node, property, language);
            return;
        }
        var text = property.Value;
        if (property.Attribute(RdfNs + "datatype") is { } datatype)
        {
            _graph.Add(subject, predicate, RdfLiteral.Typed(text, Resolve(baseUri, datatype.Value)));
        }
        else
        {
            _graph.Add(subject, predicate, new RdfLiteral(text, string.IsNullOrEmpty(language) ? null : language));
        }
    }

    /// Attributes other than RDF's and XML's own are properties with literal values (rdf:type's is an IRI).
    private void PropertyAttributes(RdfTerm subject, XElement element, string? language)
    {
        foreach (var attribute in element.Attributes().Where(IsPropertyAttribute))
        {
            var predicate = attribute.Name.NamespaceName + attribute.Name.LocalName;
            _graph.Add(subject, predicate, predicate == Rdf.Type
                ? new RdfIri(attribute.Value)
                : new RdfLiteral(attribute.Value, string.IsNullOrEmpty(language) ? null : language));
        }
    }

    private static bool HasPropertyAttributes(XElement element) => element.Attributes().Any(IsPropertyAttribute);

    private static bool IsPropertyAttribute(XAttribute a) =>
        !a.IsNamespaceDeclaration
        && a.Name.Namespace != XmlNs
        && a.Name.Namespace != XNamespace.None
        && !(a.Name.Namespace == RdfNs && a.Name.LocalName is "about" or "ID" or "nodeID" or "resource" or "datatype" or "parseType" or "aboutEach" or "bagID");

    private static Uri? BaseOf(XElement element, Uri? inherited) =>
        element.Attribute(XmlNs + "base") is { } xmlBase
            ? inherited is null ? new Uri(xmlBase.Value, UriKind.Absolute) : new Uri(inherited, xmlBase.Value)
            : inherited;

    private static string? LanguageOf(XElement element, string? inherited) => element.Attribute(XmlNs + "lang")?.Value ?? inherited;

    private static string Resolve(Uri? baseUri, string iri)
    {
        if (iri.Contains(':', StringComparison.Ordinal) && Uri.TryCreate(iri, UriKind.Absolute, out _))
        {
            return iri;
        }
        if (baseUri is null)
        {
            return iri;
        }
        // A fragment alone refers to the document itself.
        return iri.Length == 0 ? baseUri.GetLeftPart(UriPartial.Query) : new Uri(baseUri, iri).AbsoluteUri;
    }

    private RdfBlankNode Labelled(string label)
    {
        if (!_labels.TryGetValue(label, out var node))
        {
            _labels[label] = node = NewBlankNode();
        }
        return node;
    }

    private RdfBlankNode NewBlankNode() => new($"x{++_blankNodes}");
}
