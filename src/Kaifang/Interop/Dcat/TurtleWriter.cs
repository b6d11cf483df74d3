using System.Text;
using System.Text.RegularExpressions;

namespace Kaifang.Interop.Dcat;

/// Writes a graph as Turtle (W3C RDF 1.1 Turtle): prefixes first, then one block per subject with
/// `a` for rdf:type, `;` between predicates and `,` between objects.
public static partial class TurtleWriter
{
    public static string Write(RdfGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var text = new StringBuilder();
        foreach (var (prefix, ns) in graph.Prefixes)
        {
            text.Append("@prefix ").Append(prefix).Append(": <").Append(EscapeIri(ns)).Append("> .\n");
        }
        foreach (var subject in graph.SubjectsInOrder)
        {
            text.Append('\n').Append(Term(graph, subject));
            var byPredicate = graph.About(subject).GroupBy(t => t.Predicate.Value).ToList();
            // rdf:type first, as a reader expects to see what a thing is before what it says.
            byPredicate.Sort((a, b) => (a.Key == Rdf.Type ? 0 : 1).CompareTo(b.Key == Rdf.Type ? 0 : 1));
            for (var i = 0; i < byPredicate.Count; i++)
            {
                var group = byPredicate[i];
                text.Append(i == 0 ? " " : " ;\n    ");
                text.Append(group.Key == Rdf.Type ? "a" : Iri(graph, group.Key)).Append(' ');
                // A long list of objects (a catalog's datasets) gets a line each.
                text.AppendJoin(group.Count() > 3 ? ",\n        " : ", ", group.Select(t => Term(graph, t.Value)));
            }
            text.Append(" .\n");
        }
        return text.ToString();
    }

    private static string Term(RdfGraph graph, RdfTerm term) => term switch
    {
        RdfIri iri => Iri(graph, iri.Value),
        RdfBlankNode b => "_:" + b.Label,
        RdfLiteral l => Literal(graph, l),
        _ => throw new ArgumentOutOfRangeException(nameof(term)),
    };

    private static string Literal(RdfGraph graph, RdfLiteral literal)
    {
        var quoted = Quote(literal.Value);
        if (literal.Language is not null)
        {
            return quoted + "@" + literal.Language;
        }
        return literal.Datatype is null or Xsd.StringType ? quoted : quoted + "^^" + Iri(graph, literal.Datatype);
    }

    /// A prefixed name where the local part is plain; the full IRI otherwise.
    private static string Iri(RdfGraph graph, string iri)
    {
        foreach (var (prefix, ns) in graph.Prefixes)
        {
            if (iri.StartsWith(ns, StringComparison.Ordinal) && PlainLocalName().IsMatch(iri.AsSpan(ns.Length)))
            {
                return prefix + ":" + iri[ns.Length..];
            }
        }
        return "<" + EscapeIri(iri) + ">";
    }

    /// A Turtle string literal, quoted and escaped.
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    /// IRIs as agencies typed them may hold spaces or other characters Turtle's IRIREF forbids; they are percent-encoded.
    public static string EscapeIri(string iri)
    {
        ArgumentNullException.ThrowIfNull(iri);
        var text = new StringBuilder(iri.Length);
        foreach (var c in iri)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainLocalName();
}
