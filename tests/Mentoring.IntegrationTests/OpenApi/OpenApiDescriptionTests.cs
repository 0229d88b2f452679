using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;
using Mentoring.Contracts;

namespace Mentoring.IntegrationTests.OpenApi;

/// <summary>
/// The document says what the protos say: comments as descriptions, <c>REQUIRED</c> fields in
/// <c>required</c>, <c>OUTPUT_ONLY</c> ones <c>readOnly</c>, the proto3 JSON mapping of types, the
/// transcoder's binding of paths, bodies and query parameters, the error model and the security.
/// </summary>
public sealed class OpenApiDescriptionTests(OpenApiFixture fixture) : IClassFixture<OpenApiFixture>
{
    private JsonObject Person => fixture.Schema("mentoring.profile.v1.Person");

    private JsonObject Property(string schema, string property) => fixture.Schema(schema)["properties"]![property]!.AsObject();

    [Fact]
    public void Messages_and_fields_have_their_proto_comments_as_descriptions()
    {
        Assert.Equal("A person of an organisation.", Person["description"]!.GetValue<string>());
        Assert.Equal("How the person is addressed. 1 to 200 characters.", Property("mentoring.profile.v1.Person", "displayName")["description"]!.GetValue<string>());
        Assert.StartsWith("The mentoring models of docs/domain.md §2", fixture.Schema("mentoring.matching.v1.MentoringModel")["description"]!.GetValue<string>());
        Assert.Equal("Who people are: registration and lookup of the people taking part in mentoring programmes.\nEvery call is scoped to the caller's organisation (tenant).",
            fixture.Document["tags"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "ProfileService")!["description"]!.GetValue<string>());

        var register = fixture.Operation("ProfileService_RegisterPerson");
        Assert.Equal("Registers a person in the caller's organisation and emits `mentoring.events.v1.PersonRegistered` (topic `profile.person-registered`).",
            register["summary"]!.GetValue<string>());
        Assert.Contains("ALREADY_EXISTS when another person of the organisation has the same e-mail address.", register["description"]!.GetValue<string>());
    }

    [Fact]
    public void Every_commented_message_and_field_of_a_schema_has_a_description()
    {
        var sourced = ContractDescriptorSet.Files.SelectMany(f => f.MessageTypes).SelectMany(Nested).ToDictionary(m => m.FullName);
        var missing = new List<string>();
        foreach (var (name, node) in fixture.Document["components"]!["schemas"]!.AsObject())
        {
            // google.protobuf.Any is its JSON mapping (`@type` and the packed fields), not its fields.
            if (!sourced.TryGetValue(name, out var message) || name == "google.protobuf.Any") continue;
            if (HasComment(message) && node!["description"] is null) missing.Add(name);
            foreach (var field in message.Fields.InDeclarationOrder())
                if (HasComment(field) && node!["properties"]?[field.JsonName]?["description"] is null) missing.Add($"{name}.{field.JsonName}");
        }
        Assert.True(missing.Count == 0, "No description: " + string.Join(", ", missing));
    }

