using System.Text;
using Kaifang.Interop.Dcat;

namespace Kaifang.Tests.Interop.Dcat;

/// Kaifang's parsers on the corners of each syntax, checked against rapper and jsonld.js.
public sealed class RdfParsersTests
{
    private const string Prefix = "@prefix : <http://x.example/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

    [Theory]
    [InlineData(":a :b 42. :a :c 4.2 . :a :d -1e3 .")]
    [InlineData(":a :b \"\"\"say \"hi\" \"\"and\"\" bye\"\"\" .")]
    [InlineData(":a :b '''single\nquoted''' , 'x' .")]
    [InlineData(":a :b \"\\u00e9\\U0001F600\\t\" .")]
    [InlineData(":a :b (1 \"two\" :three) .")]
    [InlineData("[ :p [ :q \"r\" ] ] .")]
    [InlineData(":a.b :c :d.")]
    [InlineData(":x a :T ; :p true, false ;; .")]
    [InlineData("# a comment\n:x :p \"v\"@zh-Hant-TW # another\n; :q \"1\"^^xsd:integer .")]
    [InlineData("_:n1 :p _:n2 . _:n2 :p _:n1 .")]
    [InlineData("PREFIX ex: <http://ex.example/>\nex:a ex:b ex:c .")]
    [InlineData("@base <http://base.example/dir/> . <a> <#b> <../c> .")]
    [InlineData(":a :b () .")]
    public async Task Turtle_gives_the_triples_rapper_gives(string body)
    {
        var text = Prefix + body;
        var expected = await RdfTools.RapperAsync(text, "turtle", "http://base.example/doc");

        var graph = TurtleParser.Parse(text, new Uri("http://base.example/doc"));

        Assert.Equal(expected.Count, graph.Count);
    }

    [Fact]
    public void Turtle_values_come_out_as_written()
    {
        var graph = TurtleParser.Parse(Prefix + ":a :n 42. :a :s \"\"\"say \"hi\"\"\"\" ; :u \"\\u00e9\" ; :l :d.e .");
        var a = new RdfIri("http://x.example/a");

        Assert.Equal(RdfLiteral.Typed("42", Xsd.IntegerType), Assert.Single(graph.Objects(a, "http://x.example/n")));
        Assert.Equal(new RdfLiteral("say \"hi\""), Assert.Single(graph.Objects(a, "http://x.example/s")));
        Assert.Equal(new RdfLiteral("é"), Assert.Single(graph.Objects(a, "http://x.example/u")));
        Assert.Equal(new RdfIri("http://x.example/d.e"), Assert.Single(graph.Objects(a, "http://x.example/l")));
    }

    [Theory]
    [InlineData("""{"@context": {"@vocab": "http://x.example/"}, "@id": "http://x.example/a", "name": "n", "count": 3, "ok": true, "ratio": 0.5}""")]
    [InlineData("""{"@context": {"x": "http://x.example/", "items": {"@id": "x:items", "@container": "@list"}}, "@id": "x:a", "items": ["p", "q", {"@id": "x:r"}]}""")]
    [InlineData("""{"@context": {"x": "http://x.example/", "kind": {"@id": "x:kind", "@type": "@vocab"}, "@vocab": "http://v.example/"}, "@id": "x:a", "kind": "Thing"}""")]
    [InlineData("""{"@context": {"x": "http://x.example/"}, "@graph": [{"@id": "x:a", "x:child": {"@context": {"y": "http://y.example/"}, "y:p": "nested"}}]}""")]
    [InlineData("""{"@context": {"x": "http://x.example/", "@language": "zh-TW", "plain": {"@id": "x:plain", "@language": null}}, "@id": "x:a", "x:t": "標題", "plain": "no tag"}""")]
    [InlineData("""[{"@id": "http://x.example/a", "http://x.example/p": [{"@value": "1", "@type": "http://www.w3.org/2001/XMLSchema#integer"}, {"@set": ["s1", "s2"]}]}]""")]
    public async Task Json_ld_gives_the_triples_jsonld_js_gives(string json)
    {
        var expected = await RdfTools.JsonLdAsync(json);

        var graph = JsonLdParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected.Count, graph.Count);
    }

    [Theory]
    [InlineData("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x.example/"><rdf:Description rdf:about="http://x.example/a" x:attr="v"><x:list rdf:parseType="Collection"><rdf:Description rdf:about="http://x.example/1"/><rdf:Description rdf:about="http://x.example/2"/></x:list></rdf:Description></rdf:RDF>""")]
    [InlineData("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x.example/" xml:base="http://base.example/"><x:Thing rdf:ID="t"><x:empty x:p="q"/><x:lit rdf:parseType="Literal"><b>bold</b></x:lit></x:Thing></rdf:RDF>""")]
    [InlineData("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x.example/"><rdf:Seq rdf:about="http://x.example/s"><rdf:li>one</rdf:li><rdf:li>two</rdf:li></rdf:Seq></rdf:RDF>""")]
    public async Task Rdf_xml_gives_the_triples_rapper_gives(string xml)
    {
        var expected = await RdfTools.RapperAsync(xml, "rdfxml", "http://base.example/doc");

        var graph = RdfXmlParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), new Uri("http://base.example/doc"));

        Assert.Equal(expected.Count, graph.Count);
    }
}
