namespace Mentoring.Matching.Engine.Programmes;

/// <summary>The mentoring model a programme uses (docs/domain.md §2). Each has its own defaults: see <see cref="ModelDefaults"/>.</summary>
public enum MentoringModel
{
    /// <summary>Traditional: one mentor, one mentee, same area of work, mentor more experienced.</summary>
    OneToOne,
    /// <summary>Mentors put their names on a list, mentees register, a programme manager assigns them.</summary>
    ResourceBased,
    /// <summary>One mentor with a group of (by default) 4 to 6 mentees.</summary>
    Group,
    /// <summary>Helps an apprentice complete the apprenticeship; the mentor is outside the apprentice's hierarchy.</summary>
    Apprentice,
    /// <summary>Temporary pairing to close a skill gap; ends when the gap closes.</summary>
    Competency,
    /// <summary>Tied to a training programme; develops only the skills that programme teaches.</summary>
    TrainingBased,
    /// <summary>Senior leaders mentor their successors (succession planning).</summary>
    Executive,
    /// <summary>The mentor teaches self-examination and reflection.</summary>
    Reflective,
    /// <summary>Same level or role, shared experience, reciprocal.</summary>
    Peer,
    /// <summary>Distance mentoring: online meetings and messages instead of face to face.</summary>
    EMentoring,
    /// <summary>A junior mentors a senior in a skill where the junior is stronger.</summary>
    Reverse,
    /// <summary>At an event, a mentee has a series of short conversations with different mentors.</summary>
    Speed,
    /// <summary>Colleague / onboarding: a mentor helps a new employee in the same field adapt quickly.</summary>
    Colleague,
}
