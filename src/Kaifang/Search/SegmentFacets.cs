using System.Runtime.CompilerServices;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Kaifang.Search;

/// One segment's facet values as plain arrays, read once from its doc values and kept while the
/// segment lives. Reading Lucene's packed doc values for every matching document of every search
/// cost more than the search itself; segments never change, so the arrays never go stale.
internal sealed class SegmentFacets
{
    private static readonly ConditionalWeakTable<object, SegmentFacets> Cache = [];

    /// Facets counted together: their values repeat together (an agency publishes under a few
    /// categories, licences and frequencies), so a segment of 25,000 datasets has a few hundred
    /// combinations of the four, and a few dozen sets of formats.
    private static readonly string[][] Groups =
    [
        [CatalogSchema.Agency, CatalogSchema.Category, CatalogSchema.License, CatalogSchema.Frequency],
        [CatalogSchema.Format],
        [CatalogSchema.Tag],
    ];

    private readonly Dictionary<string, FacetColumn> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FacetCombination> _combinations = new(StringComparer.Ordinal);

    private SegmentFacets(AtomicReader reader)
    {
        foreach (var facet in Facets.Known)
        {
            var field = CatalogSchema.FacetField(facet);
            if (FacetColumn.Read(reader, field) is { } column)
            {
                _columns[field] = column;
            }
        }
        foreach (var group in Groups)
        {
            var columns = group.Where(_columns.ContainsKey).Select(f => (f, _columns[f])).ToArray();
            if (columns.Length > 0 && FacetCombination.Build(reader.MaxDoc, columns) is { } combination)
            {
                foreach (var (field, _) in columns)
                {
                    _combinations[field] = combination;
                }
            }
        }
    }

    public static SegmentFacets For(AtomicReader reader) =>
        Cache.GetValue(reader.CoreCacheKey, _ => new SegmentFacets(reader));

    /// Null when no document of the segment has a value for the field.
    public FacetColumn? Column(string field) => _columns.GetValueOrDefault(field);

    /// The combination that counts the field, or null when its documents' values are too varied
    /// to count by combination (tags): then each value is counted document by document.
    public FacetCombination? Combination(string field) => _combinations.GetValueOrDefault(field);
}

/// A facet field of one segment: each document's value ordinals, and the value of each ordinal.
internal sealed class FacetColumn
{
    private FacetColumn(string[] labels, int[] ordinals, int[]? starts)
    {
        Labels = labels;
        Ordinals = ordinals;
        Starts = starts;
    }

    public string[] Labels { get; }

    /// Single-valued: the ordinal of each document, -1 for none. Multi-valued: all ordinals, by document.
    public int[] Ordinals { get; }

    /// Multi-valued only: document d's ordinals are Ordinals[Starts[d]..Starts[d + 1]].
    public int[]? Starts { get; }

    /// Document d's ordinals.
    public ReadOnlySpan<int> Of(int doc)
    {
        if (Starts is not { } starts)
        {
            return Ordinals[doc] < 0 ? [] : Ordinals.AsSpan(doc, 1);
        }
        return Ordinals.AsSpan(starts[doc], starts[doc + 1] - starts[doc]);
    }

    public static FacetColumn? Read(AtomicReader reader, string field)
    {
        var maxDoc = reader.MaxDoc;
        var scratch = new BytesRef();
        if (reader.GetSortedDocValues(field) is { ValueCount: > 0 } single)
        {
            var labels = new string[single.ValueCount];
            for (var ord = 0; ord < labels.Length; ord++)
            {
                single.LookupOrd(ord, scratch);
                labels[ord] = scratch.Utf8ToString();
            }
            var ordinals = new int[maxDoc];
            for (var doc = 0; doc < maxDoc; doc++)
            {
                ordinals[doc] = single.GetOrd(doc);
            }
            return new FacetColumn(labels, ordinals, null);
        }
        if (reader.GetSortedSetDocValues(field) is { ValueCount: > 0 } multi)
        {
            var labels = new string[(int)multi.ValueCount];
            for (var ord = 0; ord < labels.Length; ord++)
            {
                multi.LookupOrd(ord, scratch);
                labels[ord] = scratch.Utf8ToString();
            }
            var starts = new int[maxDoc + 1];
            var ordinals = new List<int>(maxDoc);
            for (var doc = 0; doc < maxDoc; doc++)
            {
                starts[doc] = ordinals.Count;
                multi.SetDocument(doc);
                long ord;
                while ((ord = multi.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    ordinals.Add((int)ord);
                }
            }
            starts[maxDoc] = ordinals.Count;
            return new FacetColumn(labels, [.. ordinals], starts);
        }
        return null;
    }
}

/// Several facet fields of one segment counted together: each document has the number of its
/// combination of values, and a search counts combinations (one addition per matching document
/// for all the fields) and turns them into each field's counts at the end of the segment. A
/// search matching most of the catalog otherwise made five additions or more per document.
internal sealed class FacetCombination
{
    private readonly string[] _fields;
    // Combination k's ordinals of field j: Ordinals[Starts[k * fields + j]..Starts[k * fields + j + 1]].
    private readonly int[] _starts;
    private readonly int[] _ordinals;

    private FacetCombination(string[] fields, int[] keys, int count, int[] starts, int[] ordinals)
    {
        _fields = fields;
        Keys = keys;
        Count = count;
        _starts = starts;
        _ordinals = ordinals;
    }

    /// Each document's combination.
    public int[] Keys { get; }

    /// How many combinations there are.
    public int Count { get; }

    /// The field's place in the combination, or -1.
    public int IndexOf(string field) => Array.IndexOf(_fields, field);

    /// Adds the combinations' counts to the field's counts by ordinal.
    public void AddTo(int field, ReadOnlySpan<int> combinationCounts, Span<int> ordinalCounts)
    {
        var width = _fields.Length;
        for (var k = 0; k < combinationCounts.Length; k++)
        {
            var n = combinationCounts[k];
            if (n == 0)
            {
                continue;
            }
            var at = k * width + field;
            for (var i = _starts[at]; i < _starts[at + 1]; i++)
            {
                ordinalCounts[_ordinals[i]] += n;
            }
        }
    }

    /// Null when the documents have so many different combinations that counting them would cost
    /// as much as counting each field (more than one for every four documents).
    public static FacetCombination? Build(int maxDoc, (string Field, FacetColumn Column)[] columns)
    {
        if (columns.Any(c => c.Column.Labels.Length >= char.MaxValue))
        {
            return null;
        }
        var limit = Math.Max(64, maxDoc / 4);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new int[maxDoc];
        var starts = new List<int> { 0 };
        var ordinals = new List<int>();
        var key = new StringBuilder();
        for (var doc = 0; doc < maxDoc; doc++)
        {
            key.Clear();
            foreach (var (_, column) in columns)
            {
                foreach (var ord in column.Of(doc))
                {
                    key.Append((char)(ord + 1));
                }
                key.Append('\0');
            }
            var text = key.ToString();
            if (!numbers.TryGetValue(text, out var number))
            {
                if (numbers.Count >= limit)
                {
                    return null;
                }
                number = numbers[text] = numbers.Count;
                foreach (var (_, column) in columns)
                {
                    foreach (var ord in column.Of(doc))
                    {
                        ordinals.Add(ord);
                    }
                    starts.Add(ordinals.Count);
                }
            }
            keys[doc] = number;
        }
        return new FacetCombination([.. columns.Select(c => c.Field)], keys, numbers.Count, [.. starts], [.. ordinals]);
    }
}
