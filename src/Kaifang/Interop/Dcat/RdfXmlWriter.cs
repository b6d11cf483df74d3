using System.Text;
using System.Xml;

namespace Kaifang.Interop.Dcat;

/// Writes a graph as RDF/XML: one rdf:Description per subject, each property an element named by
/// its prefixed name; rdf:type as a property with rdf:resource, so that every triple looks alike.
public static class RdfXmlWriter
{
    public static string Write(RdfGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var prefixes = new Dictionary<string, string>(graph.Prefixes, StringComparer.Ordinal);
        var output = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ",
            // A carriage return in a description must reach the reader, not be folded into a line feed by XML.
            NewLineHandling = NewLineHandling.Entitize, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(new Utf8StringWriter(output), settings))
        {
            // Predicates outside the declared prefixes get a generated one: RDF/XML can only name properties by QName.
            var extra = 0;
            var split = new Dictionary<string, (string Prefix, string Local)>(StringComparer.Ordinal);
            foreach (var predicate in graph.Triples.Select(t => t.Predicate.Value).Distinct())
            {
                var (ns, local) = Split(predicate);
                var prefix = prefixes.FirstOrDefault(p => p.Value == ns).Key;
                if (prefix is null)
                {
                    prefix = $"ns{++extra}";
                    prefixes[prefix] = ns;
                }
                split[predicate] = (prefix, local);
            }

            writer.WriteStartDocument();
            writer.WriteStartElement("rdf", "RDF", Rdf.Namespace);
            foreach (var (prefix, ns) in prefixes.Where(p => p.Key != "rdf"))
            {
                writer.WriteAttributeString("xmlns", prefix, null, ns);
            }
            foreach (var subject in graph.SubjectsInOrder)
            {
                writer.WriteStartElement("rdf", "Description", Rdf.Namespace);
                WriteNodeAttribute(writer, subject, "about");
                foreach (var triple in graph.About(subject))
                {
                    var (prefix, local) = split[triple.Predicate.Value];
                    writer.WriteStartElement(prefix, local, prefixes[prefix]);
                    switch (triple.Value)
                    {
                        case RdfIri:
                            WriteNodeAttribute(writer, triple.Value, "resource");
                            break;
                        case RdfBlankNode:
                            WriteNodeAttribute(writer, triple.Value, "nodeID");
                            break;
                        case RdfLiteral literal:
                            if (literal.Language is not null)
                            {
                                writer.WriteAttributeString("xml", "lang", null, literal.Language);
                            }
                            else if (literal.Datatype is not null and not Xsd.StringType)
                            {
                                writer.WriteAttributeString("rdf", "datatype", Rdf.Namespace, literal.Datatype);
                            }
                            writer.WriteString(literal.Value);
                            break;
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return output.Append('\n').ToString();
    }

    private static void WriteNodeAttribute(XmlWriter writer, RdfTerm node, string iriAttribute)
    {
        if (node is RdfBlankNode blank)
        {
            writer.WriteAttributeString("rdf", "nodeID", Rdf.Namespace, blank.Label);
        }
        else
        {
            writer.WriteAttributeString("rdf", iriAttribute, Rdf.Namespace, ((RdfIri)node).Value);
        }
    }

    /// Splits an IRI after its last '#' or '/', keeping a local name that is a valid XML name.
    private static (string Namespace, string Local) Split(string iri)
    {
        var at = iri.Length;
        while (at > 0 && IsNameChar(iri[at - 1]))
        {
            at--;
        }
        while (at < iri.Length && !IsNameStart(iri[at]))
        {
            at++;
        }
        if (at >= iri.Length)
        {
            throw new ArgumentException($"The predicate <{iri}> has no local name RDF/XML can write.", nameof(iri));
        }
        return (iri[..at], iri[at..]);
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
