using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Kaifang.Web.Portal;

/// Downloads of published resources: the stored file, or a redirect to an external one.
public static class ResourceDownloadApi
{
    private static readonly FileExtensionContentTypeProvider MediaTypes = new();

    public static IEndpointRouteBuilder MapResourceDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/datasets/{name}/resources/{resourceId:guid}/download", [HttpMethods.Get, HttpMethods.Head], DownloadAsync)
            .WithName("DownloadResource")
            .WithSummary("Download a resource of a published dataset")
            .WithTags("Portal");
        return routes;
    }

    internal static async Task<Results<FileStreamHttpResult, RedirectHttpResult, NotFound>> DownloadAsync(
        string name, Guid resourceId, KaifangDbContext db, FileStore files, CancellationToken cancellationToken)
    {
        var lowered = name.ToLowerInvariant();
        var resource = await db.Resources.AsNoTracking()
            .Where(r => r.Id == resourceId && r.Dataset!.Name == lowered && r.Dataset.Status == DatasetStatus.Published)
            .SingleOrDefaultAsync(cancellationToken);
        if (resource is null)
        {
            return TypedResults.NotFound();
        }
        if (resource.FileHash is null)
        {
            return Uri.TryCreate(resource.Url, UriKind.Absolute, out var external) && external.Scheme is "http" or "https"
                ? TypedResults.Redirect(external.AbsoluteUri)
                : TypedResults.NotFound();
        }
        if (!files.Exists(resource.FileHash))
        {
            return TypedResults.NotFound();
        }
        var fileName = FileNameOf(resource);
        // The hash names the content, so it is a strong validator; ranges let large files resume.
        return TypedResults.Stream(
            files.OpenRead(resource.FileHash),
            MediaTypeOf(resource, fileName),
            fileName,
            resource.ModifiedAt,
            new EntityTagHeaderValue($"\"{resource.FileHash}\""),
            enableRangeProcessing: true);
    }

    internal static string FileNameOf(Resource resource)
    {
        if (!string.IsNullOrWhiteSpace(resource.FileName))
        {
            return Path.GetFileName(resource.FileName);
        }
        return $"{resource.Identifier}.{resource.Format.ToLowerInvariant()}";
    }

    private static string MediaTypeOf(Resource resource, string fileName)
    {
        if (!string.IsNullOrWhiteSpace(resource.MediaType))
        {
            return resource.MediaType;
        }
        return MediaTypes.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";
    }
}
