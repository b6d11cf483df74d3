using System.Globalization;
using System.Text;

namespace Kaifang.Interop.Dcat;

/// Reads Turtle (W3C RDF 1.1 Turtle) into a graph: @prefix/@base and their SPARQL forms, `a`,
/// `;` and `,` lists, blank nodes as labels and `[ … ]`, collections `( … )`, literals in all four
/// quote styles with escapes, language tags and datatypes, and bare numbers and booleans.
public sealed class TurtleParser
{
    private readonly string _text;
    private readonly RdfGraph _graph = new();
    private readonly Dictionary<string, RdfBlankNode> _labels = new(StringComparer.Ordinal);
    private Uri? _base;
    private int _at;
    private int _blankNodes;

    private TurtleParser(string text, Uri? baseUri)
    {
        _text = text;
        _base = baseUri;
    }

    public static RdfGraph Parse(string text, Uri? baseUri = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TurtleParser(text.TrimStart('\uFEFF'), baseUri);
        parser.ParseDocument();
        return parser._graph;
    }

    private void ParseDocument()
    {
        while (true)
        {
            SkipSpace();
            if (_at >= _text.Length)
            {
                return;
            }
            if (TryKeyword("@prefix"))
            {
                ParsePrefix();
                Expect('.');
            }
            else if (TryKeyword("@base"))
            {
                _base = new Uri(ReadIriRef(), UriKind.Absolute);
                Expect('.');
            }
            else if (TryKeyword("PREFIX", ignoreCase: true))
            {
                ParsePrefix();
            }
            else if (TryKeyword("BASE", ignoreCase: true))
            {
                _base = new Uri(ReadIriRef(), UriKind.Absolute);
            }
            else
            {
                ParseTriples();
                Expect('.');
            }
        }
    }

    private void ParsePrefix()
    {
        SkipSpace();
        var colon = _text.IndexOf(':', _at);
        if (colon < 0)
        {
            throw Error("a prefix name ending in ':'");
        }
        var prefix = _text[_at..colon].Trim();
        _at = colon + 1;
        _graph.Prefixes[prefix] = ReadIriRef();
    }

    private void ParseTriples()
    {
        SkipSpace();
        RdfTerm subject;
        if (Peek() == '[')
        {
            subject = ParseBlankNodePropertyList();
            SkipSpace();
            if (Peek() == '.')
            {
                return; // [ … ] . on its own says everything inside the brackets.
            }
        }
        else if (Peek() == '(')
        {
            subject = ParseCollection();
        }
        else
        {
            subject = ParseIriOrBlank();
        }
        ParsePredicateObjectList(subject);
    }

    private void ParsePredicateObjectList(RdfTerm subject)
    {
        while (true)
        {
            SkipSpace();
            var predicate = ParsePredicate();
            while (true)
            {
                var obj = ParseObject();
                _graph.Add(subject, predicate, obj);
                SkipSpace();
                if (Peek() != ',')
                {
                    break;
                }
                _at++;
            }
            SkipSpace();
            if (Peek() != ';')
            {
                return;
            }
            // Repeated semicolons, and a semicolon before the end, are allowed.
            while (Peek() == ';')
            {
                _at++;
                SkipSpace();
            }
            if (Peek() is '.' or ']' or '\0')
            {
                return;
            }
        }
    }

    private string ParsePredicate()
    {
        SkipSpace();
        if (Peek() == 'a' && _at + 1 < _text.Length && (char.IsWhiteSpace(_text[_at + 1]) || _text[_at + 1] is '<' or '"' or '[' or '_'))
        {
            _at++;
            return Rdf.Type;
        }
        return ParseIriOrBlank() is RdfIri iri ? iri.Value : throw Error("a predicate IRI");
    }

    private RdfTerm ParseObject()
    {
        SkipSpace();
        var c = Peek();
        return c switch
        {
            '[' => ParseBlankNodePropertyList(),
            '(' => ParseCollection(),
            '"' or '\'' => ParseLiteral(),
            _ when char.IsDigit(c) || c is '+' or '-' || (c == '.' && _at + 1 < _text.Length && char.IsDigit(_text[_at + 1])) => ParseNumber(),
            _ when TryKeyword("true") => RdfLiteral.Typed("true", Xsd.Boolean),
            _ when TryKeyword("false") => RdfLiteral.Typed("false", Xsd.Boolean),
            _ => ParseIriOrBlank(),
        };
    }

