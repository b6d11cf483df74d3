using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Lucene45;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Index;

namespace Kaifang.Search;

/// Lucene 4.6's codec, except that the datasets' records (CatalogSchema.DatasetData) are written to doc-values
/// files of their own, which <see cref="MappedDirectory"/> reads with positional reads instead of a memory map.
/// package_search reads twenty records at random from some 70 MB of them for 100,000 datasets: mapped, every page
/// it ever touched stayed in the process's resident memory; read, they stay in the file system's cache, which the
/// kernel shares and sheds. The facets and hit lines, read on every search, stay mapped. Segments name the standard
/// codec, and each field its own format, so any Lucene 4.8 reader with <see cref="Register"/> done reads them.
[CodecName("Lucene46")]
internal sealed class CatalogCodec : Lucene46Codec
{
    private static readonly Lock RegisterLock = new();
    private static bool _registered;
    private readonly DocValuesFormat _records = new RecordsDocValuesFormat();

    public override DocValuesFormat GetDocValuesFormatForField(string field) =>
        field == CatalogSchema.DatasetData ? _records : base.GetDocValuesFormatForField(field);

    /// Makes the records' format known to Lucene by its name, which each segment records for the field: once a
    /// process, before any index is opened.
    public static void Register()
    {
        lock (RegisterLock)
        {
            if (!_registered)
            {
                DocValuesFormat.SetDocValuesFormatFactory(new DefaultDocValuesFormatFactory
                {
                    CustomDocValuesFormatTypes = [typeof(RecordsDocValuesFormat)],
                });
                _registered = true;
            }
        }
    }
}

/// Lucene 4.5's doc values under a name of their own, so that their files can be told apart: a segment's files of
/// this format are named _N_KaifangRecords_0.dvd and .dvm.
[DocValuesFormatName(FormatName)]
internal sealed class RecordsDocValuesFormat : DocValuesFormat
{
    public const string FormatName = "KaifangRecords";

    /// What the name of every file of this format contains.
    public const string FileMarker = "_" + FormatName + "_";

    private readonly Lucene45DocValuesFormat _format = new();

    public override DocValuesConsumer FieldsConsumer(SegmentWriteState state) => _format.FieldsConsumer(state);

    public override DocValuesProducer FieldsProducer(SegmentReadState state) => _format.FieldsProducer(state);
}
