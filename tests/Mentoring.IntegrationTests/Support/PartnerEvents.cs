using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>Events partners see, published on the log as their services would (<see cref="EventBus"/>), for tests of WatchEvents' clients.</summary>
public static class PartnerEvents
{
    /// <summary>Publishes <paramref name="count"/> MeetingScheduled events one by one; returns their ids in order.</summary>
    public static async Task<List<string>> PublishMeetingsAsync(TestDatabase db, int count, string tenant = TestIdentity.Acme)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            var envelope = CloudEvent.Create(new MeetingScheduled
            {
                Meeting = $"meetings/{id:N}", Relationship = $"relationships/{Guid.NewGuid()}", Participants = { "people/x" },
                StartTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)), Format = MeetingFormat.Video, Sequence = 0,
            }, "scheduling", tenant, TimeProvider.System) with { Id = id.ToString() };
            await EventBus.PublishEnvelopeAsync(db, envelope);
            ids.Add(envelope.Id);
        }
        return ids;
    }

    /// <summary>Waits until the organisation's partner log holds <paramref name="count"/> events.</summary>
    public static Task RecordedAsync(TestDatabase db, string tenant, long count) =>
        Eventually.True($"{tenant}'s partner log holds {count} events", async () =>
        {
            await using var admin = db.AdminDataSource();
            await using var c = await admin.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM integration.partner_event WHERE tenant_id = @tenant", new { tenant }) == count;
        });
}
