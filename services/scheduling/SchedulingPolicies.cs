using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Calendars.Feeds;
using Mentoring.Scheduling.Calendars.External;

namespace Mentoring.Scheduling;

/// <summary>Who may call each RPC of mentoring.scheduling.v1.</summary>
public static class SchedulingPolicies
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = SchedulingService.Descriptor;

    public static RpcPolicies Table { get; } = new(
    [
        RpcPolicy.For(Service, "GetParticipant", "scheduling.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetParticipantRequest>(r => r.Name),
        // A relationship's times and meetings: its participants, administrators and applications;
        // never a line manager or colleague. Agendas go to participants only (the handlers decide).
        RpcPolicy.For(Service, "FindMutualSlots", "scheduling.read").AllowAdministrators().AllowClients()
            .AllowParticipants<FindMutualSlotsRequest>(r => r.Relationship),
        RpcPolicy.For(Service, "ProposeMeeting", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<ProposeMeetingRequest>(r => r.Meeting?.Relationship)
            .Audited<ProposeMeetingRequest, Meeting>((request, response) => response?.Name ?? request.Meeting?.Relationship),
        RpcPolicy.For(Service, "GetMeeting", "scheduling.read").AllowAdministrators().AllowClients()
            .AllowParticipants<GetMeetingRequest>(r => r.Name),
        // People list only their own (the handler narrows the listing to the caller).
        RpcPolicy.For(Service, "ListMeetings", "scheduling.read").AllowAdministrators().AllowClients().AllowPeople(),
        // Answers, agendas and attendance are the participants' own acts.
        RpcPolicy.For(Service, "RespondToMeeting", "scheduling.write").AllowParticipants<RespondToMeetingRequest>(r => r.Name),
        RpcPolicy.For(Service, "RescheduleMeeting", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<RescheduleMeetingRequest>(r => r.Name)
            .Audited<RescheduleMeetingRequest, Meeting>((request, _) => request.Name),
        // Format, place and title: whoever may move the meeting may change how and where it takes place.
        RpcPolicy.For(Service, "UpdateMeeting", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<UpdateMeetingRequest>(r => r.Meeting?.Name)
            .Audited<UpdateMeetingRequest, Meeting>((request, _) => request.Meeting?.Name),
        RpcPolicy.For(Service, "CancelMeeting", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<CancelMeetingRequest>(r => r.Name)
            .Audited<CancelMeetingRequest, Meeting>((request, _) => request.Name),
        RpcPolicy.For(Service, "AddAgendaItem", "scheduling.write").AllowParticipants<AddAgendaItemRequest>(r => r.Name),
        // Applications too: a partner's video platform may know who joined.
        RpcPolicy.For(Service, "RecordAttendance", "scheduling.write").AllowClients()
            .AllowParticipants<RecordAttendanceRequest>(r => r.Name)
            .Audited<RecordAttendanceRequest, Meeting>((request, _) => request.Name),
        RpcPolicy.For(Service, "CreateMeetingSeries", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<CreateMeetingSeriesRequest>(r => r.Series?.Relationship)
            .Audited<CreateMeetingSeriesRequest, MeetingSeries>((request, response) => response?.Name ?? request.Series?.Relationship),
        RpcPolicy.For(Service, "GetMeetingSeries", "scheduling.read").AllowAdministrators().AllowClients()
            .AllowParticipants<GetMeetingSeriesRequest>(r => r.Name),
        RpcPolicy.For(Service, "RescheduleMeetingSeries", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<RescheduleMeetingSeriesRequest>(r => r.Name)
            .Audited<RescheduleMeetingSeriesRequest, MeetingSeries>((request, _) => request.Name),
        RpcPolicy.For(Service, "UpdateMeetingSeries", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<UpdateMeetingSeriesRequest>(r => r.Series?.Name)
            .Audited<UpdateMeetingSeriesRequest, MeetingSeries>((request, _) => request.Series?.Name),
        RpcPolicy.For(Service, "CancelMeetingSeries", "scheduling.write").AllowAdministrators().AllowClients()
            .AllowParticipants<CancelMeetingSeriesRequest>(r => r.Name)
            .Audited<CancelMeetingSeriesRequest, MeetingSeries>((request, _) => request.Name),
        // A meeting's file carries its place and link: participants only.
        RpcPolicy.For(Service, "ExportMeetingCalendar", "scheduling.read").AllowParticipants<ExportMeetingCalendarRequest>(r => r.Name),
        // A calendar feed is its person's alone: not even administrators see or reset it.
        RpcPolicy.For(Service, "GetCalendarFeed", "scheduling.read").AllowSelf<GetCalendarFeedRequest>(r => FeedTokens.PersonOf(r.Name)),
        RpcPolicy.For(Service, "ResetCalendarFeed", "scheduling.write").AllowSelf<ResetCalendarFeedRequest>(r => FeedTokens.PersonOf(r.Name)),
        RpcPolicy.For(Service, "RevokeCalendarFeed", "scheduling.write").AllowSelf<RevokeCalendarFeedRequest>(r => FeedTokens.PersonOf(r.Name)),
        // Speed mentoring: administrators book and see events; each person sees their own itinerary.
        RpcPolicy.For(Service, "BookSpeedEvent", "scheduling.write").AllowAdministrators().AllowClients()
            .Audited<BookSpeedEventRequest, SpeedEvent>((request, response) => response?.Name ?? request.Plan),
        RpcPolicy.For(Service, "GetSpeedEvent", "scheduling.read").AllowAdministrators().AllowClients(),
        RpcPolicy.For(Service, "ListSpeedEvents", "scheduling.read").AllowAdministrators().AllowClients(),
        RpcPolicy.For(Service, "GetSpeedItinerary", "scheduling.read").AllowAdministrators().AllowClients()
            .AllowSelf<GetSpeedItineraryRequest>(r => r.Person),
        RpcPolicy.For(Service, "ExportSpeedItineraryCalendar", "scheduling.read").AllowAdministrators()
            .AllowSelf<ExportSpeedItineraryCalendarRequest>(r => r.Person),
        RpcPolicy.For(Service, "ListAuditRecords", "scheduling.read").AllowAdministrators(),
        // Aggregates only, each figure from five people or more: the reporting job (docs/reporting.md), and
        // administrators for the programme dashboard, which shows the same figures.
        RpcPolicy.For(Service, "GetProgrammeReportSection", "reporting.read").AllowClients().AllowAdministratorsWith("scheduling.read"),
        // A linked calendar (its address often holds a secret) is its person's alone, like the feed.
        RpcPolicy.For(Service, "GetExternalCalendar", "scheduling.read")
            .AllowSelf<GetExternalCalendarRequest>(r => ExternalCalendarStore.PersonOf(r.Name)),
        RpcPolicy.For(Service, "LinkExternalCalendar", "scheduling.write")
            .AllowSelf<LinkExternalCalendarRequest>(r => ExternalCalendarStore.PersonOf(r.Name)),
        RpcPolicy.For(Service, "UnlinkExternalCalendar", "scheduling.write")
            .AllowSelf<UnlinkExternalCalendarRequest>(r => ExternalCalendarStore.PersonOf(r.Name)),
        RpcPolicy.For(Service, "SyncExternalCalendar", "scheduling.write")
            .AllowSelf<SyncExternalCalendarRequest>(r => ExternalCalendarStore.PersonOf(r.Name)),
    ]);
}
