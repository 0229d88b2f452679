using System.Diagnostics;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.UnitTests.Events;

public class CloudEventTests
{
    private static PersonRegistered Sample() => new()
    {
        Person = new Person
        {
            Name = "people/0195f0c2-0000-7000-8000-000000000001",
            DisplayName = "Ada",
            SeniorityLevel = SeniorityLevel.Senior,
            Roles = { PersonRole.Mentor },
            Skills = { new Skill { Name = "maths", Level = 5 } },
        },
    };

    [Fact]
    public void Envelope_carries_the_contract_type_source_tenant_and_data()
    {
        var envelope = CloudEvent.Create(Sample(), "profile", "acme", TimeProvider.System);

        Assert.Equal("1.0", envelope.SpecVersion);
        Assert.Equal("mentoring.events.v1.PersonRegistered", envelope.Type);
        Assert.Equal("/mentoring/profile", envelope.Source);
        Assert.Equal("acme", envelope.TenantId);
        Assert.Equal("application/json", envelope.DataContentType);
        Assert.True(Guid.TryParse(envelope.Id, out _));
        Assert.Equal(Sample(), envelope.ParseData());
    }

    [Fact]
    public void Json_round_trip_keeps_every_attribute()
    {
        var envelope = CloudEvent.Create(Sample(), "profile", "acme", TimeProvider.System);
        var json = envelope.ToJson();
        var back = CloudEvent.FromJson(json);

        Assert.Contains("\"specversion\":\"1.0\"", json);
        Assert.Contains("\"tenantid\":\"acme\"", json);
        Assert.Equal(envelope.Id, back.Id);
        Assert.Equal(envelope.Time, back.Time);
        Assert.Equal(envelope.Type, back.Type);
        Assert.Equal(Sample(), back.ParseData());
    }

    [Fact]
    public void Envelope_carries_the_current_trace_context()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var envelope = CloudEvent.Create(Sample(), "profile", "acme", TimeProvider.System);
        Assert.Equal(activity.Id, envelope.TraceParent);
        Assert.StartsWith("00-" + activity.TraceId, envelope.TraceParent);
    }

    [Fact]
    public void Unknown_fields_in_data_are_ignored_for_forward_compatibility()
    {
        var json = CloudEvent.Create(Sample(), "profile", "acme", TimeProvider.System).ToJson()
            .Replace("\"person\":{", "\"addedLater\":1,\"person\":{");
        Assert.Equal(Sample(), CloudEvent.FromJson(json).ParseData());
    }
}