    private RdfBlankNode ParseBlankNodePropertyList()
    {
        Expect('[');
        var node = NewBlankNode();
        SkipSpace();
        if (Peek() != ']')
        {
            ParsePredicateObjectList(node);
        }
        Expect(']');
        return node;
    }

    private RdfTerm ParseCollection()
    {
        Expect('(');
        var items = new List<RdfTerm>();
        while (true)
        {
            SkipSpace();
            if (Peek() == ')')
            {
                _at++;
                break;
            }
            if (Peek() == '\0')
            {
                throw Error("')'");
            }
            items.Add(ParseObject());
        }
        RdfTerm list = new RdfIri(Rdf.Nil);
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var cell = NewBlankNode();
            _graph.Add(cell, Rdf.First, items[i]);
            _graph.Add(cell, Rdf.Rest, list);
            list = cell;
        }
        return list;
    }

    private RdfTerm ParseIriOrBlank()
    {
        SkipSpace();
        if (Peek() == '<')
        {
            return new RdfIri(ReadIriRef());
        }
        if (Peek() == '_' && _at + 1 < _text.Length && _text[_at + 1] == ':')
        {
            _at += 2;
            var label = ReadName(local: true);
            if (!_labels.TryGetValue(label, out var node))
            {
                _labels[label] = node = NewBlankNode();
            }
            return node;
        }
        var prefix = ReadName(local: false);
        if (Peek() != ':')
        {
            throw Error("an IRI, a prefixed name or a blank node");
        }
        _at++;
        if (!_graph.Prefixes.TryGetValue(prefix, out var ns))
        {
            throw Error($"a declared prefix, not '{prefix}:'");
        }
        return new RdfIri(ns + ReadLocalName());
    }

    private RdfLiteral ParseLiteral()
    {
        var value = ReadString();
        if (Peek() == '@')
        {
            _at++;
            var start = _at;
            while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] == '-'))
            {
                _at++;
            }
            return RdfLiteral.Lang(value, _text[start.._at]);
        }
        if (Peek() == '^' && _at + 1 < _text.Length && _text[_at + 1] == '^')
        {
            _at += 2;
            return ParseIriOrBlank() is RdfIri datatype ? RdfLiteral.Typed(value, datatype.Value) : throw Error("a datatype IRI");
        }
        return new RdfLiteral(value);
    }

    private RdfLiteral ParseNumber()
    {
        var start = _at;
        if (Peek() is '+' or '-')
        {
            _at++;
        }
        while (_at < _text.Length && (char.IsDigit(_text[_at]) || _text[_at] is '.' or 'e' or 'E'
            || (_text[_at] is '+' or '-' && _text[_at - 1] is 'e' or 'E')))
        {
            // A final '.' ends the statement, not the number.
            if (_text[_at] == '.' && (_at + 1 >= _text.Length || !char.IsDigit(_text[_at + 1])))
            {
                break;
            }
            _at++;
        }
        var lexical = _text[start.._at];
        var type = lexical.Contains('e', StringComparison.OrdinalIgnoreCase) ? Xsd.Namespace + "double"
            : lexical.Contains('.', StringComparison.Ordinal) ? Xsd.Namespace + "decimal"
            : Xsd.IntegerType;
        return RdfLiteral.Typed(lexical, type);
    }

    private string ReadString()
    {
        var quote = _text[_at];
        var isLong = _at + 2 < _text.Length && _text[_at + 1] == quote && _text[_at + 2] == quote;
        _at += isLong ? 3 : 1;
        var value = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length)
            {
                throw Error("the end of a string");
            }
            var c = _text[_at];
            if (isLong && c == quote && _at + 2 < _text.Length && _text[_at + 1] == quote && _text[_at + 2] == quote)
            {
                // """a"""" ends with the last three quotes; any before them belong to the string.
                while (_at + 3 < _text.Length && _text[_at + 3] == quote)
                {
                    value.Append(quote);
                    _at++;
                }
                _at += 3;
                return value.ToString();
            }
            if (!isLong && c == quote)
            {
                _at++;
                return value.ToString();
            }
            if (!isLong && c is '\n' or '\r')
            {
                throw Error("the end of a one-line string");
            }
            if (c == '\\')
            {
                value.Append(ReadEscape());
                continue;
            }
            value.Append(c);
            _at++;
        }
    }

    private string ReadEscape()
    {
        var c = _at + 1 < _text.Length ? _text[_at + 1] : '\0';
        _at += 2;
        switch (c)
        {
            case 't': return "\t";
            case 'b': return "\b";
            case 'n': return "\n";
            case 'r': return "\r";
            case 'f': return "\f";
            case '"': return "\"";
            case '\'': return "'";
            case '\\': return "\\";
            case 'u': return CodePoint(4);
            case 'U': return CodePoint(8);
            default: throw Error("a known escape after '\\'");
        }
    }

    private string CodePoint(int digits)
    {
        if (_at + digits > _text.Length
            || !int.TryParse(_text.AsSpan(_at, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            throw Error($"{digits} hex digits");
        }
        _at += digits;
        return char.ConvertFromUtf32(code);
    }

    private string ReadIriRef()
    {
        SkipSpace();
        Expect('<');
        var value = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length)
            {
                throw Error("'>'");
            }
            var c = _text[_at];
            if (c == '>')
            {
                _at++;
                break;
            }
            if (c == '\\')
            {
                value.Append(ReadEscape());
                continue;
            }
            value.Append(c);
            _at++;
        }
        return Resolve(value.ToString());
    }

    private string Resolve(string iri)
    {
        if (_base is null || Uri.TryCreate(iri, UriKind.Absolute, out _) && iri.Contains(':', StringComparison.Ordinal))
        {
            return iri;
        }
        return new Uri(_base, iri).AbsoluteUri;
    }

    /// A prefix or blank-node label: letters, digits, '_', '-', and inner dots.
    private string ReadName(bool local)
    {
        var start = _at;
        while (_at < _text.Length)
        {
            var c = _text[_at];
            if (char.IsLetterOrDigit(c) || c is '_' or '-' || c > 0x7F && !char.IsWhiteSpace(c) && c != '\u00A0'
                || c == '.' && _at + 1 < _text.Length && IsNameChar(_text[_at + 1]))
            {
                _at++;
            }
            else
            {
                break;
            }
        }
        if (local && _at == start)
        {
            throw Error("a name");
        }
        return _text[start.._at];
    }

    /// The local part of a prefixed name, with its \-escapes undone (%XX stays, as in the IRI).
    private string ReadLocalName()
    {
        var value = new StringBuilder();
        while (_at < _text.Length)
        {
            var c = _text[_at];
            if (c == '\\' && _at + 1 < _text.Length)
            {
                value.Append(_text[_at + 1]);
                _at += 2;
            }
            else if (IsNameChar(c) || c is ':' or '%'
                || c == '.' && _at + 1 < _text.Length && (IsNameChar(_text[_at + 1]) || _text[_at + 1] is ':' or '%' or '\\'))
            {
                value.Append(c);
                _at++;
            }
            else
            {
                break;
            }
        }
        return value.ToString();
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' || c > 0x7F && !char.IsWhiteSpace(c);

    private RdfBlankNode NewBlankNode() => new($"t{++_blankNodes}");

    private bool TryKeyword(string keyword, bool ignoreCase = false)
    {
        if (string.Compare(_text, _at, keyword, 0, keyword.Length, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) != 0)
        {
            return false;
        }
        var after = _at + keyword.Length;
        if (after < _text.Length && (char.IsLetterOrDigit(_text[after]) || _text[after] is ':' or '_' or '-'))
        {
            return false;
        }
        _at = after;
        return true;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c)
        {
            throw Error($"'{c}'");
        }
        _at++;
    }

    private void SkipSpace()
    {
        while (_at < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_at]))
            {
                _at++;
            }
            else if (_text[_at] == '#')
            {
                while (_at < _text.Length && _text[_at] != '\n')
                {
                    _at++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private RdfSyntaxException Error(string expected)
    {
        var line = 1 + _text.AsSpan(0, Math.Min(_at, _text.Length)).Count('\n');
        var found = _at < _text.Length ? _text.Substring(_at, Math.Min(20, _text.Length - _at)) : "the end";
        return new RdfSyntaxException($"Turtle, line {line}: expected {expected} at '{found}'.");
    }
}

/// RDF that could not be read, with where and why.
public sealed class RdfSyntaxException(string message, Exception? inner = null) : Exception(message, inner);
