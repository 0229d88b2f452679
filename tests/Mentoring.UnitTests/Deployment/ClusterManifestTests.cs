using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mentoring.UnitTests.Deployment;

/// <summary>
/// The offline check of k8s/ (k8s/validate, described in k8s/README.md "Checks") passes on the
/// repository, and fails on a broken manifest and on a service, port or setting that one of
/// ./platform, tye.yaml and k8s/ lacks. The check needs Node.js, its npm packages and Debian's
/// kubectl 1.20; when they are missing the test installs them with <c>k8s/validate/run --install</c>
/// (what .ci/run also does) rather than skipping.
/// </summary>
public class ClusterManifestTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Checker = Path.Combine(Root, "k8s", "validate");
    private static readonly object InstallLock = new();
    private static bool installTried;

    [Fact]
    public void Every_rendering_validates_and_agrees_with_platform_and_tye()
    {
        var (exit, output) = Check();
        Assert.True(exit == 0, output);
        Assert.Contains("rendered base, overlays/dev, overlays/prod", output);
        Assert.Contains("k8s check: no errors", output);
    }

    public static TheoryData<string> BrokenManifests() =>
        new(Directory.GetFiles(Path.Combine(Checker, "fixtures"), "broken-*.yaml").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public void A_broken_manifest_fails_the_check_for_its_reason(string file)
    {
        var path = Path.Combine(Checker, "fixtures", file);
        var expected = File.ReadLines(path).First();
        Assert.StartsWith("# expect: ", expected);

        var (exit, output) = Check("--manifest", path);
        Assert.True(exit == 1, output);
        Assert.Contains(expected["# expect: ".Length..], output);
    }

    [Fact]
    public void The_manifest_the_broken_ones_derive_from_passes()
    {
        var (exit, output) = Check("--manifest", Path.Combine(Checker, "fixtures", "valid.yaml"));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void A_service_missing_from_tye_fails_the_check()
    {
        var tye = Regex.Replace(Read("tye.yaml"), @"\n  - name: matching\n.*?(?=\n  - name: scheduling\n)", "", RegexOptions.Singleline);
        Assert.DoesNotContain("name: matching\n", tye);

        var (exit, output) = Check("--no-compare", "--tye", Temp("tye.yaml", tye));
        Assert.Equal(1, exit);
        Assert.Contains("overlays/dev: matching: service missing from tye.yaml", output);
    }

    [Fact]
    public void A_service_missing_from_k8s_fails_the_check()
    {
        var k8s = Path.Combine(Directory.CreateTempSubdirectory("k8s-check-").FullName, "k8s");
        foreach (var dir in new[] { "base", "overlays/dev", "overlays/prod", "examples" })
        {
            Directory.CreateDirectory(Path.Combine(k8s, dir));
            foreach (var f in Directory.GetFiles(Path.Combine(Root, "k8s", dir)))
                File.Copy(f, Path.Combine(k8s, dir, Path.GetFileName(f)));
        }
        var kustomization = Path.Combine(k8s, "base", "kustomization.yaml");
        File.WriteAllText(kustomization, File.ReadAllText(kustomization).Replace("  - 31-matching.yaml\n", ""));

        var (exit, output) = Check("--no-compare", "--k8s", k8s);
        Assert.Equal(1, exit);
        Assert.Contains("overlays/dev: matching: service missing from k8s/overlays/dev", output);
        Assert.Contains("overlays/prod: matching: service missing from k8s/overlays/prod", output);
    }

    [Fact]
    public void A_new_service_only_in_platform_fails_the_check()
    {
        var platform = Read("platform").Replace("SERVICES=(profile ", "SERVICES=(profile reviews ");

        var (exit, output) = Check("--no-compare", "--platform", Temp("platform", platform));
        Assert.Equal(1, exit);
        Assert.Contains("reviews: service missing from tye.yaml", output);
        Assert.Contains("reviews: service missing from k8s/overlays/prod", output);
    }

    [Fact]
    public void A_port_that_differs_fails_the_check()
    {
        var platform = Read("platform").Replace("profile) echo 5111 ;;", "profile) echo 5119 ;;");
        Assert.Contains("echo 5119", platform);

        var (exit, output) = Check("--no-compare", "--platform", Temp("platform", platform));
        Assert.Equal(1, exit);
        Assert.Contains("profile: grpc port disagrees: ./platform=5119, tye.yaml binding=5111", output);
    }

    [Fact]
    public void A_replica_port_scheme_that_collides_fails_the_check()
    {
        // Instance k listens on the service's ports + REPLICA_PORT_STEP x (k - 1): a step of 10 lands profile-2 on matching's ports.
        var platform = Read("platform").Replace("REPLICA_PORT_STEP=100\n", "REPLICA_PORT_STEP=10\n");
        Assert.Contains("REPLICA_PORT_STEP=10\n", platform);

        var (exit, output) = Check("--no-compare", "--platform", Temp("platform", platform));
        Assert.Equal(1, exit);
        Assert.Contains("./platform --replicas: profile-2 and matching would both listen on port 5121", output);
    }

    [Fact]
    public void A_setting_that_the_cluster_lacks_fails_the_check()
    {
        var tye = Read("tye.yaml");
        var at = tye.IndexOf("      - name: Service__GrpcPort\n        value: \"5111\"", StringComparison.Ordinal);
        Assert.True(at > 0);
        tye = tye.Insert(at, "      - name: Profile__SomethingNew\n        value: \"1\"\n");

        var (exit, output) = Check("--no-compare", "--tye", Temp("tye.yaml", tye));
        Assert.Equal(1, exit);
        Assert.Contains("profile: setting Profile__SomethingNew (set by tye.yaml) is missing from the Deployment", output);
    }

    [Fact]
    public void Every_image_the_manifests_run_is_built_on_a_base_image_pinned_by_digest()
    {
        var props = Read("Directory.Build.props");
        var pinned = new Regex(@"<(?<name>Mentoring\w+BaseImage)>mcr\.microsoft\.com/dotnet/\w+:10\.0@sha256:[0-9a-f]{64}</\k<name>>");
        var names = pinned.Matches(props).Select(m => m.Groups["name"].Value).ToHashSet();
        Assert.Equal(["MentoringAspNetBaseImage", "MentoringRuntimeBaseImage"], names.Order());

        var images = Directory.GetFiles(Path.Combine(Root, "k8s", "base"), "*.yaml")
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"image: mentoring/(?<service>[\w-]+):").Select(m => m.Groups["service"].Value))
            .Distinct().Order().ToList();
        Assert.Equal(9, images.Count);
        Assert.All(images, service =>
        {
            var project = Directory.GetFiles(Path.Combine(Root, "services", service), "Mentoring.*.csproj").Single();
            var baseImage = Regex.Match(File.ReadAllText(project), @"<ContainerBaseImage>\$\((?<name>\w+)\)</ContainerBaseImage>");
            Assert.True(baseImage.Success && names.Contains(baseImage.Groups["name"].Value),
                $"{Path.GetFileName(project)} does not take its ContainerBaseImage from Directory.Build.props");
        });
    }

    private static (int Exit, string Output) Check(params string[] args)
    {
        var result = Node(args);
        if (result.Exit != 3) return result;
        lock (InstallLock)
        {
            if (!installTried)
            {
                installTried = true;
                var install = Run("bash", [Path.Combine(Checker, "run"), "--install"]);
                Assert.True(install.Exit == 0, "k8s/validate/run --install failed:\n" + install.Output);
            }
        }
        result = Node(args);
        Assert.True(result.Exit != 3, "the check's tools are still missing:\n" + result.Output);
        return result;
    }

    private static (int Exit, string Output) Node(string[] args) =>
        Directory.Exists(Path.Combine(Checker, "node_modules", "kubernetes-models"))
            ? Run("node", [Path.Combine(Checker, "check.mjs"), .. args])
            : (3, "k8s/validate/node_modules is missing");

    private static (int Exit, string Output) Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Checker, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{file} did not finish");
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(Root, file)).Replace("\r\n", "\n");

    private static string Temp(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("k8s-check-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "platform.sln"))) root = Path.GetDirectoryName(root)!;
        return root;
    }
}
