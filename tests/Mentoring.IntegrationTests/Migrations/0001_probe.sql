-- Effects of the probe subscriber used by the event-delivery tests.
CREATE TABLE probe_effect (
    event_id     uuid PRIMARY KEY,
    display_name text NOT NULL
);
