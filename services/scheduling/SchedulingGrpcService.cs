using Grpc.Core;
using Mentoring.BuildingBlocks.Audit;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Calendars.ExportMeetingCalendar;
using Mentoring.Scheduling.Calendars.Feeds;
using Mentoring.Scheduling.Meetings.AddAgendaItem;
using Mentoring.Scheduling.Meetings.CancelMeeting;
using Mentoring.Scheduling.Meetings.GetMeeting;
using Mentoring.Scheduling.Meetings.ListMeetings;
using Mentoring.Scheduling.Meetings.ProposeMeeting;
using Mentoring.Scheduling.Meetings.RecordAttendance;
using Mentoring.Scheduling.Meetings.RescheduleMeeting;
using Mentoring.Scheduling.Meetings.RespondToMeeting;
using Mentoring.Scheduling.Meetings.UpdateMeeting;
using Mentoring.Scheduling.Participants.GetParticipant;
using Mentoring.Scheduling.Series.CancelMeetingSeries;
using Mentoring.Scheduling.Series.CreateMeetingSeries;
using Mentoring.Scheduling.Series.GetMeetingSeries;
using Mentoring.Scheduling.Series.RescheduleMeetingSeries;
using Mentoring.Scheduling.Series.UpdateMeetingSeries;
using Mentoring.Scheduling.Slots.FindMutualSlots;
using Mentoring.Scheduling.Calendars.External;
using Mentoring.Scheduling.Speed.ListSpeedEvents;
using Mentoring.Scheduling.Speed.BookSpeedEvent;
using Mentoring.Scheduling.Speed.Itineraries;

namespace Mentoring.Scheduling;

