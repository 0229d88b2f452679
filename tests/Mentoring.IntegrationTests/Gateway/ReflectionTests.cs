using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Mentoring.IntegrationTests.Support;
using Alpha = Grpc.Reflection.V1Alpha;
using V1 = Grpc.Reflection.V1;

namespace Mentoring.IntegrationTests.Gateway;

/// <summary>
/// gRPC reflection and health answered by the gateway itself on its gRPC port, for every service
/// behind it, as <c>grpcurl -plaintext 127.0.0.1:8081 list</c> and <c>describe</c> ask.
/// </summary>
public sealed class ReflectionTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    private static readonly string[] MentoringServices =
    [
        "mentoring.profile.v1.ProfileService", "mentoring.matching.v1.MatchingService",
        "mentoring.scheduling.v1.SchedulingService", "mentoring.feedback.v1.FeedbackService",
        "mentoring.integration.v1.IntegrationService",
    ];

    [Fact]
    public async Task Reflection_through_the_gateway_lists_every_service_behind_it_in_both_versions()
    {
        await using var gateway = await fixture.StartGatewayAsync();
        using var channel = gateway.CreateChannel(); // anonymous, as in the services

        var alpha = await ListServicesAsync(channel);
        var v1 = await ListServicesV1Async(channel);

        Assert.Superset(new HashSet<string>([.. MentoringServices, "grpc.health.v1.Health",
            "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"]), alpha.ToHashSet());
        Assert.Equal(alpha.Order(), v1.Order());
        // Whatever the route table sends on as gRPC is described.
        Assert.Superset(GrpcRoutedServices().ToHashSet(), alpha.ToHashSet());
    }

    [Fact]
    public async Task The_file_containing_a_service_resolves_with_everything_it_imports_as_grpcurl_does()
    {
        await using var gateway = await fixture.StartGatewayAsync();
        using var channel = gateway.CreateChannel();
        using var call = new Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        var files = new Dictionary<string, FileDescriptorProto>();
        await AskFilesAsync(call, new Alpha.ServerReflectionRequest { FileContainingSymbol = "mentoring.profile.v1.ProfileService" }, files);
        Assert.Contains("mentoring/profile/v1/profile.proto", files.Keys);
        // Any import the answer left out is asked for by name, as grpcurl does.
        while (files.Values.SelectMany(f => f.Dependency).FirstOrDefault(d => !files.ContainsKey(d)) is { } missing)
            await AskFilesAsync(call, new Alpha.ServerReflectionRequest { FileByFilename = missing }, files);
        await call.RequestStream.CompleteAsync();

        // Every file links: the descriptors are complete.
        var built = FileDescriptor.BuildFromByteStrings(InDependencyOrder(files).Select(f => f.ToByteString()));
        var service = built.Single(f => f.Name == "mentoring/profile/v1/profile.proto").Services.Single(s => s.Name == "ProfileService");
        Assert.Equal("mentoring.profile.v1.GetPersonRequest", service.FindMethodByName("GetPerson").InputType.FullName);
        Assert.True(service.FindMethodByName("ImportPeople").IsClientStreaming);
    }

    [Fact]
    public async Task Outside_development_reflection_is_unimplemented_unless_enabled()
    {
        await using (var production = await fixture.StartGatewayAsync(environment: "Production"))
        {
            using var channel = production.CreateChannel();
            var e = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(channel));
            Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        }

        await using var enabled = await fixture.StartGatewayAsync(
            new Dictionary<string, string?> { ["Gateway:EnableReflection"] = "true" }, environment: "Production");
        using var enabledChannel = enabled.CreateChannel();
        Assert.Superset(MentoringServices.ToHashSet(), (await ListServicesAsync(enabledChannel)).ToHashSet());
    }

    [Fact]
    public async Task Reflection_is_anonymous_but_rate_limited_like_every_call()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitLimit"] = "1",
            ["Gateway:RateLimit:Window"] = "00:01:00",
        });
        using var channel = gateway.CreateChannel();
        Assert.NotEmpty(await ListServicesAsync(channel));

        var e = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(channel));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("0", e.Trailers.GetValue("ratelimit-remaining"));
    }

    [Fact]
    public async Task The_gateway_answers_grpc_health_itself_and_never_limits_it()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitLimit"] = "1",
            ["Gateway:RateLimit:Window"] = "00:01:00",
        });
        var health = new Health.HealthClient(gateway.CreateChannel());

        for (var i = 0; i < 3; i++)
        {
            // Not serving: matching, scheduling and identity do not run here; but answered, never limited.
            var answer = await health.CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, answer.Status);
        }
        using var http = gateway.CreateHttpClient(fixture.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/profile/v1/people/{Guid.NewGuid()}")).StatusCode); // the one permit
    }

    private static async Task<List<string>> ListServicesAsync(GrpcChannel channel)
    {
        using var call = new Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }

    private static async Task<List<string>> ListServicesV1Async(GrpcChannel channel)
    {
        using var call = new V1.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }

    private static async Task AskFilesAsync(
        AsyncDuplexStreamingCall<Alpha.ServerReflectionRequest, Alpha.ServerReflectionResponse> call,
        Alpha.ServerReflectionRequest request, Dictionary<string, FileDescriptorProto> files)
    {
        await call.RequestStream.WriteAsync(request);
        Assert.True(await call.ResponseStream.MoveNext());
        var response = call.ResponseStream.Current;
        Assert.True(response.MessageResponseCase == Alpha.ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse,
            $"{request}: {response.ErrorResponse}");
        foreach (var bytes in response.FileDescriptorResponse.FileDescriptorProto)
        {
            var file = FileDescriptorProto.Parser.ParseFrom(bytes);
            files[file.Name] = file;
        }
    }

    /// <summary>Each file after the files it imports (what building descriptors requires).</summary>
    private static List<FileDescriptorProto> InDependencyOrder(Dictionary<string, FileDescriptorProto> files)
    {
        var ordered = new List<FileDescriptorProto>();
        var done = new HashSet<string>();
        void Visit(string name)
        {
            if (!done.Add(name)) return;
            foreach (var dependency in files[name].Dependency) Visit(dependency);
            ordered.Add(files[name]);
        }
        foreach (var name in files.Keys.Order(StringComparer.Ordinal)) Visit(name);
        return ordered;
    }

    /// <summary>The services named by the gRPC routes of services/gateway/appsettings.json (<c>/{package}.{Service}/{**method}</c>).</summary>
    private static IEnumerable<string> GrpcRoutedServices()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Apps.RepositoryRoot(), "services", "gateway", "appsettings.json")));
        var routes = config.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject().ToList();
        var paths = routes.Select(r => r.Value.GetProperty("Match").GetProperty("Path").GetString()!)
            .Where(p => p.EndsWith("/{**method}", StringComparison.Ordinal))
            .Select(p => p[1..^"/{**method}".Length])
            .ToList();
        Assert.Equal(Mentoring.Gateway.FrontDoor.Reflection.Services.Count, paths.Count);
        return paths;
    }
}
