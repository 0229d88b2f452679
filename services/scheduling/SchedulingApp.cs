using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Events.V1;
using Mentoring.Scheduling.Availability.Projection;
using Mentoring.Scheduling.Calendars.ExportMeetingCalendar;
using Mentoring.Scheduling.Calendars.Feeds;
using Mentoring.Scheduling.Meetings;
using Mentoring.Scheduling.Meetings.AddAgendaItem;
using Mentoring.Scheduling.Meetings.CancelMeeting;
using Mentoring.Scheduling.Meetings.GetMeeting;
using Mentoring.Scheduling.Meetings.ListMeetings;
using Mentoring.Scheduling.Meetings.ProposeMeeting;
using Mentoring.Scheduling.Meetings.RecordAttendance;
using Mentoring.Scheduling.Meetings.RescheduleMeeting;
using Mentoring.Scheduling.Meetings.RespondToMeeting;
using Mentoring.Scheduling.Meetings.UpdateMeeting;
using Mentoring.Scheduling.Notifications;
using Mentoring.Scheduling.Participants.GetParticipant;
using Mentoring.Scheduling.Participants.Projection;
using Mentoring.Scheduling.Relationships;
using Mentoring.Scheduling.Reminders;
using Mentoring.Scheduling.Series.CancelMeetingSeries;
using Mentoring.Scheduling.Series.CreateMeetingSeries;
using Mentoring.Scheduling.Series.FromAgreement;
using Mentoring.Scheduling.Series.GetMeetingSeries;
using Mentoring.Scheduling.Series.RescheduleMeetingSeries;
using Mentoring.Scheduling.Series.UpdateMeetingSeries;
using Mentoring.Scheduling.Relationships.Projection;
using Mentoring.Scheduling.Slots.FindMutualSlots;
using Mentoring.Scheduling.Calendars.External;
using Mentoring.Scheduling.Speed.BookSpeedEvent;
using Mentoring.Scheduling.Speed.Itineraries;
using Mentoring.Scheduling.Speed.Projection;

namespace Mentoring.Scheduling;

/// <summary>The scheduling service.</summary>
public static class SchedulingApp
{
    public const string Name = "scheduling";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(SchedulingApp).Assembly, SchedulingPolicies.Table);
        builder.Services.Configure<SchedulingOptions>(builder.Configuration.GetSection("Scheduling"));

        builder.Services.AddEventHandler<PersonRegistered, ParticipantProjection>(ParticipantProjection.Subscriber);
        builder.Services.AddEventHandler<PersonUpdated, ParticipantProjection>(ParticipantProjection.UpdatesSubscriber);
        builder.Services.AddEventHandler<PersonErased, ParticipantErasure>(ParticipantErasure.Subscriber);
        builder.Services.AddEventHandler<AvailabilityChanged, AvailabilityProjection>(AvailabilityProjection.Subscriber);
        builder.Services.AddEventHandler<RelationshipStateChanged, RelationshipProjection>(RelationshipProjection.StateSubscriber);
        builder.Services.AddEventHandler<RelationshipParticipantsChanged, RelationshipProjection>(RelationshipProjection.ParticipantsSubscriber);
        builder.Services.AddEventHandler<SpeedRotationPlanned, SpeedPlanProjection>(SpeedPlanProjection.Subscriber);
        builder.Services.AddEventHandler<AgreementSigned, AgreementSeriesBooking>(AgreementSeriesBooking.Subscriber);
        builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.AddEventHandler<MeetingReminderDue, MeetingMailer>(MeetingMailer.ReminderSubscriber);
        builder.Services.AddEventHandler<AttendanceDue, MeetingMailer>(MeetingMailer.AttendanceSubscriber);
        builder.Services.AddEventHandler<AgreementReminderDue, AgreementMailer>(AgreementMailer.Subscriber);
        builder.Services.AddScoped<NotificationMail>();

        builder.Services.AddScoped<IParticipantDirectory, MeetingParticipants>();
        builder.Services.AddScoped<MeetingCancellation>();
        builder.Services.AddScoped<GetParticipantHandler>();
        builder.Services.AddScoped<FindMutualSlotsHandler>();
        builder.Services.AddScoped<ProposeMeetingHandler>();
        builder.Services.AddScoped<GetMeetingHandler>();
        builder.Services.AddScoped<ListMeetingsHandler>();
        builder.Services.AddScoped<RespondToMeetingHandler>();
        builder.Services.AddScoped<RescheduleMeetingHandler>();
        builder.Services.AddScoped<CancelMeetingHandler>();
        builder.Services.AddScoped<UpdateMeetingHandler>();
        builder.Services.AddScoped<AddAgendaItemHandler>();
        builder.Services.AddScoped<RecordAttendanceHandler>();
        builder.Services.AddScoped<CreateMeetingSeriesHandler>();
        builder.Services.AddScoped<GetMeetingSeriesHandler>();
        builder.Services.AddScoped<RescheduleMeetingSeriesHandler>();
        builder.Services.AddScoped<CancelMeetingSeriesHandler>();
        builder.Services.AddScoped<UpdateMeetingSeriesHandler>();
        builder.Services.AddScoped<ExportMeetingCalendarHandler>();
        builder.Services.AddScoped<CalendarFeedHandlers>();
        builder.Services.AddScoped<BookSpeedEventHandler>();
        builder.Services.AddScoped<SpeedItineraryHandlers>();
        builder.Services.AddScoped<Speed.ListSpeedEvents.ListSpeedEventsHandler>();
        builder.Services.AddScoped<Reports.GetProgrammeReportSectionHandler>();
        builder.Services.AddSingleton<ReminderSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReminderSweeper>());
        builder.AddExternalCalendars();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapApi<SchedulingGrpcService>();
        app.MapCalendarFeeds();
        return app;
    }
}