/// <summary>The API of mentoring.scheduling.v1 (gRPC and, by transcoding, REST): one line per RPC.</summary>
public sealed class SchedulingGrpcService(
    GetParticipantHandler getParticipant, FindMutualSlotsHandler findMutualSlots,
    ProposeMeetingHandler proposeMeeting, GetMeetingHandler getMeeting, ListMeetingsHandler listMeetings,
    RespondToMeetingHandler respondToMeeting, RescheduleMeetingHandler rescheduleMeeting, CancelMeetingHandler cancelMeeting,
    AddAgendaItemHandler addAgendaItem, RecordAttendanceHandler recordAttendance,
    CreateMeetingSeriesHandler createMeetingSeries, GetMeetingSeriesHandler getMeetingSeries,
    RescheduleMeetingSeriesHandler rescheduleMeetingSeries, CancelMeetingSeriesHandler cancelMeetingSeries,
    ExportMeetingCalendarHandler exportMeetingCalendar, CalendarFeedHandlers calendarFeeds,
    BookSpeedEventHandler bookSpeedEvent, SpeedItineraryHandlers speedItineraries, ListSpeedEventsHandler listSpeedEvents,
    AuditLog audit, TenantDatabase tenantDb,
    ExternalCalendarHandlers externalCalendars,
    UpdateMeetingHandler updateMeeting, UpdateMeetingSeriesHandler updateMeetingSeries) : SchedulingService.SchedulingServiceBase
{
    public override Task<Participant> GetParticipant(GetParticipantRequest request, ServerCallContext context) =>
        getParticipant.HandleAsync(request, context.CancellationToken);

    public override Task<FindMutualSlotsResponse> FindMutualSlots(FindMutualSlotsRequest request, ServerCallContext context) =>
        findMutualSlots.HandleAsync(request, context.CancellationToken);

    public override Task<Meeting> ProposeMeeting(ProposeMeetingRequest request, ServerCallContext context) =>
        proposeMeeting.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Meeting> GetMeeting(GetMeetingRequest request, ServerCallContext context) =>
        getMeeting.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListMeetingsResponse> ListMeetings(ListMeetingsRequest request, ServerCallContext context) =>
        listMeetings.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Meeting> RespondToMeeting(RespondToMeetingRequest request, ServerCallContext context) =>
        respondToMeeting.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Meeting> RescheduleMeeting(RescheduleMeetingRequest request, ServerCallContext context) =>
        rescheduleMeeting.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Meeting> UpdateMeeting(UpdateMeetingRequest request, ServerCallContext context) =>
        updateMeeting.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Meeting> CancelMeeting(CancelMeetingRequest request, ServerCallContext context) =>
        cancelMeeting.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Meeting> AddAgendaItem(AddAgendaItemRequest request, ServerCallContext context) =>
        addAgendaItem.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Meeting> RecordAttendance(RecordAttendanceRequest request, ServerCallContext context) =>
        recordAttendance.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MeetingSeries> CreateMeetingSeries(CreateMeetingSeriesRequest request, ServerCallContext context) =>
        createMeetingSeries.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MeetingSeries> GetMeetingSeries(GetMeetingSeriesRequest request, ServerCallContext context) =>
        getMeetingSeries.HandleAsync(request, context.CancellationToken);

    public override Task<MeetingSeries> RescheduleMeetingSeries(RescheduleMeetingSeriesRequest request, ServerCallContext context) =>
        rescheduleMeetingSeries.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MeetingSeries> UpdateMeetingSeries(UpdateMeetingSeriesRequest request, ServerCallContext context) =>
        updateMeetingSeries.HandleAsync(request, context.CancellationToken);

    public override Task<MeetingSeries> CancelMeetingSeries(CancelMeetingSeriesRequest request, ServerCallContext context) =>
        cancelMeetingSeries.HandleAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Google.Api.HttpBody> ExportMeetingCalendar(ExportMeetingCalendarRequest request, ServerCallContext context) =>
        exportMeetingCalendar.HandleAsync(request, context.CancellationToken);

    public override Task<CalendarFeed> GetCalendarFeed(GetCalendarFeedRequest request, ServerCallContext context) =>
        calendarFeeds.GetAsync(request.Name, context.CancellationToken);

    public override Task<CalendarFeed> ResetCalendarFeed(ResetCalendarFeedRequest request, ServerCallContext context) =>
        calendarFeeds.ResetAsync(request.Name, context.CancellationToken);

    public override Task<CalendarFeed> RevokeCalendarFeed(RevokeCalendarFeedRequest request, ServerCallContext context) =>
        calendarFeeds.RevokeAsync(request.Name, context.CancellationToken);

    public override Task<SpeedEvent> BookSpeedEvent(BookSpeedEventRequest request, ServerCallContext context) =>
        bookSpeedEvent.HandleAsync(request, context.CancellationToken);

    public override Task<SpeedEvent> GetSpeedEvent(GetSpeedEventRequest request, ServerCallContext context) =>
        speedItineraries.GetEventAsync(request, context.CancellationToken);

    public override Task<ListSpeedEventsResponse> ListSpeedEvents(ListSpeedEventsRequest request, ServerCallContext context) =>
        listSpeedEvents.HandleAsync(request, context.CancellationToken);

    public override Task<SpeedItinerary> GetSpeedItinerary(GetSpeedItineraryRequest request, ServerCallContext context) =>
        speedItineraries.GetItineraryAsync(request.SpeedEvent, request.Person, context.CancellationToken);

    public override Task<Google.Api.HttpBody> ExportSpeedItineraryCalendar(ExportSpeedItineraryCalendarRequest request, ServerCallContext context) =>
        speedItineraries.ExportAsync(request.SpeedEvent, request.Person, context.CancellationToken);

    public override Task<Contracts.Reporting.V1.ReportSection> GetProgrammeReportSection(
        Contracts.Reporting.V1.GetProgrammeReportSectionRequest request, ServerCallContext context) =>
        context.GetHttpContext().RequestServices.GetRequiredService<Reports.GetProgrammeReportSectionHandler>().HandleAsync(request, context.CancellationToken);

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var (records, next) = await audit.ListAsync(tenantDb, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAuditRecordsResponse { Records = { records }, NextPageToken = next };
    }

    public override Task<ExternalCalendar> GetExternalCalendar(GetExternalCalendarRequest request, ServerCallContext context) =>
        externalCalendars.GetAsync(request, context.CancellationToken);

    public override Task<ExternalCalendar> LinkExternalCalendar(LinkExternalCalendarRequest request, ServerCallContext context) =>
        externalCalendars.LinkAsync(request, context.CancellationToken);

    public override Task<ExternalCalendar> UnlinkExternalCalendar(UnlinkExternalCalendarRequest request, ServerCallContext context) =>
        externalCalendars.UnlinkAsync(request, context.CancellationToken);

    public override Task<ExternalCalendar> SyncExternalCalendar(SyncExternalCalendarRequest request, ServerCallContext context) =>
        externalCalendars.SyncAsync(request, context.CancellationToken);
}
