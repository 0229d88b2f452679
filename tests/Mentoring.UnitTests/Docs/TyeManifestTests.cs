using System.Text.RegularExpressions;

namespace Mentoring.UnitTests.Docs;

/// <summary>Every service tye.yaml runs is a project of this repository, and the project its name says.</summary>
public class TyeManifestTests
{
    private static readonly Regex Service = new(@"^\s*- name: (?<name>[\w-]+)\s*\n\s*project: (?<project>\S+)", RegexOptions.Multiline);

    [Fact]
    public void Each_service_points_at_its_own_existing_project()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "platform.sln"))) root = Path.GetDirectoryName(root)!;
        var services = Service.Matches(File.ReadAllText(Path.Combine(root, "tye.yaml")).Replace("\r\n", "\n")).ToList();

        Assert.NotEmpty(services);
        Assert.All(services, s =>
        {
            var project = s.Groups["project"].Value;
            Assert.True(File.Exists(Path.Combine(root, project)), $"{project} does not exist");
            // services/<folder>/Mentoring.<Name>.csproj, the folder being the service's name.
            Assert.Equal($"services/{s.Groups["name"].Value}", Path.GetDirectoryName(project)!.Replace('\\', '/'));
        });
    }
}
