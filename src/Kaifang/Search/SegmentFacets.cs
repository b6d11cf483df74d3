using System.Runtime.CompilerServices;
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

    private readonly Dictionary<string, FacetColumn> _columns = new(StringComparer.Ordinal);

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
    }

    public static SegmentFacets For(AtomicReader reader) =>
        Cache.GetValue(reader.CoreCacheKey, _ => new SegmentFacets(reader));

    /// Null when no document of the segment has a value for the field.
    public FacetColumn? Column(string field) => _columns.GetValueOrDefault(field);
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
