using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Mentoring.IntegrationTests.EndToEnd;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Xunit.Abstractions;

namespace Mentoring.IntegrationTests.Fuzz;

/// <summary>
/// Sends malformed requests to every RPC of every service, over gRPC and over REST, generated from
/// the contracts' descriptors (<see cref="GrpcFuzzCases"/>, <see cref="RestFuzzCases"/>): no answer
/// is ever INTERNAL, UNKNOWN or a 5xx, none carries exception text, bad input is INVALID_ARGUMENT /
/// 400 naming the field, and nothing is stored by a refused call.
/// </summary>
public sealed partial class RequestFuzzTests(PlatformFixture platform, ITestOutputHelper output) : IClassFixture<PlatformFixture>
{
    public static IReadOnlyList<MethodDescriptor> Methods { get; } =
    [
        .. new[]
        {
            Mentoring.Contracts.Profile.V1.ProfileService.Descriptor, Mentoring.Contracts.Matching.V1.MatchingService.Descriptor,
            Mentoring.Contracts.Scheduling.V1.SchedulingService.Descriptor, Mentoring.Contracts.Feedback.V1.FeedbackService.Descriptor,
        }.SelectMany(s => s.Methods),
        // The fuzz calls as an administrator: WatchEvents is for applications (PERMISSION_DENIED here);
        // its bad input is covered by Integration/WatchEventsTests.
        .. Mentoring.Contracts.Integration.V1.IntegrationService.Descriptor.Methods.Where(m => m.Name != "WatchEvents"),
    ];

