using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;

namespace Kaifang.Search;

/// This node's search index of the catalog (DESIGN.md: each web node keeps its own, rebuilt and kept
/// current from the database). One IndexWriter stays open. Before a write returns, the near-real-time searcher
/// is refreshed so that the next search on this node sees it; writes that arrive together share one refresh.
/// Making the writes durable on disk (<see cref="Commit"/>, which syncs files) is left to the change follower,
/// which commits once per round for every write since the last, then records how far the index has followed the
/// change record: a node that dies before a commit re-applies those writes from the record when it starts.
/// Searches run concurrently on pooled searchers.
public sealed class CatalogIndex : IDisposable
{
    private const int MaxLimit = 1000;

    private readonly TimeProvider _clock;
    private readonly Lucene.Net.Store.Directory _directory;
    private readonly Analyzer _analyzer;

    // The terms of the words searched, by analyser: the same for every reader, so kept for the index's life.
    private readonly AnalysedWords _words = new();
    private readonly long _textMatchesBytes;
    // Held to change the writer or to refresh the searchers (a rebuild holds it throughout, so that no search sees
    // it half done); a commit holds the commit gate instead, so that writes go on while files are synced.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _commitGate = new(1, 1);
    // Changes made to the writer, and how many of them the searchers see.
    private long _written;
    private long _visible;
    private readonly CatalogFilters _filters = new();
    private volatile Session _session;

    // How many times the writer was opened again on the last commit, losing what was written since (see Generation).
    private long _generation;
    private bool _disposed;