    [Fact]
    public void Required_fields_are_required_and_output_only_fields_are_read_only_in_every_schema()
    {
        var wrong = new List<string>();
        var checkedFields = 0;
        foreach (var (name, node) in fixture.Document["components"]!["schemas"]!.AsObject())
        {
            // google.protobuf.Any is its JSON mapping (`@type` and the packed fields), not its fields.
            if (!ContractMethods.Messages.TryGetValue(name, out var message) || name == "google.protobuf.Any") continue;
            var required = node!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                var behaviors = field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) ?? [];
                var property = node["properties"]?[field.JsonName];
                if (property is null) { wrong.Add($"{name}.{field.JsonName} missing"); continue; }
                var readOnly = property["readOnly"]?.GetValue<bool>() == true;
                if (behaviors.Contains(FieldBehavior.Required) != required.Contains(field.JsonName)) wrong.Add($"{name}.{field.JsonName} required");
                if (behaviors.Contains(FieldBehavior.OutputOnly) != readOnly) wrong.Add($"{name}.{field.JsonName} readOnly");
                checkedFields++;
            }
        }
        Assert.True(wrong.Count == 0, string.Join(", ", wrong));
        Assert.True(checkedFields > 200, $"only {checkedFields} fields checked");
    }

    [Fact]
    public void Known_required_and_output_only_fields()
    {
        Assert.Equal(["displayName", "email", "areaOfWork", "seniorityLevel", "roles"], Person["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        foreach (var field in new[] { "name", "createTime", "etag", "lineManager" })
            Assert.True(Property("mentoring.profile.v1.Person", field)["readOnly"]!.GetValue<bool>(), field);
        Assert.Null(Property("mentoring.profile.v1.Person", "timeZone")["readOnly"]);

        var state = Property("mentoring.matching.v1.Relationship", "state");
        Assert.True(state["readOnly"]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/mentoring.matching.v1.RelationshipState", state["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.Contains("Identifier:", Property("mentoring.profile.v1.Competency", "name")["description"]!.GetValue<string>());
    }

    [Fact]
    public void Types_follow_the_proto3_json_mapping()
    {
        var seniority = fixture.Schema("mentoring.profile.v1.SeniorityLevel");
        Assert.Equal("string", seniority["type"]!.GetValue<string>());
        Assert.Contains("SENIORITY_LEVEL_SENIOR", seniority["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("- `SENIORITY_LEVEL_SENIOR`: Recognised expert in the area; guides others.", seniority["description"]!.GetValue<string>());

        var created = Property("mentoring.profile.v1.Person", "createTime");
        Assert.Equal(("string", "date-time"), (created["type"]!.GetValue<string>(), created["format"]!.GetValue<string>()));
        var mean = Property("mentoring.profile.v1.CredentialingStepDuration", "mean");
        Assert.Equal("string", mean["type"]!.GetValue<string>());
        Assert.Matches(mean["pattern"]!.GetValue<string>(), "1.5s");
        var roles = Property("mentoring.profile.v1.Person", "roles");
        Assert.Equal("array", roles["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/mentoring.profile.v1.PersonRole", roles["items"]!["$ref"]!.GetValue<string>());
        var exclusions = Property("mentoring.matching.v1.UnmatchedMentee", "exclusions");
        Assert.Equal(("object", "integer"), (exclusions["type"]!.GetValue<string>(), exclusions["additionalProperties"]!["type"]!.GetValue<string>()));
        var erased = fixture.Operation("ProfileService_ErasePerson")["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("object", erased["type"]!.GetValue<string>()); // google.protobuf.Empty is {}
    }

    [Fact]
    public void Path_templates_become_paths_whose_parameters_rebuild_the_resource_name()
    {
        var (method, path, get) = fixture.Operations().Single(o => o.Operation["operationId"]!.GetValue<string>() == "ProfileService_GetPerson");
        Assert.Equal(("get", "/profile/v1/people/{personId}"), (method, path));
        var parameter = get["parameters"]!.AsArray().Single()!;
        Assert.Equal(("personId", "path", true), (parameter["name"]!.GetValue<string>(), parameter["in"]!.GetValue<string>(), parameter["required"]!.GetValue<bool>()));
        Assert.Contains("`name`, which the server receives as `people/{personId}`", parameter["description"]!.GetValue<string>());

        Assert.Contains(fixture.Operations(), o => o.Method == "post" && o.Path == "/matching/v1/programmes/{programmeId}/runs/{runId}:publish");
        Assert.Contains(fixture.Operations(), o => o.Method == "patch" && o.Path == "/profile/v1/people/{personId}/availability");
    }

    [Fact]
    public void Fields_outside_the_path_and_the_body_are_query_parameters()
    {
        var list = QueryParameters("ProfileService_ListPeople");
        Assert.Equal(["pageSize", "pageToken", "role", "areaOfWork", "skill", "lineManager", "orgUnit", "status", "competency"], list.Keys);
        Assert.Equal("#/components/schemas/mentoring.profile.v1.PersonRole", list["role"]["schema"]!["$ref"]!.GetValue<string>());

        var update = QueryParameters("ProfileService_UpdatePerson");
        Assert.Equal(["updateMask"], update.Keys); // body `person`; person.name is in the path
        Assert.Equal("string", update["updateMask"]["schema"]!["type"]!.GetValue<string>());
        Assert.True(update["updateMask"]["required"]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/mentoring.profile.v1.Person",
            fixture.Operation("ProfileService_UpdatePerson")["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());

        var suggestions = QueryParameters("MatchingService_ListSuggestions");
        Assert.True(suggestions["mentee"]["required"]!.GetValue<bool>());
        Assert.Null(suggestions["pageSize"]["required"]);
        Assert.Equal(["requestId"], QueryParameters("ProfileService_RegisterPerson").Keys);
    }

    [Fact]
    public void A_whole_body_leaves_out_the_fields_bound_by_the_path()
    {
        var operation = fixture.Operation("ProfileService_SetLineManager");
        Assert.Null(operation["parameters"]!.AsArray().FirstOrDefault(p => p!["in"]!.GetValue<string>() == "query"));
        var reference = operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        var body = fixture.Resolve(reference)!;
        Assert.Equal(["lineManager", "etag"], body["properties"]!.AsObject().Select(p => p.Key));
        Assert.True(operation["requestBody"]!["required"]!.GetValue<bool>());

        var enrol = fixture.Resolve(fixture.Operation("MatchingService_Enrol")["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>())!;
        Assert.Equal(["enrolment"], enrol["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["enrolment"], enrol["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public void Errors_are_google_rpc_status_with_bad_request_field_violations()
    {
        var status = fixture.Schema("google.rpc.Status");
        Assert.Equal(["code", "message", "details"], status["properties"]!.AsObject().Select(p => p.Key));
        var details = status["properties"]!["details"]!["items"]!["anyOf"]!.AsArray().Select(a => a!["$ref"]!.GetValue<string>()).ToArray();
        Assert.Contains("#/components/schemas/google.rpc.BadRequest", details);
        Assert.Contains("#/components/schemas/google.protobuf.Any", details);

        var badRequest = fixture.Schema("google.rpc.BadRequest");
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", badRequest["properties"]!["@type"]!["enum"]![0]!.GetValue<string>());
        var violation = fixture.Resolve(badRequest["properties"]!["fieldViolations"]!["items"]!["$ref"]!.GetValue<string>())!;
        Assert.Contains("field", violation["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("description", violation["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Every_operation_needs_oauth2_or_a_bearer_jwt()
    {
        var schemes = fixture.Document["components"]!["securitySchemes"]!;
        var flows = schemes["oauth2"]!["flows"]!;
        Assert.Equal("/connect/token", flows["clientCredentials"]!["tokenUrl"]!.GetValue<string>());
        Assert.Equal("/connect/authorize", flows["authorizationCode"]!["authorizationUrl"]!.GetValue<string>());
        Assert.Equal("/connect/token", flows["authorizationCode"]!["tokenUrl"]!.GetValue<string>());
        Assert.Contains("profile.write", flows["clientCredentials"]!["scopes"]!.AsObject().Select(s => s.Key));
        Assert.Equal(("http", "bearer", "JWT"), (schemes["bearer"]!["type"]!.GetValue<string>(), schemes["bearer"]!["scheme"]!.GetValue<string>(), schemes["bearer"]!["bearerFormat"]!.GetValue<string>()));

        Assert.Equal(["oauth2", "bearer"], fixture.Document["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        Assert.All(fixture.Operations(), o => Assert.Null(o.Operation["security"])); // none opts out of the document's requirement
        Assert.Equal("/", fixture.Document["servers"]![0]!["url"]!.GetValue<string>());
    }

    private Dictionary<string, JsonObject> QueryParameters(string operationId) =>
        (fixture.Operation(operationId)["parameters"]?.AsArray() ?? [])
            .Where(p => p!["in"]!.GetValue<string>() == "query")
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!.AsObject());

    private static bool HasComment(DescriptorBase d) => !string.IsNullOrWhiteSpace(d.Declaration?.LeadingComments) || !string.IsNullOrWhiteSpace(d.Declaration?.TrailingComments);

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor m) => m.NestedTypes.SelectMany(Nested).Prepend(m);
}
