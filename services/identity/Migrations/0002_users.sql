-- Users of the embedded token server. Passwords are ASP.NET Core Identity hashes (PBKDF2).
CREATE TABLE identity.users (
    id            uuid        NOT NULL,
    tenant        text        NOT NULL CHECK (tenant <> ''),
    email         text        NOT NULL CHECK (email = lower(email) AND email <> ''),
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL DEFAULT '{}',
    person        text        CHECK (person IS NULL OR person ~ '^people/[^/]+$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT "PK_users" PRIMARY KEY (id)
);

CREATE UNIQUE INDEX users_email_key ON identity.users (email);
CREATE INDEX users_tenant_idx ON identity.users (tenant);
