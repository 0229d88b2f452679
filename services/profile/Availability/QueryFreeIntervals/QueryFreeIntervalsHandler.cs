using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Scheduling.Engine.Availability;
using NodaTime;
using Duration = NodaTime.Duration;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Availability.QueryFreeIntervals;

/// <summary>A person's free time in a UTC range, from the stored windows and exceptions (see <see cref="FreeIntervals"/>).</summary>
public sealed class QueryFreeIntervalsHandler(TenantDatabase db)
{
    public static readonly Duration MaxRange = Duration.FromDays(92);

    private static readonly long MinSeconds = Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeSeconds();
    private static readonly long MaxSeconds = Instant.FromUtc(9999, 1, 1, 0, 0).ToUnixTimeSeconds();

    public async Task<Proto.QueryFreeIntervalsResponse> HandleAsync(Proto.QueryFreeIntervalsRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!AvailabilityRecord.TryParseName(request.Name, out var personId))
            v.Add("name", "must be people/{person_id}/availability");
        var from = ToInstant(v, "start_time", request.StartTime);
        var to = ToInstant(v, "end_time", request.EndTime);
        if (from is { } f && to is { } t)
        {
            if (t <= f) v.Add("end_time", "must be after start_time");
            else if (t - f > MaxRange) v.Add("end_time", "must be at most 92 days after start_time");
        }
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync((c, tx, token) => AvailabilityStore.LoadAsync(c, tx, tenantId, personId, token), ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
        var free = FreeIntervals.Compute(
            record.Zone(), record.Windows.Select(w => w.ToCalculation()), record.Exceptions.Select(x => x.ToCalculation()), from!.Value, to!.Value);

        var response = new Proto.QueryFreeIntervalsResponse { TimeZone = record.TimeZone };
        response.Intervals.AddRange(free.Select(i => new Proto.FreeInterval
        {
            StartTime = Timestamp.FromDateTimeOffset(i.Start.ToDateTimeOffset()),
            EndTime = Timestamp.FromDateTimeOffset(i.End.ToDateTimeOffset()),
        }));
        return response;
    }

    private static Instant? ToInstant(Violations v, string field, Timestamp? timestamp)
    {
        if (timestamp is null) { v.Add(field, "is required"); return null; }
        // Years 1 to 9998: the calculation looks one local day beyond the range, which must stay representable.
        if (timestamp.Seconds < MinSeconds || timestamp.Seconds >= MaxSeconds || timestamp.Nanos is < 0 or > 999_999_999)
        {
            v.Add(field, "must be a valid timestamp from 0001-01-01 to 9998-12-31");
            return null;
        }
        return Instant.FromUnixTimeSeconds(timestamp.Seconds).PlusNanoseconds(timestamp.Nanos);
    }
}
