namespace Kaifang.Interop.Dcat;

/// The three RDF syntaxes Kaifang writes and reads.
public enum RdfSyntax
{
    Turtle,
    RdfXml,
    JsonLd,
}

public static class RdfSyntaxes
{
    public const string TurtleMediaType = "text/turtle";
    public const string RdfXmlMediaType = "application/rdf+xml";
    public const string JsonLdMediaType = "application/ld+json";

    public static string MediaType(this RdfSyntax syntax) => syntax switch
    {
        RdfSyntax.Turtle => TurtleMediaType,
        RdfSyntax.RdfXml => RdfXmlMediaType,
        _ => JsonLdMediaType,
    };

    /// The file extension of the syntax's URLs (/catalog.ttl).
    public static string Extension(this RdfSyntax syntax) => syntax switch
    {
        RdfSyntax.Turtle => "ttl",
        RdfSyntax.RdfXml => "rdf",
        _ => "jsonld",
    };

    public static RdfSyntax? FromExtension(string? extension) => extension?.ToLowerInvariant() switch
    {
        "ttl" => RdfSyntax.Turtle,
        "rdf" or "xml" => RdfSyntax.RdfXml,
        "jsonld" => RdfSyntax.JsonLd,
        _ => null,
    };

    public static RdfSyntax? FromMediaType(string? mediaType) => mediaType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        TurtleMediaType or "application/x-turtle" => RdfSyntax.Turtle,
        RdfXmlMediaType or "application/xml" or "text/xml" => RdfSyntax.RdfXml,
        JsonLdMediaType or "application/json" => RdfSyntax.JsonLd,
        _ => null,
    };

    public static string Write(this RdfGraph graph, RdfSyntax syntax) => syntax switch
    {
        RdfSyntax.Turtle => TurtleWriter.Write(graph),
        RdfSyntax.RdfXml => RdfXmlWriter.Write(graph),
        _ => JsonLdWriter.Write(graph),
    };
}
