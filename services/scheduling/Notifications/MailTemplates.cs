using System.Globalization;

namespace Mentoring.Scheduling.Notifications;

/// <summary>What a notification says, in the recipient's language where one is known (English otherwise).</summary>
public sealed record MailText(string Subject, string Body);

/// <summary>
/// The notification templates: a subject and a plain-text body per language, with the meeting's
/// title, its time on the recipient's own clock, and where to meet. Never agendas; the agreement
/// reminder names no part of the agreement either, only how long the relationship has waited.
/// </summary>
public static class MailTemplates
{
    private sealed record Texts(string ReminderSubject, string ReminderBody, string AttendanceSubject, string AttendanceBody,
        string AgreementSubject, string AgreementBody);

    private static readonly Dictionary<string, Texts> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new("Reminder: {title}, {when}",
            "Hello {name},\n\nThis is a reminder of your mentoring meeting \"{title}\" on {when} ({zone}).\n{where}\nThe calendar entry is attached.\n",
            "How did \"{title}\" go?",
            "Hello {name},\n\nYour mentoring meeting \"{title}\" on {when} ({zone}) is over. Please record whether it was held.\n",
            "Reminder: your mentoring agreement",
            "Hello {name},\n\nYour mentoring relationship has been setting direction for {days} days without a signed agreement. Please draft your agreement together (goals, scope, trust, fit, logistics) and sign it.\n"),
        ["fr"] = new("Rappel : {title}, {when}",
            "Bonjour {name},\n\nPetit rappel de votre rencontre de mentorat « {title} » le {when} ({zone}).\n{where}\nL'invitation est jointe.\n",
            "Comment s'est passé « {title} » ?",
            "Bonjour {name},\n\nVotre rencontre de mentorat « {title} » du {when} ({zone}) est terminée. Merci d'indiquer si elle a eu lieu.\n",
            "Rappel : votre accord de mentorat",
            "Bonjour {name},\n\nVotre relation de mentorat fixe son cap depuis {days} jours sans accord signé. Merci de rédiger ensemble votre accord (objectifs, périmètre, confiance, adéquation, logistique) puis de le signer.\n"),
        ["de"] = new("Erinnerung: {title}, {when}",
            "Hallo {name},\n\ndies ist eine Erinnerung an Ihr Mentoring-Treffen „{title}“ am {when} ({zone}).\n{where}\nDer Kalendereintrag ist angehängt.\n",
            "Wie war „{title}“?",
            "Hallo {name},\n\nIhr Mentoring-Treffen „{title}“ am {when} ({zone}) ist vorbei. Bitte halten Sie fest, ob es stattgefunden hat.\n",
            "Erinnerung: Ihre Mentoring-Vereinbarung",
            "Hallo {name},\n\nIhre Mentoring-Beziehung legt seit {days} Tagen ihre Richtung fest, ohne unterzeichnete Vereinbarung. Bitte entwerfen Sie Ihre Vereinbarung gemeinsam (Ziele, Umfang, Vertrauen, Passung, Organisatorisches) und unterzeichnen Sie sie.\n"),
        ["es"] = new("Recordatorio: {title}, {when}",
            "Hola {name}:\n\nLe recordamos su reunión de mentoría «{title}» el {when} ({zone}).\n{where}\nSe adjunta la cita del calendario.\n",
            "¿Qué tal fue «{title}»?",
            "Hola {name}:\n\nSu reunión de mentoría «{title}» del {when} ({zone}) ha terminado. Indique si se celebró.\n",
            "Recordatorio: su acuerdo de mentoría",
            "Hola {name}:\n\nSu relación de mentoría lleva {days} días fijando el rumbo sin un acuerdo firmado. Redacten juntos su acuerdo (objetivos, alcance, confianza, encaje, logística) y fírmenlo.\n"),
    };

    public static MailText Reminder(string language, string name, string title, DateTimeOffset when, string zone, string where) =>
        Fill(Pick(language).ReminderSubject, Pick(language).ReminderBody, language, name, title, when, zone, where);

    public static MailText Attendance(string language, string name, string title, DateTimeOffset when, string zone) =>
        Fill(Pick(language).AttendanceSubject, Pick(language).AttendanceBody, language, name, title, when, zone, "");

    /// <summary>The reminder to draft and sign the agreement, after <paramref name="days"/> days in CONTRACTING.</summary>
    public static MailText AgreementReminder(string language, string name, int days)
    {
        var texts = Pick(language);
        string Apply(string template) => template.Replace("{name}", name.Length > 0 ? name : "there")
            .Replace("{days}", days.ToString(CultureInfo.GetCultureInfo(Resolve(language))));
        return new MailText(Apply(texts.AgreementSubject), Apply(texts.AgreementBody));
    }

    /// <summary>The language's base tag ("fr" of "fr-CA") when there is a template for it; else English.</summary>
    public static string Resolve(string language)
    {
        var tag = language.Split('-', '_')[0];
        return ByLanguage.ContainsKey(tag) ? tag.ToLowerInvariant() : "en";
    }

    private static Texts Pick(string language) => ByLanguage[Resolve(language)];

    private static MailText Fill(string subject, string body, string language, string name, string title, DateTimeOffset when, string zone, string where)
    {
        var culture = CultureInfo.GetCultureInfo(Resolve(language));
        var text = when.ToString("f", culture);
        string Apply(string template) => template.Replace("{name}", name.Length > 0 ? name : "there").Replace("{title}", title)
            .Replace("{when}", text).Replace("{zone}", zone).Replace("{where}", where);
        return new MailText(Apply(subject), Apply(body));
    }
}
