using System.Text;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Search;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Portal;

/// The app with a small known catalog, shared by the portal tests of a class (they only read it):
/// a sample insurance dataset with CSV and JSON files and a history, a Big5 CSV, an external link,
/// a draft, and enough filler to need a second page.
public sealed class PortalCatalog : IAsyncLifetime
{
    public const string InsuranceName = "a17010000j-000001";
    public const string Big5Name = "a17030000j-000002";
    public const string ExternalName = "a17000000j-000003";
    public const string DraftName = "a17010000j-000099";
    public const int FillerCount = 25;

    /// Published: the three named datasets and the filler.
    public const int PublishedCount = 3 + FillerCount;

    public static readonly byte[] InsuranceCsv = Encoding.UTF8.GetBytes("投保薪資等級,月投保薪資\n1,27470\n2,27600\n3,28800\n");
    public static readonly byte[] Big5Csv = ResourcePreview.Big5.GetBytes("縣市,職業訓練人數\n臺中市,321\n花蓮縣,45\n");

    public KaifangAppFactory App { get; } = new();
    public Guid InsuranceId { get; private set; }
    public Guid InsuranceCsvId { get; private set; }
    public Guid ExternalResourceId { get; private set; }
    public Guid DraftResourceId { get; private set; }
    public string InsuranceCsvHash { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var files = App.Services.GetRequiredService<FileStore>();
        var csv = await files.SaveAsync(InsuranceCsv, CancellationToken.None);
        var json = await files.SaveAsync(Encoding.UTF8.GetBytes("""{"records":[{"等級":"1","金額":27470},{"等級":"2","金額":27600}]}"""), CancellationToken.None);
        var big5 = await files.SaveAsync(Big5Csv, CancellationToken.None);
        var broken = await files.SaveAsync([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0xFF, 0xFF], CancellationToken.None);
        InsuranceCsvHash = csv.Hash;
        var at = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

        await App.WithDbAsync(async db =>
        {
            var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code);
            Dataset New(string code, string name, string title, int minutes, DatasetStatus status = DatasetStatus.Published) => new()
            {
                Id = Guid.NewGuid(),
                Identifier = name.ToUpperInvariant(),
                Name = name,
                Title = title,
                AgencyId = agencies[code].Id,
                Status = status,
                CreatedAt = at,
                MetadataModifiedAt = at.AddMinutes(minutes),
                FirstPublishedAt = status == DatasetStatus.Published ? at.AddMinutes(minutes) : null,
            };

            var insurance = New("BLI", InsuranceName, "勞工保險投保薪資分級表", 500);
            insurance.TitleEn = "Labour insurance salary grades";
            insurance.Description = "勞工保險投保薪資分級表，含各等級月投保薪資。";
            insurance.ServiceCategory = "800";
            insurance.UpdateFrequency = UpdateFrequency.Every(1, FrequencyUnit.Year);
            insurance.ContactName = "王小明";
            insurance.ContactPhone = "02-2396-1266";
            insurance.ContactEmail = "open@bli.gov.tw";
            insurance.RelatedUrl = "https://www.bli.gov.tw/";
            insurance.MainFieldsDescription = "投保薪資等級、月投保薪資";
            insurance.Keywords = ["勞保", "投保薪資"];
            insurance.DataVolume = "3";
            insurance.Notes = "自115年1月1日起適用";
            insurance.QualityMark = "金";
            insurance.IsSample = true;
            insurance.Resources.Add(Upload(insurance, 1, "投保薪資分級表.csv", "CSV", csv, "text/csv", "UTF-8"));
            insurance.Resources.Add(Upload(insurance, 2, "投保薪資分級表.json", "JSON", json, "application/json", "UTF-8"));

            var training = New("WDA", Big5Name, "職業訓練人數統計", 400);
            training.ServiceCategory = "300";
            training.Resources.Add(Upload(training, 1, "訓練人數.csv", "CSV", big5, "text/csv", "BIG5"));
            training.Resources.Add(Upload(training, 2, "訓練人數.xlsx", "XLSX", broken, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", null));

            var external = New("MOL", ExternalName, "勞動統計查詢網", 300);
            external.Resources.Add(new Resource
            {
                Id = Guid.NewGuid(), Identifier = $"{external.Identifier}-001", Name = "查詢網", Format = "HTML",
                Url = "https://statdb.mol.gov.tw/", CreatedAt = at, ModifiedAt = at,
            });

            var draft = New("BLI", DraftName, "尚未上架的草稿", 600, DatasetStatus.Draft);
            draft.Resources.Add(Upload(draft, 1, "草稿.csv", "CSV", csv, "text/csv", "UTF-8"));

            db.Datasets.AddRange(insurance, training, external, draft);
            for (var i = 0; i < FillerCount; i++)
            {
                var filler = New("OSHA", $"a17040000j-{100 + i:000000}", $"職業安全衛生統計第{i:00}號", i);
                filler.ServiceCategory = "E00";
                filler.Resources.Add(new Resource
                {
                    Id = Guid.NewGuid(), Identifier = $"{filler.Identifier}-001", Name = "XML", Format = "XML",
                    Url = "https://www.osha.gov.tw/", CreatedAt = at, ModifiedAt = at,
                });
                db.Datasets.Add(filler);
            }

            db.AuditEntries.Add(new AuditEntry
            {
                At = at.AddDays(1), UserName = "bli-officer", EntityType = "Dataset", EntityId = insurance.Id, DatasetId = insurance.Id,
                Action = AuditAction.Updated,
                Changes = [new("Title", "勞保投保薪資表", "勞工保險投保薪資分級表"), new("Description", new string('舊', 400), "新")],
            });
            db.AuditEntries.Add(new AuditEntry
            {
                At = at, UserName = "bli-admin", EntityType = "Dataset", EntityId = insurance.Id, DatasetId = insurance.Id,
                Action = AuditAction.Published,
            });
            await db.SaveChangesAsync();

            InsuranceId = insurance.Id;
            InsuranceCsvId = insurance.Resources[0].Id;
            ExternalResourceId = external.Resources[0].Id;
            DraftResourceId = draft.Resources[0].Id;
            return 0;
        });

        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CatalogIndexer>().RebuildAsync(null, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    private static Resource Upload(Dataset dataset, int serial, string fileName, string format, StoredFile file, string mediaType, string? encoding) => new()
    {
        Id = Guid.NewGuid(),
        Identifier = $"{dataset.Identifier}-{serial:000}",
        Position = serial,
        Name = Path.GetFileNameWithoutExtension(fileName),
        Format = format,
        Encoding = encoding,
        FileHash = file.Hash,
        FileName = fileName,
        Size = file.Length,
        MediaType = mediaType,
        CreatedAt = dataset.CreatedAt,
        ModifiedAt = dataset.CreatedAt,
    };
}
