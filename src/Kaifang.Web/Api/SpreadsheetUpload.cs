namespace Kaifang.Web.Api;

/// A spreadsheet sent to an import endpoint: as a multipart form field named 'file', or as the request body
/// with its name in ?fileName=.
public static class SpreadsheetUpload
{
    public sealed record Upload(byte[] Bytes, string Name);

    /// The file, or the problem to answer when a form came without its 'file' field.
    public static async Task<(Upload? File, IResult? Problem)> ReadAsync(HttpContext http, string? fileName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var buffer = new MemoryStream();
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { } file)
            {
                return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: http.WantsEnglish() ? "Send the spreadsheet in a form field named 'file'." : "請以名為 file 的表單欄位上傳試算表。"));
            }
            await file.CopyToAsync(buffer, ct);
            return (new Upload(buffer.ToArray(), file.FileName), null);
        }
        await http.Request.Body.CopyToAsync(buffer, ct);
        return (new Upload(buffer.ToArray(), fileName ?? ""), null);
    }
}
