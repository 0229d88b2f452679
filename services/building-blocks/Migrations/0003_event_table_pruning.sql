-- What the pruning of old outbox and inbox rows reads (Events/Housekeeping/EventTablePruning.cs).
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX inbox_handled ON inbox (handled_at);
