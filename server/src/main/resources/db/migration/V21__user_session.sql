-- Sessions a person can see (issue 14, part 5): every signed-in browser session has a row, so that its owner can
-- list and end it from anywhere, an ADMIN can end all of a user's sessions, and timeouts hold across the server.
-- The servlet session id is a bearer secret: only its SHA-256 is kept. public_id is what lists and URLs show.
create table user_session (
    id            bigint generated always as identity primary key,
    public_id     text        not null unique check (public_id ~ '^[A-Za-z0-9_-]{16,64}$'),
    session_hash  bytea       not null unique check (length(session_hash) = 32),
    user_id       bigint      not null references app_user (id) on delete cascade,
    created_at    timestamptz not null default now(),
    last_seen_at  timestamptz not null default now(),
    client_ip     text        check (length(client_ip) <= 64),
    user_agent    text        check (length(user_agent) <= 256),
    -- How the person signed in: password, password+totp, recovery-code, sso.
    sign_in       text        not null check (sign_in in ('password', 'password+totp', 'recovery-code', 'sso')),
    ended_at      timestamptz,
    -- Why it ended: signed-out, revoked (by its owner), ended-by-admin, account-changed, idle-timeout,
    -- absolute-timeout.
    end_reason    text        check (end_reason in ('signed-out', 'revoked', 'ended-by-admin', 'account-changed',
                                                    'idle-timeout', 'absolute-timeout')),
    check ((ended_at is null) = (end_reason is null))
);
create index user_session_user_active on user_session (user_id) where ended_at is null;
create index user_session_ended on user_session (ended_at) where ended_at is not null;
