using System.Text.RegularExpressions;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts;
using Mentoring.Identity;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.IntegrationTests.Contracts;

/// <summary>
/// The Dapr pub/sub components of both overlays limit each app-id to its own topics
/// (<c>publishingScopes</c>, <c>subscriptionScopes</c>; k8s/README.md, "Overlays"), and those lists
/// are exactly what the code does: a service publishes the catalogue's topics named after it (and
/// the dead-letter topics of its own subscriptions, which its sidecar publishes to), and subscribes
/// to the topics of the subscribers it declares. A subscription added in code without the scopes,
/// or a scope left behind, fails here with the line to paste.
/// </summary>
public sealed class DaprTopicScopesTests
{
    private static readonly string[] Components = ["k8s/overlays/dev/pubsub-redis.yaml", "k8s/overlays/prod/pubsub-kafka.yaml"];

    [Fact]
    public async Task Each_app_may_publish_and_subscribe_exactly_the_topics_its_code_uses()
    {
        var subscribed = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var factories = Apps.Factories.ToDictionary(f => f.Key, f => f.Value);
        factories[IdentityApp.Name] = IdentityApp.Create;
        foreach (var (app, create) in factories) subscribed[app] = await SubscribedTopicsAsync(create);

        Assert.All(EventCatalogue.All, e => Assert.Contains(Publisher(e.Topic), (IDictionary<string, SortedSet<string>>)subscribed));
        var published = subscribed.Keys.ToDictionary(app => app, app => new SortedSet<string>(
            EventCatalogue.All.Where(e => Publisher(e.Topic) == app).Select(e => e.Topic)
                .Concat(subscribed[app].Select(t => t + ".dead-letter")), StringComparer.Ordinal));
        var expectedPublishing = Line(published);
        var expectedSubscription = Line(subscribed);

        foreach (var file in Components)
        {
            var yaml = await File.ReadAllTextAsync(Path.Combine(Repository.Root(), file));
            Assert.True(expectedPublishing == Metadata(yaml, "publishingScopes"),
                $"{file}: publishingScopes should be\n\"{expectedPublishing}\"");
            Assert.True(expectedSubscription == Metadata(yaml, "subscriptionScopes"),
                $"{file}: subscriptionScopes should be\n\"{expectedSubscription}\"");
        }
    }

    /// <summary>The topics of the subscribers a service declares, read from the built (not started) app.</summary>
    private static async Task<SortedSet<string>> SubscribedTopicsAsync(AppFactory create)
    {
        var app = create(["--environment", "Development"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Service"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Authentication:Authority"] = "http://127.0.0.1:1",
        }));
        await using (app)
        {
            return new SortedSet<string>(app.Services.GetRequiredService<EventSubscriptions>().All.Select(s => s.Event.Topic), StringComparer.Ordinal);
        }
    }

    /// <summary>Topics are named after the service that publishes them: <c>profile.person-registered</c>.</summary>
    private static string Publisher(string topic) => topic[..topic.IndexOf('.')];

    /// <summary>Dapr's format: <c>app1=topic1,topic2;app2=topic3</c>; an app with nothing after <c>=</c> may use no topic.</summary>
    private static string Line(IDictionary<string, SortedSet<string>> scopes) =>
        string.Join(";", scopes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={string.Join(",", s.Value)}"));

    private static string? Metadata(string yaml, string name) =>
        Regex.Match(yaml, $@"- name: {name}\s*\n\s*value:\s*""([^""]*)""") is { Success: true } m ? m.Groups[1].Value : null;
}