    public CatalogIndex(IOptions<KaifangOptions> options, TimeProvider clock, IOptions<SearchOptions>? search = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _textMatchesBytes = Math.Max(0, (long)(search?.Value ?? new SearchOptions()).TextMatchesMegabytes) << 20;
        var path = options.Value.IndexDirectory;
        System.IO.Directory.CreateDirectory(path);
        CatalogCodec.Register();
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

    /// Texts whose matches the current reader keeps (TextMatches).
    internal int TextsKept
    {
        get
        {
            var (session, searcher) = Acquire();
            try
            {
                return ((CatalogSearcher)searcher).Texts.Count;
            }
            finally
            {
                session.Manager.Release(searcher);
            }
        }
    }

    /// Segments of the index, as the next search sees it.
    internal int SegmentCount
    {
        get
        {
            var (session, searcher) = Acquire();
            try
            {
                return searcher.IndexReader.Leaves.Count;
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

    /// Adds or replaces the documents (by id); searches on this node see them when it returns.
    public void Upsert(IEnumerable<DatasetDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        Write(writer => UpsertAll(writer, list));
    }

    /// As <see cref="Upsert(IEnumerable{DatasetDocument})"/>, waiting for its turn without holding a thread.
    public Task UpsertAsync(IEnumerable<DatasetDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        return WriteAsync(writer => UpsertAll(writer, list));
    }

    public void Delete(Guid id) => Write(writer => writer.DeleteDocuments(IdTerm(id)));

    public Task DeleteAsync(Guid id) => WriteAsync(writer => writer.DeleteDocuments(IdTerm(id)));

    /// Changes whenever the index is opened again on its last commit after a failure, so that writes made before
    /// it and not yet committed are gone: whoever recorded such a write as indexed (the change follower) must not
    /// count on it.
    public long Generation => Interlocked.Read(ref _generation);

    /// Makes every write made so far durable (it survives the process being killed). Writes go on meanwhile; those
    /// made during the commit may or may not be in it.
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _commitGate.Wait();
        try
        {
            var writer = _session.Writer;
            if (writer.HasUncommittedChanges())
            {
                writer.Commit();
            }
        }
        finally
        {
            _commitGate.Release();
        }
    }

    private static void UpsertAll(IndexWriter writer, List<DatasetDocument> documents)
    {
        foreach (var d in documents)
        {
            writer.UpdateDocument(IdTerm(d.Id), CatalogSchema.ToLucene(d));
        }
    }

    /// Replaces the whole index with these documents; searches see the old index until it is done.
    public int Rebuild(IEnumerable<DatasetDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        _commitGate.Wait();
        _writeGate.Wait();
        try
        {
            ReplaceAll(list.ToAsyncEnumerable(), CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            _writeGate.Release();
            _commitGate.Release();
        }
        return list.Count;
    }

    /// Replaces the whole index with documents read as they come (from the database, in batches).
    /// If reading fails or is cancelled, the index is left as it was.
    public async Task<int> RebuildAsync(IAsyncEnumerable<DatasetDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await _commitGate.WaitAsync(cancellationToken);
        try
        {
            await _writeGate.WaitAsync(cancellationToken);
            try
            {
                return await ReplaceAll(documents, cancellationToken);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        finally
        {
            _commitGate.Release();
        }
    }

    // Called with both gates held. The writes before it are committed first, so that a failed rebuild, rolled back to
    // the last commit, loses none of them. Documents are read on one task (the next batch comes from the database
    // while the last is indexed) and turned into Lucene documents and added on several (the IndexWriter takes
    // concurrent additions, each thread filling segments of its own); no more than ReadAhead wait between the two.
    private async Task<int> ReplaceAll(IAsyncEnumerable<DatasetDocument> documents, CancellationToken cancellationToken)
    {
        var session = _session;
        var writer = session.Writer;
        writer.Commit();
        var count = 0;
        try
        {
            writer.DeleteAll();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var queue = Channel.CreateBounded<DatasetDocument>(new BoundedChannelOptions(ReadAhead)
            {
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var read = Task.Run(async () =>
            {
                try
                {
                    await foreach (var d in documents.WithCancellation(stop.Token))
                    {
                        await queue.Writer.WriteAsync(d, stop.Token);
                    }
                    queue.Writer.Complete();
                }
                catch (Exception e)
                {
                    queue.Writer.Complete(e);
                    await stop.CancelAsync();
                    throw;
                }
            }, CancellationToken.None);
            var workers = Enumerable.Range(0, RebuildThreads).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await foreach (var d in queue.Reader.ReadAllAsync(stop.Token))
                    {
                        writer.AddDocument(CatalogSchema.ToLucene(d));
                        Interlocked.Increment(ref count);
                    }
                }
                catch
                {
                    await stop.CancelAsync();
                    throw;
                }
            }, CancellationToken.None)).ToList();
            await WhenAllOrFirstFailure([read, .. workers], cancellationToken);
            // The threads leave a segment each every time their memory fills (six for 100,000 datasets), and a search
            // looks each term up, and opens its postings and filters, once per segment. Merged into one, a search
            // allocated half as much; the merge costs about 5 s of CPU for 100,000 datasets, once.
            writer.ForceMerge(1);
            writer.Commit();
            Refresh(session);
        }
        catch
        {
            RollBack();
            throw;
        }
        return count;
    }

    /// Datasets read ahead of those being indexed during a rebuild: about a batch of the database's and the next.
    internal const int ReadAhead = 4000;

    /// Threads adding documents during a rebuild.
    internal static int RebuildThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);

    // Waits for every task; when one failed, throws what went wrong first rather than the cancellations it caused in
    // the others (or the caller's cancellation, when that was the cause).
    private static async Task WhenAllOrFirstFailure(List<Task> tasks, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = tasks.Where(t => t.IsFaulted)
                .SelectMany(t => t.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null)
            {
                ExceptionDispatchInfo.Throw(first);
            }
            throw;
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
            var catalogSearcher = (CatalogSearcher)searcher;
            if (key is null || !catalogSearcher.Results.TryGetValue(key, out var result))
            {
                result = Search(catalogSearcher, query, filter, offset, limit);
                if (key is not null && catalogSearcher.SeenBefore(key))
                {
                    catalogSearcher.Results.Add(key, result);
                }
            }
            return query.WithDatasets ? WithDatasets(searcher, result) : result;
        }
        finally
        {
            session.Manager.Release(searcher);
        }
    }

    private CatalogSearchResult Search(CatalogSearcher searcher, CatalogQuery query, Filter filter, int offset, int limit)
    {
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var parser = new CatalogQueryParser(_analyzer, _clock, searcher, _words) { Strict = query.StrictSyntax };
        var filterQueries = query.FilterQueries.Where(f => !string.IsNullOrWhiteSpace(f)).ToList();
        if (filterQueries.Count > 0)
        {
            filter = _filters.WithConditions(filter, [.. filterQueries.Select(f => f.Trim())], parser.ParseFilter);
        }

        MatchedDocs? recorded = null;
        try
        {
            var luceneQuery = hasText ? TextQuery(searcher, parser, query.Text!.Trim(), query.StrictSyntax, out recorded) : new MatchAllDocsQuery();
            return Run(searcher, luceneQuery, filter, query, hasText, offset, limit);
        }
        catch (BooleanQuery.TooManyClausesException) when (hasText)
        {
            // A wildcard that expands to too many terms: search the words instead.
            return Run(searcher, parser.PlainWords(CatalogQueryParser.PersonsWords(query.Text!.Trim())), filter, query, hasText, offset, limit);
        }
        finally
        {
            recorded?.Dispose();
        }
    }

    /// The query for a text: its matches on this reader replayed when it was searched here before, else the parsed query.
    /// A text seen for the second time is scored over the whole reader, without the search's filters, and kept
    /// (TextMatches). Its scores are the same either way (StableDisjunctionMaxQuery); a text whose query could score a
    /// last bit differently under another filter is never replayed, so that pages of one search agree on its order.
    /// Matches recorded but too large to keep are handed out in `recorded`, to be given back once the search has run.
    private static Query TextQuery(CatalogSearcher searcher, CatalogQueryParser parser, string text, bool strict, out MatchedDocs? recorded)
    {
        recorded = null;
        if (SearchResultCache.MentionsNow(text))
        {
            return parser.ParseText(text);
        }
        var key = strict ? "strict\u001e" + text : text;
        if (searcher.Texts.Find(key) is { } known)
        {
            return new MatchedDocsQuery(known);
        }
        var parsed = parser.ParseText(text);
        if (parsed is MatchAllDocsQuery || searcher.Texts.BudgetBytes == 0 || !searcher.Texts.SeenBefore(key) || !StableDisjunctionMaxQuery.ScoresStably(parsed))
        {
            return parsed;
        }
        var matches = MatchedDocs.Of(searcher, parsed);
        if (!searcher.Texts.Fits(key, matches))
        {
            recorded = matches;
            return new MatchedDocsQuery(matches);
        }
        var kept = matches.Kept();
        matches.Dispose();
        searcher.Texts.Add(key, kept);
        return new MatchedDocsQuery(kept);
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
        _commitGate.Dispose();
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
                    hits[i] = CatalogSchema.ToHit(scratch, scoreDoc.Score, scoreDoc.Doc);
                }
            }
            // A document indexed before hits were kept as doc values.
            hits[i] ??= CatalogSchema.ToHit(searcher.Doc(scoreDoc.Doc, CatalogSchema.HitFields), scoreDoc.Score, scoreDoc.Doc);
        }
        return new CatalogSearchResult(collector.Total, hits, collector.Results(query.FacetLimit));
    }

    /// The hits with their datasets' records, read from the searcher's reader for each answer. The result cache keeps
    /// what a search found but not these: twenty records are some 34 KB, and a cache that kept them for searches that
    /// came back once in twenty held a churning gen-2 heap of them.
    private static CatalogSearchResult WithDatasets(IndexSearcher searcher, CatalogSearchResult result)
    {
        var leaves = searcher.IndexReader.Leaves;
        // Each segment's records are opened once for the hits it holds.
        var records = new BinaryDocValues?[leaves.Count];
        var hits = new CatalogHit[result.Hits.Count];
        for (var i = 0; i < hits.Length; i++)
        {
            var hit = result.Hits[i];
            var n = ReaderUtil.SubIndex(hit.Doc, leaves);
            var leaf = leaves[n];
            hits[i] = hit;
            var record = new BytesRef();
            (records[n] ??= leaf.AtomicReader.GetBinaryDocValues(CatalogSchema.DatasetData))?.Get(hit.Doc - leaf.DocBase, record);
            if (record.Length > 0)
            {
                // Lucene reads each variable-length value into an array of its own, which the hit can keep as it is.
                hits[i] = hit with
                {
                    DatasetData = record.Offset == 0 && record.Length == record.Bytes.Length
                        ? record.Bytes
                        : record.Bytes.AsSpan(record.Offset, record.Length).ToArray(),
                };
            }
        }
        return result with { Hits = hits };
    }

    private static readonly SortField NewestFirst = SegmentNumbers.Sort(CatalogSchema.ModifiedOrder, descending: true);

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
            CatalogSortField.Modified => SegmentNumbers.Sort(CatalogSchema.ModifiedOrder, k.Descending),
            CatalogSortField.Created => SegmentNumbers.Sort(CatalogSchema.CreatedOrder, k.Descending),
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

    // The blocking form, for callers without an await (tests); the async one never resumes on the caller's context.
    private void Write(Action<IndexWriter> change) => WriteAsync(change).GetAwaiter().GetResult();

    private async Task WriteAsync(Action<IndexWriter> change)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long number;
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            number = Change(change);
        }
        finally
        {
            _writeGate.Release();
        }
        // Writes that came while this one waited for the gate, or while the searchers were refreshed for an earlier
        // one, are made visible together by whichever of them takes the gate first.
        if (Interlocked.Read(ref _visible) >= number)
        {
            return;
        }
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            RefreshUpTo(number);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    // Called with the write gate held; returns the change's number.
    private long Change(Action<IndexWriter> change)
    {
        try
        {
            change(_session.Writer);
        }
        catch
        {
            ReopenIfClosed();
            throw;
        }
        return ++_written;
    }

    // Called with the write gate held.
    private void RefreshUpTo(long change)
    {
        if (Interlocked.Read(ref _visible) >= change)
        {
            return;
        }
        var upTo = _written;
        Refresh(_session);
        Interlocked.Exchange(ref _visible, upTo);
    }

    private static void Refresh(Session session) => session.Manager.MaybeRefreshBlocking();

    // A failure Lucene cannot recover from closes the writer: the index is opened again on its last commit (writes
    // since then are applied again from the change record when the node next starts). Called with the write gate held.
    private void ReopenIfClosed()
    {
        try
        {
            _session.Writer.HasUncommittedChanges();
        }
        catch (ObjectDisposedException)
        {
            var old = _session;
            _session = OpenSession();
            Interlocked.Increment(ref _generation);
            old.Manager.Dispose();
        }
    }

    /// Drops uncommitted changes. Lucene's rollback closes the writer, so a new session is opened
    /// on the last commit. Called with the write gate held.
    private void RollBack()
    {
        var old = _session;
        old.Writer.Rollback();
        _session = OpenSession();
        Interlocked.Increment(ref _generation);
        old.Manager.Dispose();
    }

    private Session OpenSession()
    {
        var config = new IndexWriterConfig(CatalogAnalyzers.Version, _analyzer)
        {
            Codec = new CatalogCodec(),
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
        return new Session(writer, new SearcherManager(writer, applyAllDeletes: true, new CatalogSearcher.Factory(_textMatchesBytes)));
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
