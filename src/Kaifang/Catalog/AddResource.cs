using Kaifang.Accounts;
using Kaifang.Auditing;
using Kaifang.Datastore;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.Extensions.Options;

namespace Kaifang.Catalog;

/// Adds a resource to a dataset, by link or by upload. An upload is refused, with the reason,
/// when its type is not allowed or it passes the size limit; then nothing is saved.
public sealed class AddResource(KaifangDbContext db, FileStore files, IOptions<KaifangOptions> options, TimeProvider time, CatalogIndexer index, DatastoreBacklog datastore)
{
    public async Task<CatalogResult<Resource>> ExecuteAsync(StaffScope who, string datasetName, ResourceInput input, UploadedFile? file, CancellationToken cancellationToken)
    {
        var access = await DatasetAccess.LoadAsync(db, who, datasetName, StaffAction.EditDataset, null, cancellationToken);
        if (access.Dataset is not { } dataset)
        {
            return access.Denied<Resource>();
        }

        var errors = ResourceRules.Validate(input, file, options.Value);
        if (!errors.IsValid)
        {
            return CatalogResult<Resource>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var position = dataset.Resources.Count == 0 ? 1 : dataset.Resources.Max(r => r.Position) + 1;
        var resource = new Resource
        {
            Id = Guid.NewGuid(),
            DatasetId = dataset.Id,
            Identifier = $"{dataset.Identifier}-{position:000}",
            Position = position,
            Name = "",
            Format = "",
            CreatedAt = now,
            ModifiedAt = now,
        };
        if (file is not null && await ResourceRules.StoreFileAsync(files, file, resource, options.Value.MaxUploadBytes, cancellationToken) is { } refused)
        {
            return CatalogResult<Resource>.Invalid(refused);
        }
        ResourceRules.Apply(input, resource);
        db.Resources.Add(resource);
        dataset.MetadataModifiedAt = now;
        dataset.DataModifiedAt = now;
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Resource), resource.Id, dataset.Id, AuditAction.Created,
            DatasetAudit.Diff(null, DatasetAudit.Snapshot(resource))));
        await db.SaveChangesAsync(cancellationToken);
        await index.IndexDatasetAsync(dataset.Id);
        datastore.DatasetChanged(dataset.Id);
        return CatalogResult<Resource>.Ok(resource);
    }
}

/// Rules shared by adding and changing a resource.
public static class ResourceRules
{
    /// keepsFile: the resource already has an uploaded file that stays behind it.
    public static ValidationErrors Validate(ResourceInput input, UploadedFile? file, KaifangOptions options, bool keepsFile = false)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "請填寫資料資源名稱。", "Resource name is required.");
        }
        else if (input.Name.Trim().Length > 300)
        {
            errors.Add("name", "資料資源名稱最多 300 字。", "Resource name has at most 300 characters.");
        }
        var hasUrl = !string.IsNullOrWhiteSpace(input.Url);
        if (file is null && !hasUrl && !keepsFile)
        {
            errors.Add("url", "請上傳檔案或填寫資料下載網址。", "Upload a file or enter a download URL.");
        }
        if (file is not null && hasUrl)
        {
            errors.Add("url", "上傳檔案時不需填寫網址。", "Leave the URL empty when uploading a file.");
        }
        if (hasUrl && !ResourceLinks.IsHttpUrl(input.Url))
        {
            errors.Add("url", $"「{input.Url}」不是有效的 http(s) 網址。", $"'{input.Url}' is not a valid http(s) URL.");
        }
        if (file is not null)
        {
            var ext = Path.GetExtension(file.FileName).ToLowerInvariant();
            if (!options.AllowedUploadExtensions.Contains(ext, StringComparer.OrdinalIgnoreCase) || ResourceFormats.FromFileName(file.FileName) is null)
            {
                errors.Add("file",
                    $"不接受「{(ext.Length == 0 ? file.FileName : ext)}」類型的檔案；可上傳：{string.Join("、", options.AllowedUploadExtensions)}。",
                    $"Files of type '{(ext.Length == 0 ? file.FileName : ext)}' are not accepted; allowed: {string.Join(", ", options.AllowedUploadExtensions)}.");
            }
        }
        if (hasUrl && string.IsNullOrWhiteSpace(input.Format)
            && (!Uri.TryCreate(input.Url!.Trim(), UriKind.Absolute, out var link) || ResourceFormats.FromFileName(link.AbsolutePath) is null))
        {
            errors.Add("format", "無法從網址判斷檔案格式，請填寫檔案格式（例如 CSV）。", "The format cannot be told from the URL; enter it (e.g. CSV).");
        }
        if (!string.IsNullOrWhiteSpace(input.Format) && (input.Format.Trim().Length > 20 || !input.Format.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("format", "檔案格式請用英數字，例如 CSV、JSON、XLSX。", "Enter the format in letters and digits, e.g. CSV, JSON, XLSX.");
        }
        if (!string.IsNullOrWhiteSpace(input.Encoding) && input.Encoding.Trim().Length > 30)
        {
            errors.Add("encoding", "編碼格式最多 30 字。", "Encoding has at most 30 characters.");
        }
        return errors;
    }

    /// Stores an uploaded file and puts it behind the resource (hash, size, name, media type, format).
    /// Returns the problem when the file passes the size limit or is hostile (UploadInspection); then the
    /// resource is left as it was and nothing of the file is kept.
    public static async Task<ValidationErrors?> StoreFileAsync(FileStore files, UploadedFile file, Resource resource, long maxBytes, CancellationToken cancellationToken)
    {
        StoredFile stored;
        try
        {
            stored = await files.SaveAsync(file.Content, maxBytes, written => UploadInspection.Check(file.FileName, written), cancellationToken);
        }
        catch (FileRefusedException e)
        {
            var errors = new ValidationErrors();
            errors.Add("file", e.Refusal.Zh, e.Refusal.En);
            return errors;
        }
        catch (FileTooLargeException e)
        {
            var errors = new ValidationErrors();
            errors.Add("file", $"檔案超過 {e.MaxBytes / 1024 / 1024:N0} MB 的上限。", $"The file is larger than the {e.MaxBytes / 1024 / 1024:N0} MB limit.");
            return errors;
        }
        var known = ResourceFormats.FromFileName(file.FileName)!.Value;
        resource.Url = null;
        resource.FileHash = stored.Hash;
        resource.Size = stored.Length;
        resource.FileName = Path.GetFileName(file.FileName);
        resource.MediaType = known.MediaType;
        resource.Format = known.Format;
        return null;
    }

    /// Copies validated input onto the resource; an uploaded file's own format wins over a guess from the URL.
    public static void Apply(ResourceInput input, Resource resource)
    {
        resource.Name = input.Name!.Trim();
        resource.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        resource.Encoding = string.IsNullOrWhiteSpace(input.Encoding) ? resource.Encoding : input.Encoding.Trim().ToUpperInvariant();
        if (!string.IsNullOrWhiteSpace(input.Url))
        {
            resource.Url = input.Url.Trim();
            resource.FileHash = null;
            resource.FileName = null;
            resource.Size = null;
            resource.MediaType = null;
            var guessed = ResourceFormats.FromFileName(new Uri(resource.Url).AbsolutePath);
            resource.Format = guessed?.Format ?? resource.Format;
        }
        if (!string.IsNullOrWhiteSpace(input.Format))
        {
            resource.Format = input.Format.Trim().ToUpperInvariant();
        }
        if (resource.IsUpload && resource.Format is "CSV" or "TXT" or "JSON" or "XML")
        {
            resource.Encoding ??= "UTF-8";
        }
    }
}
