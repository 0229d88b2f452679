namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// CORS for the admin SPA (<c>Gateway:Cors</c>): only the configured origins, the headers the SPA
/// sends, and the response headers it needs to read. Preflight requests are answered here (204) and
/// never forwarded.
/// </summary>
public static class Cors
{
    public const string PolicyName = "admin-spa";

    public static IServiceCollection AddAdminSpaCors(this IServiceCollection services, CorsOptions cors) =>
        services.AddCors(o => o.AddPolicy(PolicyName, policy => policy
            .WithOrigins(cors.AllowedOrigins ?? CorsOptions.DefaultOrigins)
            .WithHeaders(cors.AllowedHeaders ?? CorsOptions.DefaultAllowedHeaders)
            .WithExposedHeaders(cors.ExposedHeaders ?? CorsOptions.DefaultExposedHeaders)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .SetPreflightMaxAge(cors.PreflightMaxAge)));

    public static IApplicationBuilder UseAdminSpaCors(this IApplicationBuilder app) => app.UseCors(PolicyName);
}
