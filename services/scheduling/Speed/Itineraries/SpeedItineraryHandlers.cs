using System.Text;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Availability;
using Mentoring.Scheduling.Calendars;
using Mentoring.Scheduling.Engine.Calendars;
using NodaTime;
using Dapper;

namespace Mentoring.Scheduling.Speed.Itineraries;

/// <summary>A booked speed event, a person's itinerary in it, and that itinerary as an .ics file.</summary>
public sealed class SpeedItineraryHandlers(TenantDatabase db)
{
    public async Task<SpeedEvent> GetEventAsync(GetSpeedEventRequest request, CancellationToken ct) =>
        (await LoadAsync(request.Name, "name", ct)).ToProto();

    public async Task<SpeedItinerary> GetItineraryAsync(string speedEvent, string person, CancellationToken ct)
    {
        var (record, personId) = await LoadForAsync(speedEvent, person, ct);
        return record.ItineraryOf(personId) ?? throw NotIn(person, speedEvent);
    }

    public async Task<HttpBody> ExportAsync(string speedEvent, string person, CancellationToken ct)
    {
        var (record, personId) = await LoadForAsync(speedEvent, person, ct);
        var itinerary = record.ItineraryOf(personId) ?? throw NotIn(person, speedEvent);
        var tenantId = db.TenantId;
        var zone = PersonCalendars.Zone(await db.InTransactionAsync((c, tx, token) => c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT time_zone FROM participant WHERE tenant_id = @tenantId AND person_id = @personId", new { tenantId, personId }, tx, cancellationToken: token)), ct));
        var events = itinerary.Entries.Where(e => e.Partner.Length > 0).Select(e => new CalendarEvent(
            $"{record.Id}-{e.Round}-{personId}@mentoring", 0,
            Instant.FromDateTimeUtc(e.StartTime.ToDateTime()), Instant.FromDateTimeUtc(e.EndTime.ToDateTime()), zone,
            $"Speed mentoring, round {e.Round}", e.Place, null, null, false, Instant.FromDateTimeUtc(e.StartTime.ToDateTime()))).ToList();
        return new HttpBody
        {
            ContentType = MeetingCalendar.ContentType,
            Data = ByteString.CopyFrom(IcsWriter.Write(events, "Speed mentoring"), Encoding.UTF8),
        };
    }

    private async Task<(SpeedEventRecord, Guid)> LoadForAsync(string speedEvent, string person, CancellationToken ct)
    {
        var v = new Violations();
        if (!SpeedNames.TryParseEvent(speedEvent, out _)) v.Add("speed_event", "must be speedEvents/{event_id}");
        if (!ResourceName.TryParse("people", person, out var personId)) v.Add("person", "must be people/{person_id}");
        v.ThrowIfAny();
        return (await LoadAsync(speedEvent, "speed_event", ct), personId);
    }

    private async Task<SpeedEventRecord> LoadAsync(string name, string field, CancellationToken ct)
    {
        if (!SpeedNames.TryParseEvent(name, out var id)) throw Violations.Single(field, "must be speedEvents/{event_id}");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync((c, tx, token) => SpeedEventStore.LoadAsync(c, tx, tenantId, id, token), ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"{name} not found."));
    }

    private static RpcException NotIn(string person, string speedEvent) => new(new Status(StatusCode.NotFound, $"{person} takes no part in {speedEvent}."));
}
