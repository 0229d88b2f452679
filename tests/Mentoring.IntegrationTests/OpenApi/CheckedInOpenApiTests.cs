using Mentoring.Gateway.OpenApi;
using Mentoring.IntegrationTests.Support;

namespace Mentoring.IntegrationTests.OpenApi;

/// <summary>
/// <c>contracts/openapi/v1.json</c>, the copy for client generators, is what the generator makes of
/// the protos. To regenerate it: <c>UPDATE_OPENAPI=1 dotnet test tests/Mentoring.IntegrationTests
/// --filter CheckedInOpenApiTests</c> (writes the file, then passes), and commit it.
/// </summary>
public class CheckedInOpenApiTests
{
    [Fact]
    public void The_checked_in_document_is_the_generated_one()
    {
        var path = Path.Combine(Apps.RepositoryRoot(), "contracts", "openapi", "v1.json");
        var generated = OpenApiDocumentGenerator.Json;
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing. " + HowToRegenerate);
        var checkedIn = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.True(checkedIn == generated, "contracts/openapi/v1.json differs from what the protos generate. " + HowToRegenerate);
    }

    private const string HowToRegenerate =
        "Regenerate it with `UPDATE_OPENAPI=1 dotnet test tests/Mentoring.IntegrationTests --filter CheckedInOpenApiTests` and commit it.";
}
