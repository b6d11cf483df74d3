using System.Text;
using System.Text.Json;
using Kaifang.Storage;

namespace Kaifang.Datastore;

public abstract partial class TabularFile
{
    private sealed class JsonFile : TabularFile
    {
        private JsonDocument? _document;
        private JsonElement _records;

        protected override async Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            await using var stream = open();
            var head = await TextDecoding.SniffAsync(stream, declaredEncoding, cancellationToken);
            EncodingName = head.EncodingName;
            var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
            try
            {
                if (head.Encoding is UTF8Encoding)
                {
                    using var reader = TextDecoding.OpenReader(head, stream, leaveOpen: true);
                    _document = await JsonDocument.ParseAsync(reader.BaseStream, options, cancellationToken);
                }
                else
                {
                    using var reader = TextDecoding.OpenReader(head, stream, leaveOpen: true);
                    _document = JsonDocument.Parse(await reader.ReadToEndAsync(cancellationToken), options);
                }
            }
            catch (JsonException e)
            {
                throw new DatastoreLoadException($"The JSON file cannot be read: {e.Message}");
            }
            _records = RecordsOf(_document.RootElement);
            // Columns in the order keys first appear, across all records.
            var columns = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in _records.EnumerateArray())
            {
                if (record.ValueKind != JsonValueKind.Object)
                {
                    throw new DatastoreLoadException("The JSON array holds something other than objects; the DataStore loads an array of objects, one per row.");
                }
                foreach (var property in record.EnumerateObject())
                {
                    if (seen.Add(property.Name))
                    {
                        columns.Add(property.Name);
                    }
                }
            }
            if (columns.Count == 0)
            {
                throw new DatastoreLoadException("The JSON file holds no records.");
            }
            return columns;
        }

        protected override IEnumerable<string?[]> ReadRows()
        {
            // Keys as they were in the file: the usable names may differ from them.
            var keys = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in _records.EnumerateArray())
            {
                foreach (var property in record.EnumerateObject())
                {
                    if (seen.Add(property.Name))
                    {
                        keys.Add(property.Name);
                    }
                }
            }
            var index = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
            var row = new string?[Columns.Count];
            foreach (var record in _records.EnumerateArray())
            {
                Array.Fill(row, null);
                foreach (var property in record.EnumerateObject())
                {
                    row[index[property.Name]] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null or JsonValueKind.Undefined => null,
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => property.Value.GetRawText(),
                    };
                }
                yield return row;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _document?.Dispose();
            }
            base.Dispose(disposing);
        }

        /// An array of objects, or an object whose "records", "result" or "data" (or only array) property is one.
        private static JsonElement RecordsOf(JsonElement root)
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                return root;
            }
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "records", "result", "data" })
                {
                    if (root.TryGetProperty(name, out var value))
                    {
                        return value.ValueKind == JsonValueKind.Array ? value : RecordsOf(value);
                    }
                }
                var arrays = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToList();
                if (arrays.Count == 1)
                {
                    return arrays[0].Value;
                }
            }
            throw new DatastoreLoadException("The JSON file is not a list of records: expected an array of objects, or an object with a \"records\" array.");
        }
    }
}
