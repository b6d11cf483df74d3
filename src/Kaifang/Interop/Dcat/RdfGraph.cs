namespace Kaifang.Interop.Dcat;

/// A term of an RDF graph: an IRI, a blank node or a literal (RDF 1.1 Concepts).
public abstract record RdfTerm;

public sealed record RdfIri(string Value) : RdfTerm
{
    public override string ToString() => $"<{Value}>";
}

/// A blank node, known by a label that is only meaningful inside its graph.
public sealed record RdfBlankNode(string Label) : RdfTerm
{
    public override string ToString() => $"_:{Label}";
}

/// A literal: text with a language tag, or with a datatype (xsd:string when it has neither).
public sealed record RdfLiteral(string Value, string? Language = null, string? Datatype = null) : RdfTerm
{
    public static RdfLiteral Typed(string value, string datatype) => new(value, null, datatype);

    public static RdfLiteral Lang(string value, string language) => new(value, language, null);

    /// The datatype as RDF 1.1 defines it: rdf:langString for tagged text, xsd:string for plain text.
    public string EffectiveDatatype => Language is not null ? Rdf.LangString : Datatype ?? Xsd.StringType;

    public override string ToString() => Language is not null ? $"\"{Value}\"@{Language}" : Datatype is not null ? $"\"{Value}\"^^<{Datatype}>" : $"\"{Value}\"";
}

public sealed record RdfTriple(RdfTerm Subject, RdfIri Predicate, RdfTerm Value);

/// A set of triples in the order they were added, with the prefixes a writer should use for them.
public sealed class RdfGraph
{
    private readonly List<RdfTriple> _triples = [];
    private readonly HashSet<RdfTriple> _seen = [];
    private readonly Dictionary<RdfTerm, List<RdfTriple>> _bySubject = [];
    private int _blankNodes;

    public RdfGraph(IEnumerable<KeyValuePair<string, string>>? prefixes = null)
    {
        foreach (var (prefix, ns) in prefixes ?? [])
        {
            Prefixes[prefix] = ns;
        }
    }

    /// Prefix → namespace IRI, in the order they were declared.
    public Dictionary<string, string> Prefixes { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RdfTriple> Triples => _triples;

    public int Count => _triples.Count;

    public RdfBlankNode NewBlankNode() => new($"b{++_blankNodes}");

    /// Adds a triple once; adding it again changes nothing, as RDF graphs are sets.
    public void Add(RdfTerm subject, string predicate, RdfTerm obj)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(obj);
        if (subject is RdfLiteral)
        {
            throw new ArgumentException("A literal cannot be a subject.", nameof(subject));
        }
        var triple = new RdfTriple(subject, new RdfIri(predicate), obj);
        if (!_seen.Add(triple))
        {
            return;
        }
        _triples.Add(triple);
        if (!_bySubject.TryGetValue(subject, out var list))
        {
            _bySubject[subject] = list = [];
        }
        list.Add(triple);
    }

    /// Adds a literal when there is text; empty values are left out rather than written as "".
    /// Control characters other than tab and line ends are dropped: XML 1.0 cannot carry them, so
    /// keeping them would make the RDF/XML say something the other syntaxes do not.
    public void AddText(RdfTerm subject, string predicate, string? value, string? language = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        if (value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            value = new string([.. value.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r')]);
        }
        Add(subject, predicate, new RdfLiteral(value, language));
    }

    public void AddIri(RdfTerm subject, string predicate, string? iri)
    {
        if (!string.IsNullOrWhiteSpace(iri))
        {
            Add(subject, predicate, new RdfIri(TurtleWriter.EscapeIri(iri.Trim())));
        }
    }

    public IReadOnlyList<RdfTriple> About(RdfTerm subject) =>
        _bySubject.TryGetValue(subject, out var list) ? list : [];

    public IEnumerable<RdfTerm> Objects(RdfTerm subject, string predicate) =>
        About(subject).Where(t => t.Predicate.Value == predicate).Select(t => t.Value);

    public IEnumerable<RdfTerm> Subjects(string predicate, RdfTerm obj) =>
        _triples.Where(t => t.Predicate.Value == predicate && t.Value.Equals(obj)).Select(t => t.Subject);

    public IEnumerable<RdfTerm> SubjectsOfType(string type) => Subjects(Rdf.Type, new RdfIri(type)).Distinct();

    /// Subjects in the order they first appear.
    public IEnumerable<RdfTerm> SubjectsInOrder => _bySubject.Keys;
}
