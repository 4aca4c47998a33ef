-- users: the second factor at sign-in (TOTP, RFC 6238; issue 14, part 3).

-- One authenticator per person. The secret is encrypted by the application (AES-256-GCM under the installation key
-- "totp-secrets", a file outside the database, bound to the user id), so a dump or backup alone yields no codes.
create table user_totp (
    user_id       bigint      primary key references app_user (id),
    secret_box    bytea       not null,
    -- Null while the enrolment waits for its first code; a second factor counts only once confirmed.
    confirmed_at  timestamptz,
    -- The last accepted 30-second step: a code of this step or an earlier one is refused (replay).
    last_step     bigint,
    created_at    timestamptz not null default now()
);

-- One-time recovery codes, hashed like passwords (Argon2id); used_at marks a spent one.
create table user_recovery_code (
    id          bigint generated always as identity primary key,
    user_id     bigint      not null references app_user (id),
    code_hash   text        not null,
    created_at  timestamptz not null default now(),
    used_at     timestamptz
);
create index user_recovery_code_user on user_recovery_code (user_id) where used_at is null;

-- A short-lived bearer token (pge_...) that allows enrolling a second factor and nothing else, given to a person who
-- must enrol when they sign in through the API. Only its SHA-256 is stored, as for personal tokens.
create table mfa_enrolment_token (
    id          bigint generated always as identity primary key,
    user_id     bigint      not null references app_user (id),
    token_hash  bytea       not null unique,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);
create index mfa_enrolment_token_user on mfa_enrolment_token (user_id);
