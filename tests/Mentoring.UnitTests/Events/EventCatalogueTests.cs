using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.UnitTests.Events;

public class EventCatalogueTests
{
    [Fact]
    public void Every_message_of_the_events_package_declares_a_topic()
    {
        var messages = EventsReflection.Descriptor.MessageTypes.Select(m => m.FullName).Order().ToList();
        Assert.NotEmpty(messages);
        Assert.Equal(messages, EventCatalogue.All.Select(e => e.TypeName).Order().ToList());
    }

    [Fact]
    public void Topics_are_unique_and_come_from_the_proto_option()
    {
        Assert.Equal(EventCatalogue.All.Count, EventCatalogue.All.Select(e => e.Topic).Distinct().Count());
        Assert.Equal("profile.person-registered", EventCatalogue.For<PersonRegistered>().Topic);
        Assert.Equal(PersonRegistered.Descriptor.FullName, EventCatalogue.For<PersonRegistered>().TypeName);
    }

    [Fact]
    public void A_message_that_is_not_an_event_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => EventCatalogue.For(new Mentoring.Contracts.Profile.V1.Person()));
        Assert.Null(EventCatalogue.FindByTypeName("mentoring.profile.v1.Person"));
    }
}
