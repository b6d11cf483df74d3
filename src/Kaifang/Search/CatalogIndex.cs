using System.Collections.Concurrent;
using System.Globalization;
using Kaifang.Catalog;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;

namespace Kaifang.Search;

/// This node's search index of the catalog (DESIGN.md: each web node keeps its own, rebuilt and kept
/// current from the database). One IndexWriter stays open; every write batch is committed and the
/// near-real-time searcher refreshed before the write returns, so the next search sees it.
/// Writes are serialised; searches run concurrently on pooled searchers.
public sealed class CatalogIndex : IDisposable
{
    private const int MaxLimit = 1000;
    private const int MaxWindow = 10_000;

    private readonly TimeProvider _clock;
    private readonly Lucene.Net.Store.Directory _directory;
    private readonly Analyzer _analyzer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<string, Filter> _statusFilters = new(StringComparer.Ordinal);
    private volatile Session _session;
    private volatile ResultCache _results = new(null);
    private bool _disposed;

    public CatalogIndex(IOptions<KaifangOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        var path = options.Value.IndexDirectory;
        System.IO.Directory.CreateDirectory(path);
        _directory = FSDirectory.Open(path);
        _analyzer = CatalogAnalyzers.Create();
        _session = OpenSession();
    }

    /// Documents in the index, as the next search sees it.
    public int Count
    {
        get
        {
            var (session, searcher) = Acquire();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                session.Manager.Release(searcher);
            }
        }
    }

    public void Upsert(DatasetDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Upsert([document]);
    }

    /// Adds or replaces the documents (by id) in one commit.
    public void Upsert(IEnumerable<DatasetDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        Write(writer =>
        {
            foreach (var d in documents)
            {
                writer.UpdateDocument(IdTerm(d.Id), CatalogSchema.ToLucene(d));
            }
        });
    }

    public void Delete(Guid id) => Write(writer => writer.DeleteDocuments(IdTerm(id)));

    /// Replaces the whole index with these documents; searches see the old index until it is done.
    public int Rebuild(IEnumerable<DatasetDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var count = 0;
        Write(writer =>
        {
            writer.DeleteAll();
            foreach (var d in documents)
            {
                writer.AddDocument(CatalogSchema.ToLucene(d));
                count++;
            }
        });
        return count;
    }

    /// Replaces the whole index with documents read as they come (from the database, in batches).
    /// If reading fails or is cancelled, the index is left as it was.
    public async Task<int> RebuildAsync(IAsyncEnumerable<DatasetDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var writer = _session.Writer;
            var count = 0;
            try
            {
                writer.DeleteAll();
                await foreach (var d in documents.WithCancellation(cancellationToken))
                {
                    writer.AddDocument(CatalogSchema.ToLucene(d));
                    count++;
                }
                Publish(_session);
            }
            catch
            {
                RollBack();
                throw;
            }
            return count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// Runs the query. Bad syntax from a person falls back to searching the words as typed; it never throws.
    public CatalogSearchResult Search(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var offset = Math.Clamp(query.Offset, 0, MaxWindow);
        var limit = Math.Clamp(query.Limit, 0, MaxLimit);
        var filter = BuildFilter(query);
        if (filter is null)
        {
            return Empty(query);
        }

        var key = CacheKey(query, offset, limit);
        var (session, searcher) = Acquire();
        try
        {
            var cache = _results;
            if (cache.Reader != searcher.IndexReader)
            {
                cache = _results = new ResultCache(searcher.IndexReader);
            }
            if (cache.Results.TryGetValue(key, out var cached))
            {
                return cached;
            }
            var result = Search(searcher, query, filter, offset, limit);
            if (cache.Results.Count >= ResultCache.Capacity)
            {
                cache.Results.Clear();
            }
            cache.Results[key] = result;
            return result;
        }
        finally
        {
            session.Manager.Release(searcher);
        }
    }

    private CatalogSearchResult Search(IndexSearcher searcher, CatalogQuery query, Filter filter, int offset, int limit)
    {
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var parser = new CatalogQueryParser(_analyzer, _clock);
        var luceneQuery = hasText ? parser.ParseText(query.Text!.Trim()) : new MatchAllDocsQuery();

        try
        {
            return Run(searcher, luceneQuery, filter, query, hasText, offset, limit);
        }
        catch (BooleanQuery.TooManyClausesException) when (hasText)
        {
            // A wildcard that expands to too many terms: search the words instead.
            return Run(searcher, parser.PlainWords(query.Text!), filter, query, hasText, offset, limit);
        }
    }

    /// Everything that decides a result, as one string.
    private static string CacheKey(CatalogQuery q, int offset, int limit)
    {
        static string List<T>(IEnumerable<T> values) => string.Join('\u001f', values.Select(v => v?.ToString()).Order(StringComparer.Ordinal));
        return string.Join('\u001e',
            q.Text?.Trim() ?? "", q.Sort.ToString(), offset.ToString(CultureInfo.InvariantCulture), limit.ToString(CultureInfo.InvariantCulture),
            q.FacetLimit.ToString(CultureInfo.InvariantCulture), List(q.Statuses), q.AgencyIds is null ? "*" : List(q.AgencyIds),
            List(q.Agencies), List(q.Categories), List(q.Formats), List(q.Licenses), List(q.Frequencies));
    }

    /// Results of the searches run on one reader. A portal serves the same few searches (the front
    /// page, a popular facet) over and over; any write opens a new reader, which starts a new cache.
    private sealed class ResultCache(IndexReader? reader)
    {
        public const int Capacity = 1024;
        public IndexReader? Reader { get; } = reader;
        public ConcurrentDictionary<string, CatalogSearchResult> Results { get; } = new(StringComparer.Ordinal);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _session.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
        _writeGate.Dispose();
    }

    private static CatalogSearchResult Run(
        IndexSearcher searcher, Query luceneQuery, Filter filter, CatalogQuery query, bool hasText, int offset, int limit)
    {
        var sort = query.Sort switch
        {
            CatalogSort.Relevance when hasText => null,
            CatalogSort.Name => new Sort(new SortField(CatalogSchema.TitleSort, SortFieldType.STRING), NewestFirst),
            _ => new Sort(NewestFirst, new SortField(CatalogSchema.TitleSort, SortFieldType.STRING)),
        };
        var window = Math.Max(1, offset + limit);
        ITopDocsCollector top = sort is null
            ? TopScoreDocCollector.Create(window, docsScoredInOrder: true)
            : TopFieldCollector.Create(sort, window, fillFields: false, trackDocScores: hasText, trackMaxScore: false, docsScoredInOrder: true);

        using var collector = new FacetCountingCollector(top, Facets.All);
        searcher.Search(luceneQuery, filter, collector);

        var topDocs = top.GetTopDocs(offset, limit);
        var hits = new CatalogHit[topDocs.ScoreDocs.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var scoreDoc = topDocs.ScoreDocs[i];
            hits[i] = CatalogSchema.ToHit(searcher.Doc(scoreDoc.Doc, CatalogSchema.HitFields), scoreDoc.Score);
        }
        return new CatalogSearchResult(collector.Total, hits, collector.Results(query.FacetLimit));
    }

    private static readonly SortField NewestFirst = new(CatalogSchema.ModifiedOrder, SortFieldType.INT64, reverse: true);

    private static CatalogSearchResult Empty(CatalogQuery query) =>
        new(0, [], Facets.All.ToDictionary(f => f, IReadOnlyList<FacetValue> (_) => [], StringComparer.Ordinal));

    /// All filters AND'ed; values within one OR'ed. Null when nothing can match (no status, empty scope).
    private Filter? BuildFilter(CatalogQuery query)
    {
        if (query.Statuses.Count == 0 || query.AgencyIds is { Count: 0 })
        {
            return null;
        }
        var filter = new BooleanFilter
        {
            new FilterClause(StatusFilter(query.Statuses), Occur.MUST),
        };
        if (query.AgencyIds is { } scope)
        {
            filter.Add(new FilterClause(
                Terms(CatalogSchema.AgencyId, scope.Select(id => id.ToString(CultureInfo.InvariantCulture))), Occur.MUST));
        }
        AddFacetFilter(filter, CatalogSchema.Agency, query.Agencies);
        AddFacetFilter(filter, CatalogSchema.Category, query.Categories);
        AddFacetFilter(filter, CatalogSchema.Format, query.Formats);
        AddFacetFilter(filter, CatalogSchema.License, query.Licenses);
        AddFacetFilter(filter, CatalogSchema.Frequency, query.Frequencies);
        // The public's plain listing has the status filter alone: use its cached bit set directly
        // rather than copying it into a new one for every search.
        return filter.Clauses.Count == 1 ? filter.Clauses[0].Filter : filter;
    }

    private static void AddFacetFilter(BooleanFilter filter, string field, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            filter.Add(new FilterClause(Terms(field, values.Select(v => CatalogSchema.NormalizeExact(field, v))), Occur.MUST));
        }
    }

    private static TermsFilter Terms(string field, IEnumerable<string> values) =>
        new(field, [.. values.Distinct(StringComparer.Ordinal).Select(v => new BytesRef(v))]);

    /// Nearly every public search filters on the same statuses, so their bit sets are cached per segment.
    private Filter StatusFilter(IReadOnlyList<DatasetStatus> statuses)
    {
        var terms = statuses.Select(CatalogSchema.StatusTerm).Distinct().Order(StringComparer.Ordinal).ToArray();
        return _statusFilters.GetOrAdd(string.Join(',', terms), _ => new CachingWrapperFilter(Terms(CatalogSchema.Status, terms)));
    }

    private static Term IdTerm(Guid id) => new(CatalogSchema.Id, CatalogSchema.FormatId(id));

    private (Session Session, IndexSearcher Searcher) Acquire()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // After a failed rebuild the session is replaced; a search that picked up the old one retries.
        for (var attempt = 0; ; attempt++)
        {
            var session = _session;
            try
            {
                return (session, session.Manager.Acquire());
            }
            catch (ObjectDisposedException) when (attempt < 3 && !_disposed)
            {
            }
        }
    }

    private void Write(Action<IndexWriter> change)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writeGate.Wait();
        try
        {
            try
            {
                change(_session.Writer);
                Publish(_session);
            }
            catch
            {
                RollBack();
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static void Publish(Session session)
    {
        session.Writer.Commit();
        session.Manager.MaybeRefreshBlocking();
    }

    /// Drops uncommitted changes. Lucene's rollback closes the writer, so a new session is opened
    /// on the last commit. Called with the write gate held.
    private void RollBack()
    {
        var old = _session;
        old.Writer.Rollback();
        _session = OpenSession();
        old.Manager.Dispose();
    }

    private Session OpenSession()
    {
        var config = new IndexWriterConfig(CatalogAnalyzers.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            // Large enough that a full rebuild of ~100,000 datasets flushes a few times, not hundreds.
            RAMBufferSizeMB = 64,
        };
        var writer = new IndexWriter(_directory, config);
        if (!DirectoryReader.IndexExists(_directory))
        {
            // An empty first commit, so that readers can open before anything is indexed.
            writer.Commit();
        }
        return new Session(writer, new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null));
    }

    private sealed class Session(IndexWriter writer, SearcherManager manager) : IDisposable
    {
        public IndexWriter Writer { get; } = writer;
        public SearcherManager Manager { get; } = manager;

        public void Dispose()
        {
            Manager.Dispose();
            Writer.Dispose();
        }
    }
}
