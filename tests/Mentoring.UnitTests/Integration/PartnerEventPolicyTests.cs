using Google.Protobuf;
using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Integration.PartnerLog;

namespace Mentoring.UnitTests.Integration;

/// <summary>The partner policy table (docs/integration.md, "What partners see").</summary>
public class PartnerEventPolicyTests
{
    [Fact]
    public void Every_event_type_of_the_catalogue_has_exactly_one_rule() =>
        Assert.Equal(EventCatalogue.All.Select(e => e.TypeName).Order(), PartnerEventPolicy.Rules.Select(r => r.Event.TypeName).Order());

    [Fact]
    public void Each_event_needs_the_read_scope_of_its_area()
    {
        Assert.Equal("profile.read", PartnerEventPolicy.Find(PersonRegistered.Descriptor.FullName)!.Scope);
        Assert.Equal("matching.read", PartnerEventPolicy.Find(RelationshipStateChanged.Descriptor.FullName)!.Scope);
        Assert.Equal("scheduling.read", PartnerEventPolicy.Find(MeetingScheduled.Descriptor.FullName)!.Scope);
        Assert.Equal("feedback.read", PartnerEventPolicy.Find(AgreementSigned.Descriptor.FullName)!.Scope);
        Assert.All(PartnerEventPolicy.Rules, r => Assert.Contains(r.Scope, new[] { "profile.read", "matching.read", "scheduling.read", "feedback.read" }));
    }

    [Fact]
    public void Hidden_types_say_why()
    {
        Assert.False(PartnerEventPolicy.Find(MeetingReminderDue.Descriptor.FullName)!.Visible);
        Assert.All(PartnerEventPolicy.Rules.Where(r => !r.Visible), r => Assert.False(string.IsNullOrWhiteSpace(r.Why)));
    }

    [Fact]
    public void Every_withheld_path_names_a_field_and_the_view_clears_it_on_a_copy()
    {
        foreach (var rule in PartnerEventPolicy.VisibleRules)
            rule.View(rule.Event.Descriptor.Parser.ParseFrom(ByteString.Empty)); // throws on a path that names no field

        var person = new Person { Name = "people/1", DisplayName = "Ada", Email = "ada@example.org", Location = "Home", Motivation = "why", Etag = "3" };
        var original = new PersonRegistered { Person = person };
        var view = (PersonRegistered)PartnerEventPolicy.Find(PersonRegistered.Descriptor.FullName)!.View(original);
        Assert.Equal(("people/1", "Ada", "", "", "", ""), (view.Person.Name, view.Person.DisplayName, view.Person.Email, view.Person.Location, view.Person.Motivation, view.Person.Etag));
        Assert.Equal("ada@example.org", original.Person.Email);

        var signed = (AgreementSigned)PartnerEventPolicy.Find(AgreementSigned.Descriptor.FullName)!.View(new AgreementSigned
        {
            Logistics = new AgreementLogistics { Recurrence = "FREQ=WEEKLY;COUNT=4", Location = "Room 1", JoinUrl = "https://x", Notes = "n" },
        });
        Assert.Equal(("FREQ=WEEKLY;COUNT=4", "", "", ""), (signed.Logistics.Recurrence, signed.Logistics.Location, signed.Logistics.JoinUrl, signed.Logistics.Notes));
    }
}
