using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;
using Mentoring.Scheduling.Relationships;
using Mentoring.Scheduling.Series.CreateMeetingSeries;
using NodaTime;

namespace Mentoring.Scheduling.Series.FromAgreement;

/// <summary>
/// A signed agreement's logistics (feedback's <see cref="AgreementSigned"/>): the relationship's notice
/// period from now on, and — for the first signed version that names a first meeting and a rule — its
/// meeting series, booked as the lead mentor, all or nothing. What became of the booking is kept in
/// <c>agreement_booking</c> (booked, or why not: a conflict, a first meeting in the past, a relationship
/// no longer live); a refusal is an outcome, not a failed delivery, so the event is never retried for it.
/// </summary>
public sealed class AgreementSeriesBooking(Outbox outbox, TimeProvider clock, ILogger<AgreementSeriesBooking> logger) : IEventHandler<AgreementSigned>
{
    public const string Subscriber = "agreement-series";

    public async Task HandleAsync(AgreementSigned @event, EventContext context, CancellationToken ct)
    {
        var (c, tx, tenantId) = (context.Connection, context.Transaction, context.TenantId);
        if (!ResourceName.TryParse(RelationshipRow.Collection, @event.Relationship, out var relationshipId))
            throw new InvalidOperationException($"AgreementSigned with a malformed relationship '{@event.Relationship}'");
        var logistics = @event.Logistics ?? new Contracts.Feedback.V1.AgreementLogistics();
        // Matching's events may still be on their way: retried until the relationship is known here.
        var known = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM relationship_participant WHERE tenant_id = @tenantId AND relationship_id = @relationshipId)",
            new { tenantId, relationshipId }, tx, cancellationToken: ct));
        if (!known) throw new InvalidOperationException($"{@event.Relationship} is not known here yet; the event is retried.");
        // The newest signed version sets the notice, whatever order the versions arrive in.
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE relationship SET notice_hours = @hours, notice_version = @Version
            WHERE tenant_id = @tenantId AND id = @relationshipId AND notice_version < @Version
            """, new { tenantId, relationshipId, hours = logistics.NoticeHours > 0 ? logistics.NoticeHours : (int?)null, @event.Version }, tx, cancellationToken: ct));

        var handled = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM agreement_booking WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND version = @Version)",
            new { tenantId, relationshipId, @event.Version }, tx, cancellationToken: ct));
        if (handled) return;
        var (seriesId, outcome) = await BookAsync(context, relationshipId, @event, logistics, ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO agreement_booking (tenant_id, relationship_id, version, series_id, outcome) VALUES (@tenantId, @relationshipId, @Version, @seriesId, @outcome)",
            new { tenantId, relationshipId, @event.Version, seriesId, outcome }, tx, cancellationToken: ct));
        logger.LogInformation("Agreement {Version} of {Relationship}: {Outcome}", @event.Version, @event.Relationship, outcome);
    }

    private async Task<(Guid? SeriesId, string Outcome)> BookAsync(
        EventContext context, Guid relationshipId, AgreementSigned @event, Contracts.Feedback.V1.AgreementLogistics logistics, CancellationToken ct)
    {
        var (c, tx, tenantId) = (context.Connection, context.Transaction, context.TenantId);
        if (logistics.FirstStart.Length == 0 || logistics.Recurrence.Length == 0) return (null, "no series: the agreement names no first meeting and rule");
        var earlier = await c.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT min(version) FROM agreement_booking WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND series_id IS NOT NULL",
            new { tenantId, relationshipId }, tx, cancellationToken: ct));
        if (earlier is { } v) return (null, $"no series: version {v} already booked one (change it with RescheduleMeetingSeries or UpdateMeetingSeries)");

        var first = SeriesRecord.StartPattern.Parse(logistics.FirstStart);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(logistics.TimeZone);
        if (!first.Success || zone is null) return (null, "no series: the first meeting or the time zone does not parse");
        var series = new MeetingSeries
        {
            Relationship = @event.Relationship, FirstStart = logistics.FirstStart, TimeZone = logistics.TimeZone,
            DurationMinutes = logistics.DurationMinutes, Recurrence = logistics.Recurrence, Format = logistics.Format,
            Location = logistics.Location, JoinUrl = logistics.JoinUrl, Title = "Mentoring meeting",
        };
        var problems = new Mentoring.BuildingBlocks.Validation.Violations();
        if (series.DurationMinutes is < 5 or > 480) problems.Add("duration_minutes", "must be between 5 and 480");
        MeetingPlace.Check(problems, "", series.Format, series.Location, series.JoinUrl);
        if (problems.Items.Count > 0) return (null, "not booked: " + string.Join("; ", problems.Items.Select(i => $"{i.Field} {i.Description}")));
        // A savepoint, so that a refusal leaves the event's transaction (the inbox row, the outcome) intact.
        await tx.SaveAsync("agreement_series", ct);
        try
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, @event.Relationship, ct);
            var lead = relationship.LeadMentor.PersonId;
            var booked = await CreateMeetingSeriesHandler.BookAsync(c, tx, tenantId, outbox, relationship, series, first.Value, zone, [],
                lead, MeetingRecord.Person(lead), $"agreement:{relationshipId}:{@event.Version}", clock.GetUtcNow().UtcDateTime, ct);
            await tx.ReleaseAsync("agreement_series", ct);
            return (booked.Id, $"booked {booked.Name}");
        }
        catch (RpcException e)
        {
            await tx.RollbackAsync("agreement_series", ct);
            return (null, $"not booked: {e.Status.Detail}");
        }
    }
}
