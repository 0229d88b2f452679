using System.Text.Json.Nodes;

namespace Mentoring.IntegrationTests.OpenApi;

/// <summary>
/// The served document has an operation for every REST binding of every RPC in the contracts, and
/// nothing else; each operation's request body and responses resolve to schemas that exist.
/// </summary>
public sealed class OpenApiCompletenessTests(OpenApiFixture fixture) : IClassFixture<OpenApiFixture>
{
    [Fact]
    public void The_contracts_hold_the_five_services_with_rest_bindings()
    {
        var withBindings = ContractMethods.Bindings.Select(b => b.Method.Service.Name).Distinct().Order().ToArray();
        Assert.Equal(["FeedbackService", "IntegrationService", "MatchingService", "ProfileService", "SchedulingService"], withBindings);
        Assert.True(ContractMethods.Bindings.Count > 50, $"only {ContractMethods.Bindings.Count} bindings found");
    }

    [Fact]
    public void Every_rest_binding_of_every_rpc_is_an_operation_of_the_document()
    {
        var documented = fixture.Operations().Select(o => $"{o.Method} {ContractMethods.ShapeOf(o.Path)}").ToHashSet();
        var missing = ContractMethods.Bindings.Where(b => !documented.Contains($"{b.Verb} {b.Shape}"))
            .Select(b => $"{b.Method.FullName}: {b.Verb.ToUpperInvariant()} {b.Template}").ToArray();
        Assert.True(missing.Length == 0, "Not in the document:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_operation_of_the_document_is_a_binding_of_a_real_rpc()
    {
        var bindings = ContractMethods.Bindings.ToDictionary(b => b.OperationId);
        var stale = new List<string>();
        foreach (var (method, path, operation) in fixture.Operations())
        {
            var id = operation["operationId"]!.GetValue<string>();
            if (!bindings.TryGetValue(id, out var binding)) stale.Add($"{id}: no such RPC");
            else if (binding.Verb != method || binding.Shape != ContractMethods.ShapeOf(path))
                stale.Add($"{id}: {method.ToUpperInvariant()} {path}, but the RPC is {binding.Verb.ToUpperInvariant()} {binding.Template}");
            else Assert.Equal(binding.Method.Service.Name, operation["tags"]!.AsArray().Single()!.GetValue<string>());
        }
        Assert.True(stale.Count == 0, "Stale operations:\n" + string.Join("\n", stale));
        Assert.Equal(ContractMethods.Bindings.Count, fixture.Operations().Count());
    }

    [Fact]
    public void Client_streaming_rpcs_have_no_operation()
    {
        var import = ContractMethods.Services.SelectMany(s => s.Methods).Single(m => m.Name == "ImportPeople");
        Assert.True(import.IsClientStreaming);
        Assert.DoesNotContain(fixture.Operations(), o => o.Operation["operationId"]!.GetValue<string>() == "ProfileService_ImportPeople");
    }

    [Fact]
    public void Each_operation_has_a_body_exactly_when_its_rpc_binds_one_and_its_schemas_resolve()
    {
        foreach (var binding in ContractMethods.Bindings)
        {
            var operation = fixture.Operation(binding.OperationId);
            var body = operation["requestBody"];
            Assert.True((binding.Body.Length > 0) == (body is not null), $"{binding.OperationId}: body `{binding.Body}`");
            if (body is not null) AssertResolves(binding.OperationId, body["content"]!["application/json"]!["schema"]!);

            var success = operation["responses"]!["200"]!;
            // google.api.HttpBody answers with raw bytes of its own content type (a .ics file), not JSON.
            if (binding.Method.OutputType.FullName == "google.api.HttpBody")
                Assert.Equal("binary", success["content"]!["*/*"]!["schema"]!["format"]!.GetValue<string>());
            else
                AssertResolves(binding.OperationId, success["content"]!["application/json"]!["schema"]!);
            var error = operation["responses"]!["default"]!["$ref"]!.GetValue<string>();
            var status = fixture.Resolve(error)!["content"]!["application/json"]!["schema"]!;
            Assert.Equal("#/components/schemas/google.rpc.Status", status["$ref"]!.GetValue<string>());
            AssertResolves(binding.OperationId, status);
            foreach (var parameter in operation["parameters"]?.AsArray() ?? []) AssertResolves(binding.OperationId, parameter!["schema"]!);
        }
    }

    [Fact]
    public void Every_reference_anywhere_in_the_document_resolves()
    {
        var broken = References(fixture.Document).Where(r => fixture.Resolve(r) is null).Distinct().ToArray();
        Assert.True(broken.Length == 0, "Unresolved: " + string.Join(", ", broken));
    }

    [Fact]
    public void Operation_ids_are_service_underscore_method_and_unique()
    {
        var ids = fixture.Operations().Select(o => o.Operation["operationId"]!.GetValue<string>()).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Contains("ProfileService_GetPerson", ids);
        Assert.Contains("MatchingService_PublishMatchingRun", ids);
        Assert.Contains("FeedbackService_ListAuditRecords", ids);
    }

    /// <summary>The schema and everything it refers to, transitively, exists.</summary>
    private void AssertResolves(string operationId, JsonNode schema)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<JsonNode>([schema]);
        while (pending.TryPop(out var node))
            foreach (var reference in References(node))
            {
                if (!seen.Add(reference)) continue;
                var target = fixture.Resolve(reference);
                Assert.True(target is not null, $"{operationId}: {reference} does not exist");
                pending.Push(target);
            }
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
