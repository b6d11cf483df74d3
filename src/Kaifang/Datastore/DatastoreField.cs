using System.Text.Json.Serialization;

namespace Kaifang.Datastore;

/// The type of a DataStore column, inferred from its values when the file is loaded.
[JsonConverter(typeof(JsonStringEnumConverter<DatastoreType>))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members name the column types users read in docs/datastore.md; Integer is the word.")]
public enum DatastoreType
{
    Text = 0,
    Integer = 1,
    Number = 2,
    Boolean = 3,
    Date = 4,
    Timestamp = 5,
}

/// A column of a DataStore table: its name as in the file, its type, and its meaning from the
/// dataset's 主要欄位說明 when a column of that name is described there.
public sealed record DatastoreField(string Id, DatastoreType Type, string? Description = null)
{
    /// The type's name in CKAN's DataStore API (CKAN names PostgreSQL's types).
    public string CkanType => Type switch
    {
        DatastoreType.Integer => "int",
        DatastoreType.Number => "numeric",
        DatastoreType.Boolean => "bool",
        DatastoreType.Date => "date",
        DatastoreType.Timestamp => "timestamp",
        _ => "text",
    };

    /// The type's name in a Frictionless Table Schema.
    public string TableSchemaType => Type switch
    {
        DatastoreType.Integer => "integer",
        DatastoreType.Number => "number",
        DatastoreType.Boolean => "boolean",
        DatastoreType.Date => "date",
        DatastoreType.Timestamp => "datetime",
        _ => "string",
    };

    /// The column's type as SQLite declares it; dates and timestamps are ISO 8601 text, which sorts in time order.
    public string SqliteType => Type switch
    {
        DatastoreType.Integer or DatastoreType.Boolean => "INTEGER",
        DatastoreType.Number => "REAL",
        _ => "TEXT",
    };
}