    public static TheoryData<string> Rpcs()
    {
        var data = new TheoryData<string>();
        foreach (var m in Methods) data.Add(m.FullName);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Malformed_grpc_requests_are_refused_as_invalid_argument_and_store_nothing(string rpc)
    {
        var method = Methods.Single(m => m.FullName == rpc);
        var service = platform.Service(method.Service.File.Package.Split('.')[1]);
        using var channel = service.CreateChannel(await TestIdentity.AdministratorAsync());
        var invoker = channel.CreateCallInvoker();
        var failures = new List<string>();
        var cases = GrpcFuzzCases.For(method, seed: rpc.GetHashCode(StringComparison.Ordinal)).ToList();

        var before = await StoredRowsAsync();
        foreach (var c in cases.Where(c => c.Strict))
        {
            var e = await RawCalls.CallAsync(invoker, method, c.Payload);
            if (Problem(e, strict: true, c.ExpectedField) is { } problem) failures.Add($"{c.Label}: {problem}");
        }
        var after = await StoredRowsAsync();
        foreach (var c in cases.Where(c => !c.Strict))
            if (Problem(await RawCalls.CallAsync(invoker, method, c.Payload), strict: false, null) is { } problem)
                failures.Add($"{c.Label}: {problem}");

        output.WriteLine($"{rpc}: {cases.Count} gRPC cases");
        Assert.True(failures.Count == 0, $"{rpc}:\n  " + string.Join("\n  ", failures));
        Assert.Equal(before, after);
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Malformed_rest_requests_are_refused_with_field_violations_and_store_nothing(string rpc)
    {
        var method = Methods.Single(m => m.FullName == rpc);
        var service = platform.Service(method.Service.File.Package.Split('.')[1]);
        using var http = service.CreateHttpClient(await TestIdentity.AdministratorAsync());
        var cases = RestFuzzCases.For(method).ToList();
        var failures = new List<string>();

        var before = await StoredRowsAsync();
        foreach (var c in cases.Where(c => c.Strict))
            if (await RestProblemAsync(http, c) is { } problem) failures.Add($"{c.Label}: {problem}");
        var after = await StoredRowsAsync();
        foreach (var c in cases.Where(c => !c.Strict))
            if (await RestProblemAsync(http, c) is { } problem) failures.Add($"{c.Label}: {problem}");

        output.WriteLine($"{rpc}: {cases.Count} REST cases");
        Assert.True(failures.Count == 0, $"{rpc}:\n  " + string.Join("\n  ", failures));
        Assert.Equal(before, after);
    }

    [Fact]
    public void Every_rpc_has_rest_cases_and_grpc_cases()
    {
        foreach (var method in Methods)
        {
            Assert.True(GrpcFuzzCases.For(method, 1).Count(c => c.Strict) >= 2, method.FullName);
            if (!method.IsClientStreaming)
                Assert.True(RestFuzzCases.For(method).Any(c => c.Strict), $"{method.FullName} has no REST cases");
        }
    }

    /// <summary>What is wrong with a gRPC answer, or null.</summary>
    private static string? Problem(RpcException? e, bool strict, string? expectedField)
    {
        if (e is null) return strict ? "was accepted" : null;
        if (e.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss)
            return $"{e.StatusCode}: {e.Status.Detail}";
        if (LooksLikeExceptionText(e.Status.Detail)) return $"exception text in the answer: {e.Status.Detail}";
        if (!strict) return null;
        if (e.StatusCode != StatusCode.InvalidArgument) return $"{e.StatusCode} instead of INVALID_ARGUMENT: {e.Status.Detail}";
        var violations = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
        if (violations is not { Count: > 0 }) return "INVALID_ARGUMENT without field violations";
        if (expectedField is not null && !violations.Any(v => Unindexed(v.Field) == Unindexed(expectedField)))
            return $"violations name {string.Join(", ", violations.Select(v => v.Field))}, not {expectedField}";
        return null;
    }

    private static async Task<string?> RestProblemAsync(HttpClient http, RestFuzzCase c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.HttpMethod), c.PathAndQuery);
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500) return $"HTTP {(int)response.StatusCode}: {Shorten(body)}";
        if (LooksLikeExceptionText(body)) return $"exception text in the answer: {Shorten(body)}";
        if (!c.Strict) return null;
        if (response.StatusCode != HttpStatusCode.BadRequest) return $"HTTP {(int)response.StatusCode} instead of 400: {Shorten(body)}";
        try
        {
            using var json = JsonDocument.Parse(body);
            var violations = json.RootElement.GetProperty("details").EnumerateArray()
                .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
                .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray()).ToList();
            if (violations.Count == 0) return $"400 without field violations: {Shorten(body)}";
            if (violations.Any(v => string.IsNullOrEmpty(v.GetProperty("field").GetString()) || string.IsNullOrEmpty(v.GetProperty("description").GetString())))
                return $"a violation without field or description: {Shorten(body)}";
            return null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"400 whose body is not a google.rpc.Status with details: {Shorten(body)}";
        }
    }

    private static bool LooksLikeExceptionText(string text) =>
        text.Contains("Exception", StringComparison.Ordinal) || text.Contains("   at ", StringComparison.Ordinal) ||
        text.Contains("Npgsql", StringComparison.Ordinal) || text.Contains("SQLSTATE", StringComparison.Ordinal);

    private static string Unindexed(string field) => Index().Replace(field, "");

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>Rows per table in every service schema and the event log, as the superuser sees them (past RLS).</summary>
    private async Task<Dictionary<string, long>> StoredRowsAsync()
    {
        await using var data = platform.Database.AdminDataSource();
        await using var connection = await data.OpenConnectionAsync();
        var tables = (await Dapper.SqlMapper.QueryAsync<string>(connection,
            """
            SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema IN ('profile', 'matching', 'scheduling', 'feedback', 'integration', 'eventbus')
            ORDER BY 1
            """)).ToList();
        // One round trip for every table's count (a query per table cost more than the calls under test).
        var counted = await Dapper.SqlMapper.QueryAsync<(string Table, long Rows)>(connection,
            string.Join("\nUNION ALL\n", tables.Select(t => $"SELECT '{t}', count(*) FROM {t}")));
        return counted.ToDictionary(x => x.Table, x => x.Rows);
    }

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Index();
}
