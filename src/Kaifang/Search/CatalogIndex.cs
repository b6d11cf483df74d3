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

    private readonly TimeProvider _clock;
    private readonly Lucene.Net.Store.Directory _directory;
    private readonly Analyzer _analyzer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CatalogFilters _filters = new();
    private volatile Session _session;
    private volatile SearchResultCache _results = new(null);
    private bool _disposed;

    public CatalogIndex(IOptions<KaifangOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        var path = options.Value.IndexDirectory;
        System.IO.Directory.CreateDirectory(path);
        _directory = new MappedDirectory(new DirectoryInfo(path));
        _analyzer = CatalogAnalyzers.Create();
        _session = OpenSession();
    }

    /// Whether every segment was written with the current fields; an older index is rebuilt.
    public bool HasCurrentFields
    {
        get
        {
            var (session, searcher) = Acquire();
            try
            {
                return searcher.IndexReader.Leaves.All(l => l.AtomicReader.MaxDoc == 0
                    || CatalogSchema.CurrentMarkers.All(f => l.AtomicReader.FieldInfos.FieldInfo(f) is not null));
            }
            finally
            {
                session.Manager.Release(searcher);
            }
        }
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

    /// Runs the query. Bad syntax from a person falls back to searching the words as typed; from a
    /// machine (StrictSyntax) it throws CatalogQueryException.
    public CatalogSearchResult Search(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var offset = Math.Max(0, query.Offset);
        var limit = Math.Clamp(query.Limit, 0, MaxLimit);
        var filter = _filters.For(query);
        if (filter is null)
        {
            return Empty(query);
        }

        var key = SearchResultCache.Key(query, offset, limit);
        var (session, searcher) = Acquire();
        try
        {
            var cache = _results;
            if (cache.Reader != searcher.IndexReader)
            {
                cache = _results = new SearchResultCache(searcher.IndexReader);
            }
            if (cache.Results.TryGetValue(key, out var cached))
            {
                return cached;
            }
            var result = Search(searcher, query, filter, offset, limit);
            if (cache.Results.Count >= SearchResultCache.Capacity)
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
        var parser = new CatalogQueryParser(_analyzer, _clock) { Strict = query.StrictSyntax };
        var luceneQuery = hasText ? parser.ParseText(query.Text!.Trim()) : new MatchAllDocsQuery();
        var filterQueries = query.FilterQueries.Where(f => !string.IsNullOrWhiteSpace(f)).ToList();
        if (filterQueries.Count > 0)
        {
            var all = new BooleanFilter { new FilterClause(filter, Occur.MUST) };
            foreach (var fq in filterQueries)
            {
                all.Add(new FilterClause(new QueryWrapperFilter(parser.ParseFilter(fq.Trim())), Occur.MUST));
            }
            filter = all;
        }

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
        var sort = query.SortKeys is { Count: > 0 } keys ? ExplicitSort(keys, hasText) : query.Sort switch
        {
            CatalogSort.Relevance when hasText => null,
            CatalogSort.Name => new Sort(new SortField(CatalogSchema.TitleSort, SortFieldType.STRING), NewestFirst),
            _ => new Sort(NewestFirst, new SortField(CatalogSchema.TitleSort, SortFieldType.STRING)),
        };
        // Deep pages (a harvester walking the whole catalog) need a window as large as the page's
        // end, but never more than there are documents.
        var window = (int)Math.Clamp((long)offset + limit, 1, Math.Max(1, searcher.IndexReader.MaxDoc));
        ITopDocsCollector top = sort is null
            ? TopScoreDocCollector.Create(window, docsScoredInOrder: true)
            : TopFieldCollector.Create(sort, window, fillFields: false, trackDocScores: hasText, trackMaxScore: false, docsScoredInOrder: true);

        using var collector = new FacetCountingCollector(top, query.FacetFields);
        searcher.Search(luceneQuery, filter, collector);

        var topDocs = top.GetTopDocs(offset, limit);
        var hits = new CatalogHit[topDocs.ScoreDocs.Length];
        var leaves = searcher.IndexReader.Leaves;
        var scratch = new BytesRef();
        for (var i = 0; i < hits.Length; i++)
        {
            var scoreDoc = topDocs.ScoreDocs[i];
            var leaf = leaves[ReaderUtil.SubIndex(scoreDoc.Doc, leaves)];
            if (leaf.AtomicReader.GetBinaryDocValues(CatalogSchema.HitData) is { } data)
            {
                data.Get(scoreDoc.Doc - leaf.DocBase, scratch);
                if (scratch.Length > 0)
                {
                    hits[i] = CatalogSchema.ToHit(scratch, scoreDoc.Score);
                }
            }
            // A document indexed before hits were kept as doc values.
            hits[i] ??= CatalogSchema.ToHit(searcher.Doc(scoreDoc.Doc, CatalogSchema.HitFields), scoreDoc.Score);
            if (query.WithDatasets && leaf.AtomicReader.GetBinaryDocValues(CatalogSchema.DatasetData) is { } record)
            {
                record.Get(scoreDoc.Doc - leaf.DocBase, scratch);
                if (scratch.Length > 0)
                {
                    hits[i] = hits[i] with { DatasetData = scratch.Bytes.AsSpan(scratch.Offset, scratch.Length).ToArray() };
                }
            }
        }
        return new CatalogSearchResult(collector.Total, hits, collector.Results(query.FacetLimit));
    }

    private static readonly SortField NewestFirst = new(CatalogSchema.ModifiedOrder, SortFieldType.INT64, reverse: true);

    /// The order a machine asked for; by best match alone when that is all it asked, and there is text.
    private static Sort? ExplicitSort(IReadOnlyList<CatalogSortKey> keys, bool hasText)
    {
        if (keys is [{ Field: CatalogSortField.Score, Descending: true }] && hasText)
        {
            return null;
        }
        var fields = keys.Select(k => k.Field switch
        {
            // Lucene orders scores best first unless reversed.
            CatalogSortField.Score => new SortField(null, SortFieldType.SCORE, reverse: !k.Descending),
            CatalogSortField.Modified => new SortField(CatalogSchema.ModifiedOrder, SortFieldType.INT64, k.Descending),
            CatalogSortField.Created => new SortField(CatalogSchema.CreatedOrder, SortFieldType.INT64, k.Descending),
            CatalogSortField.Title => new SortField(CatalogSchema.TitleSort, SortFieldType.STRING, k.Descending),
            CatalogSortField.Name => new SortField(CatalogSchema.NameOrder, SortFieldType.STRING, k.Descending),
            CatalogSortField.Id => new SortField(CatalogSchema.IdOrder, SortFieldType.STRING, k.Descending),
            _ => throw new ArgumentOutOfRangeException(nameof(keys), k.Field, "Unknown sort field."),
        }).ToArray();
        return new Sort(fields);
    }

    private static CatalogSearchResult Empty(CatalogQuery query) =>
        new(0, [], query.FacetFields.ToDictionary(f => f, IReadOnlyList<FacetValue> (_) => [], StringComparer.Ordinal));

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
