using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Mentoring.BuildingBlocks.Security;
using Mentoring.IntegrationTests.EndToEnd;
using Mentoring.IntegrationTests.Support;

namespace Mentoring.IntegrationTests.Security;

/// <summary>
/// Calls every RPC of every service, straight at the service (defence in depth: the gateway checks
/// tokens too), as: anonymous, each role, partners with and without the scope, the reporting job,
/// the person the request is about, another person of the organisation (e.g. the mentee's line
/// manager), and a partner of another organisation — and checks allow/deny against the policy table.
/// </summary>
public sealed partial class AuthorizationMatrixTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    public static readonly IReadOnlyList<RpcPolicy> Policies =
    [
        .. Mentoring.Profile.ProfilePolicies.Table.All,
        .. Mentoring.Matching.MatchingPolicies.Table.All,
        .. Mentoring.Scheduling.SchedulingPolicies.Table.All,
        .. Mentoring.Feedback.FeedbackPolicies.Table.All,
        .. Mentoring.Integration.IntegrationPolicies.Table.All,
    ];

    public static TheoryData<string> Rpcs()
    {
        var data = new TheoryData<string>();
        foreach (var p in Policies) data.Add(p.Path);
        return data;
    }

    private enum Expect { Unauthenticated, Denied, Allowed, AllowedButInvisible }

    /// <summary>
    /// <paramref name="RequestAbout"/> is whom or what the request names; <paramref name="PersonAbout"/>, when set, replaces it
    /// for requests about one person's resource (<c>people/*</c>), e.g. a fellow participant's shared rapport profile.
    /// </summary>
    private sealed record Actor(string Name, string? Token, Guid? RequestAbout, Func<RpcPolicy, Expect> Expectation, Guid? PersonAbout = null);

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Every_kind_of_caller_gets_what_the_policy_table_says(string path)
    {
        var policy = Policies.Single(p => p.Path == path);
        var acme = await TestIdentity.TenantAsync(TestIdentity.Acme);
        var self = Guid.Parse(acme.Person["people/".Length..]);
        var someoneElse = Guid.NewGuid();
        var (participantToken, participant) = await TestIdentity.CastAsync("mentee");
        var (lineManagerToken, _) = await TestIdentity.CastAsync("manager");
        var relationship = await SeedRelationshipAsync(participant);
        // The relationship's mentor, who shared their rapport profile with it (seeded with it).
        var fellow = SeededMentor;

        Actor[] actors =
        [
            new("anonymous", null, self, _ => Expect.Unauthenticated),
            new("administrator", await TestIdentity.AdministratorAsync(), someoneElse, p => p.Administrators ? Expect.Allowed : Expect.Denied),
            // A partner holds every API area's scope but not reporting.read; the reporting job holds only that.
            new("partner with every scope", await TestIdentity.PartnerAsync(), someoneElse, p => p.Clients && !p.ForReporting ? Expect.Allowed : Expect.Denied),
            new("reporting job (reporting.read only)", await TestIdentity.ReportingJobAsync(), someoneElse, p => p.Clients && p.ForReporting ? Expect.Allowed : Expect.Denied),
            new("the person the request is about", await TestIdentity.PersonAsync(), self, p => p.Self || p.People ? Expect.Allowed : Expect.Denied),
            new("another person, e.g. the line manager", await TestIdentity.PersonAsync(), someoneElse, p => p.People ? Expect.Allowed : Expect.Denied),
            // Relationship content: its participants only — never the mentee's line manager, who is not in it. What a
            // person shared with the relationship (a rapport profile) likewise: its participants, never the line manager.
            new("a participant of the relationship", participantToken, relationship, p => p.Participants || p.People ? Expect.Allowed : Expect.Denied, fellow),
            new("the mentee's line manager, not a participant", lineManagerToken, relationship, p => p.People ? Expect.Allowed : Expect.Denied, fellow),
            new("partner of another organisation", await TestIdentity.PartnerAsync(TestIdentity.Globex), self,
                p => p.Clients && !p.ForReporting ? Expect.AllowedButInvisible : Expect.Denied),
        ];

        var service = platform.Service(policy.Method.Service.File.Package.Split('.')[1]);
        var failures = new List<string>();
        foreach (var actor in actors)
        {
            var expected = actor.Expectation(policy);
            var about = actor.PersonAbout is { } person && IsAboutOnePerson(policy.Method) ? person : actor.RequestAbout;
            var status = await CallAsync(service, policy.Method, RequestAbout(policy.Method, about), actor.Token);
            var ok = expected switch
            {
                Expect.Unauthenticated => status == StatusCode.Unauthenticated,
                Expect.Denied => status == StatusCode.PermissionDenied,
                Expect.Allowed => status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated),
                // Another tenant's resources do not exist for the caller: NotFound, never a hint.
                Expect.AllowedButInvisible => status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                    && (!IsReadOfOnePerson(policy.Method) || status == StatusCode.NotFound),
                _ => false,
            };
            if (!ok) failures.Add($"{actor.Name}: expected {expected}, got {status}");
        }
        Assert.True(failures.Count == 0, $"{path}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void The_matrix_covers_every_rpc_of_the_contracts() =>
        Assert.Equal(
            new[]
            {
                Mentoring.Contracts.Profile.V1.ProfileService.Descriptor, Mentoring.Contracts.Matching.V1.MatchingService.Descriptor,
                Mentoring.Contracts.Scheduling.V1.SchedulingService.Descriptor, Mentoring.Contracts.Feedback.V1.FeedbackService.Descriptor,
                Mentoring.Contracts.Integration.V1.IntegrationService.Descriptor,
            }.SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name}").Order(),
            Policies.Select(p => p.Path).Order());

    private static readonly Guid SeededMentor = Guid.Parse("00000000-0000-0000-0000-00000000a003");

    /// <summary>
    /// A relationship of acme in which <paramref name="mentee"/> takes part with <see cref="SeededMentor"/>, who shared
    /// their rapport profile with it (idempotent: one per platform).
    /// </summary>
    private async Task<Guid> SeedRelationshipAsync(string mentee)
    {
        var programme = Guid.Parse("00000000-0000-0000-0000-00000000a001");
        var relationship = Guid.Parse("00000000-0000-0000-0000-00000000a002");
        await using var data = platform.Database.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await Dapper.SqlMapper.ExecuteAsync(c,
            """
            INSERT INTO matching.programme (tenant_id, id, display_name, model, formal, matching_mode, rules, weights)
            VALUES ('acme', @programme, 'Matrix', 1, true, 1, '{}', '{}') ON CONFLICT DO NOTHING;
            INSERT INTO matching.relationship (tenant_id, id, programme_id, state) VALUES ('acme', @relationship, @programme, 1) ON CONFLICT DO NOTHING;
            INSERT INTO matching.relationship_participant (tenant_id, relationship_id, person_id, role, position)
            VALUES ('acme', @relationship, @mentee, 2, 0), ('acme', @relationship, @mentor, 1, 0) ON CONFLICT DO NOTHING;
            INSERT INTO scheduling.relationship (tenant_id, id, state, version) VALUES ('acme', @relationship, 2, 1) ON CONFLICT DO NOTHING;
            INSERT INTO feedback.relationship (tenant_id, id, state, version) VALUES ('acme', @relationship, 2, 1) ON CONFLICT DO NOTHING;
            INSERT INTO feedback.relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
            VALUES ('acme', @relationship, @mentee, false, 0), ('acme', @relationship, @mentor, true, 0) ON CONFLICT DO NOTHING;
            INSERT INTO scheduling.relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
            VALUES ('acme', @relationship, @mentee, false, 0), ('acme', @relationship, @mentor, true, 0) ON CONFLICT DO NOTHING;
            -- A meeting and a series of the relationship under the same id, so that meetings/{id} and
            -- meetingSeries/{id} name ones the participant takes part in.
            INSERT INTO scheduling.meeting_series (tenant_id, id, relationship_id, first_start, time_zone, duration_minutes, recurrence, format, organizer)
            VALUES ('acme', @relationship, @relationship, '2030-01-07T10:00', 'UTC', 60, 'FREQ=WEEKLY;COUNT=2', 2, 'seed')
            ON CONFLICT DO NOTHING;
            INSERT INTO scheduling.meeting (tenant_id, id, relationship_id, start_at, end_at, format, state, organizer, time_zone)
            VALUES ('acme', @relationship, @relationship, now() + interval '30 days', now() + interval '30 days 1 hour', 2, 1, 'seed', 'UTC')
            ON CONFLICT DO NOTHING;
            INSERT INTO scheduling.meeting_attendee (tenant_id, meeting_id, person_id, mentor, position, start_at, end_at)
            SELECT 'acme', @relationship, p.person, p.mentor, 0, m.start_at, m.end_at
            FROM (VALUES (@mentee, false), (@mentor, true)) AS p(person, mentor), scheduling.meeting m
            WHERE m.tenant_id = 'acme' AND m.id = @relationship
            ON CONFLICT DO NOTHING;
            -- Profile's projection of the relationship, and the mentor's rapport profile shared with it.
            INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone)
            VALUES ('acme', @mentor, 'Matrix mentor', 'matrix-mentor@acme.example', 'engineering', 4, '{1}', 'UTC') ON CONFLICT DO NOTHING;
            INSERT INTO profile.relationship (tenant_id, id, state, version) VALUES ('acme', @relationship, 2, 1) ON CONFLICT DO NOTHING;
            INSERT INTO profile.relationship_participant (tenant_id, relationship_id, person_id)
            VALUES ('acme', @relationship, @mentee), ('acme', @relationship, @mentor) ON CONFLICT DO NOTHING;
            INSERT INTO profile.rapport_share (tenant_id, person_id, relationship_id) VALUES ('acme', @mentor, @relationship) ON CONFLICT DO NOTHING;
            """, new { programme, relationship, mentee = Guid.Parse(mentee["people/".Length..]), mentor = SeededMentor });
        return relationship;
    }

    /// <summary>
    /// Calls one method with a request message built from its descriptor, returning the status. A
    /// server-streaming method (WatchEvents) is called as one: its status is that of its first message
    /// (OK when one arrives), and the call is then cancelled — a unary call would wait for its end.
    /// </summary>
    private static async Task<StatusCode> CallAsync(Mentoring.Testing.RunningService service, MethodDescriptor method, IMessage request, string? token)
    {
        var marshaller = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        var requestMarshaller = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes));
        var type = method.IsServerStreaming && !method.IsClientStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var rpc = new Method<IMessage, IMessage>(type, method.Service.FullName, method.Name, requestMarshaller, marshaller);
        using var channel = service.CreateChannel(token);
        if (type == MethodType.ServerStreaming)
        {
            using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(rpc, null, new CallOptions(), request);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                return await call.ResponseStream.MoveNext(deadline.Token) ? StatusCode.OK : call.GetStatus().StatusCode;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(rpc, null, new CallOptions(), request);
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>
    /// A request whose person-valued fields (per the REST template, e.g. <c>{name=people/*}</c>, or
    /// <c>{availability.name=people/*/availability}</c> for a singleton of a person in a nested field)
    /// name <paramref name="person"/> in that collection.
    /// </summary>
    private static IMessage RequestAbout(MethodDescriptor method, Guid? person)
    {
        var request = method.InputType.Parser.ParseFrom(ByteString.Empty);
        foreach (Match m in PathVariable().Matches(Template(method)))
        {
            if (person is null) continue;
            // Walks a dotted path (availability.name), creating the enclosing messages.
            var target = request;
            var path = m.Groups["field"].Value.Split('.');
            foreach (var part in path[..^1])
            {
                var outer = target.Descriptor.FindFieldByName(part);
                Assert.True(outer?.FieldType == FieldType.Message, $"{method.FullName}: {part} is not a message field");
                var inner = (IMessage?)outer.Accessor.GetValue(target);
                if (inner is null)
                {
                    inner = outer.MessageType.Parser.ParseFrom(ByteString.Empty);
                    outer.Accessor.SetValue(target, inner);
                }
                target = inner;
            }
            var field = target.Descriptor.FindFieldByName(path[^1]);
            Assert.True(field is not null, $"{method.FullName}: the REST template names an unknown field {m.Groups["field"].Value}");
            // A resource nested under the person's or relationship's (sessionRecords/*) reuses the same id.
            field.Accessor.SetValue(target, $"{m.Groups["collection"].Value}/{person}{m.Groups["suffix"].Value.Replace("*", person.ToString())}");
        }
        // A person named in the body or query (an enrolment's person, the mentee asking) is who the request is about.
        if (person is not null)
        {
            // A relationship named in the body (a meeting's, slots') is the one the participant takes part in.
            foreach (var outer in request.Descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message && !f.IsRepeated))
                if (outer.MessageType.FindFieldByName("relationship") is { FieldType: FieldType.String } nested)
                {
                    var value = (IMessage?)outer.Accessor.GetValue(request) ?? outer.MessageType.Parser.ParseFrom(ByteString.Empty);
                    nested.Accessor.SetValue(value, $"relationships/{person}");
                    outer.Accessor.SetValue(request, value);
                }
            foreach (var name in new[] { "mentee", "person" })
                if (request.Descriptor.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } top && (string)top.Accessor.GetValue(request) == "")
                    top.Accessor.SetValue(request, $"people/{person}");
            foreach (var outer in request.Descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message && !f.IsRepeated))
                if (outer.MessageType.FindFieldByName("person") is { FieldType: FieldType.String } inner)
                {
                    var value = (IMessage?)outer.Accessor.GetValue(request) ?? outer.MessageType.Parser.ParseFrom(ByteString.Empty);
                    inner.Accessor.SetValue(value, $"people/{person}");
                    outer.Accessor.SetValue(request, value);
                }
        }
        return request;
    }

    /// <summary>Whether the REST template names one person's resource (<c>{name=people/*...}</c>).</summary>
    private static bool IsAboutOnePerson(MethodDescriptor method) =>
        PathVariable().Matches(Template(method)).Any(m => m.Groups["collection"].Value == "people");

    private static string Template(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule?.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            _ => "",
        };
    }

    private static bool IsReadOfOnePerson(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)?.Get is { } get && PathVariable().IsMatch(get);

    // {field=collection/*} or {field=collection/*/singleton}: one person's resource (or a singleton of it,
    // e.g. people/*/availability), or a resource nested under it (relationships/*/sessionRecords/*); the
    // field may be a dotted path into the request (AIP-134 updates).
    [GeneratedRegex(@"\{(?<field>[a-z_]+(\.[a-z_]+)*)=(?<collection>[a-zA-Z]+)/\*(?<suffix>(/[a-zA-Z]+(/\*)?)*)\}")]
    private static partial Regex PathVariable();
}
