-- What a mentor profile holds beyond the basics (docs/domain.md §1), and whether the person takes part now.
ALTER TABLE person
    ADD COLUMN job_title       text       NOT NULL DEFAULT '',
    ADD COLUMN location        text       NOT NULL DEFAULT '',
    ADD COLUMN languages       text[]     NOT NULL DEFAULT '{}',
    ADD COLUMN meeting_formats smallint[] NOT NULL DEFAULT '{}',
    ADD COLUMN mentor_capacity integer    NOT NULL DEFAULT 0,
    ADD COLUMN hours_per_month integer    NOT NULL DEFAULT 0,
    ADD COLUMN motivation      text       NOT NULL DEFAULT '',
    ADD COLUMN status          smallint   NOT NULL DEFAULT 1;
