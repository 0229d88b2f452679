using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Mentoring.Gateway.AdminSpa;

/// <summary>
/// The admin SPA's built files (web/admin/dist) at <c>/admin</c>, from the folder
/// <c>Gateway:AdminSpaPath</c> (relative to the content root). A path that names no file and has no
/// extension is a client route and gets index.html. Anonymous, like the login page: the SPA signs
/// in itself. Asked for at localhost, it sends the browser to the same page at 127.0.0.1, the address
/// sign-in is registered for. No folder configured or found: a 404 that says so.
/// </summary>
public static class AdminSpaEndpoints
{
    public const string PathPrefix = "/admin";
    public const string PathSetting = "Gateway:AdminSpaPath";

    public static WebApplication MapAdminSpa(this WebApplication app)
    {
        var configured = app.Configuration[PathSetting];
        var folder = string.IsNullOrWhiteSpace(configured) ? null : Path.GetFullPath(configured, app.Environment.ContentRootPath);
        if (folder is null || !File.Exists(Path.Combine(folder, "index.html")))
        {
            var why = $"The admin SPA is not available: {(folder is null ? PathSetting + " is not set" : folder + " holds no index.html")}. " +
                      "Build it with `npm ci && npm run build` in web/admin (./platform up does).";
            app.Logger.LogWarning("{Why}", why);
            app.MapGet(PathPrefix + "/{**path}", () => Results.Text(why, statusCode: StatusCodes.Status404NotFound)).AllowAnonymous();
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        var types = new FileExtensionContentTypeProvider();
        app.MapGet(PathPrefix + "/{**path}", (string? path, HttpContext http) =>
        {
            // The token server's issuer and the SPA's registered redirect address name 127.0.0.1, so
            // sign-in started from localhost would fail: the same page at 127.0.0.1 instead.
            if (string.Equals(http.Request.Host.Host, "localhost", StringComparison.OrdinalIgnoreCase))
                return Results.Redirect($"{http.Request.Scheme}://127.0.0.1{(http.Request.Host.Port is { } port ? $":{port}" : "")}" +
                    $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}");
            // the route matches /admin too; relative URLs need the trailing slash
            if (string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/')) return Results.Redirect(PathPrefix + "/");
            var file = string.IsNullOrEmpty(path) ? null : files.GetFileInfo(path);
            if (file is { Exists: true, IsDirectory: false, PhysicalPath: { } physical })
            {
                // Vite names assets by content hash: they never change under the same name.
                http.Response.Headers.CacheControl = path!.StartsWith("assets/", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable" : "no-cache";
                return Results.File(physical, types.TryGetContentType(physical, out var type) ? type : "application/octet-stream",
                    enableRangeProcessing: true);
            }
            if (Path.HasExtension(path)) return Results.NotFound();
            http.Response.Headers.CacheControl = "no-cache";
            return Results.File(Path.Combine(folder, "index.html"), "text/html; charset=utf-8");
        }).AllowAnonymous();
        return app;
    }
}
