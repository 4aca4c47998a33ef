-- PlateGuard core schema: people, camera network, reads with evidence, audit.

create table app_user (
    id              bigint generated always as identity primary key,
    username        text        not null unique check (username ~ '^[a-z0-9._-]{3,64}$'),
    password_hash   text        not null,
    roles           text[]      not null check (cardinality(roles) > 0),
    disabled        boolean     not null default false,
    -- Bumped on disable, role change and password reset; sessions carrying an older stamp are dropped.
    security_stamp  bigint      not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

create table personal_token (
    id            bigint generated always as identity primary key,
    user_id       bigint      not null references app_user (id),
    token_hash    bytea       not null unique,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
create index personal_token_user on personal_token (user_id);

create table site (
    id          bigint generated always as identity primary key,
    name        text             not null unique,
    city        text             not null,
    region      text             not null,
    latitude    double precision not null check (latitude between -90 and 90),
    longitude   double precision not null check (longitude between -180 and 180),
    address     text,
    timezone    text             not null default 'Asia/Tashkent',
    created_at  timestamptz      not null default now()
);

create table camera (
    id               bigint generated always as identity primary key,
    site_id          bigint      not null references site (id),
    name             text        not null,
    kind             text        not null check (kind in ('anpr', 'overview', 'red_light', 'speed')),
    heading          integer     check (heading between 0 and 359),
    lanes            integer[]   not null default '{}',
    speed_limit_kmh  integer     check (speed_limit_kmh between 5 and 200),
    active           boolean     not null default true,
    last_seen_at     timestamptz,
    clock_offset_ms  bigint,
    last_status      text,
    queue_depth      integer,
    firmware         text,
    created_at       timestamptz not null default now(),
    unique (site_id, name)
);

create table device_key (
    id            bigint generated always as identity primary key,
    camera_id     bigint      not null references camera (id),
    key_hash      bytea       not null unique,
    key_hint      text        not null,
    created_by    bigint      references app_user (id),
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
create index device_key_camera on device_key (camera_id);

create table plate_read (
    id                bigint generated always as identity primary key,
    camera_id         bigint      not null references camera (id),
    site_id           bigint      not null references site (id),
    device_key_id     bigint      not null references device_key (id),
    event_id          text        not null,
    captured_at       timestamptz not null,
    received_at       timestamptz not null default now(),
    plate_text        text,
    plate_normalized  text,
    plate_folded      text,
    plate_country     text,
    plate_format      text,
    plate_region      text,
    plate_confidence  real,
    speed_kmh         real,
    -- The validated metadata exactly as the device sent it (after strict parsing).
    metadata          jsonb       not null,
    -- SHA-256 over canonical metadata and evidence hashes: tells a retry from a conflicting reuse of eventId.
    content_hash      bytea       not null,
    unique (camera_id, event_id)
);
create index plate_read_time on plate_read (captured_at desc, id desc);
create index plate_read_plate on plate_read (plate_normalized text_pattern_ops, captured_at desc);
create index plate_read_folded on plate_read (plate_folded, captured_at desc);
create index plate_read_camera on plate_read (camera_id, captured_at desc);
create index plate_read_site on plate_read (site_id, captured_at desc);

create table evidence_file (
    sha256        text        primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    content_type  text        not null,
    size_bytes    bigint      not null,
    width         integer,
    height        integer,
    created_at    timestamptz not null default now()
);

create table read_evidence (
    read_id   bigint  not null references plate_read (id),
    ordinal   integer not null,
    sha256    text    not null references evidence_file (sha256),
    kind      text    not null check (kind in ('image', 'video')),
    primary key (read_id, ordinal)
);
create index read_evidence_sha on read_evidence (sha256);

create table audit_event (
    id           bigint generated always as identity primary key,
    occurred_at  timestamptz not null default clock_timestamp(),
    actor_type   text        not null check (actor_type in ('user', 'device', 'anonymous', 'system')),
    actor        text        not null,
    action       text        not null,
    target       text,
    outcome      text        not null check (outcome in ('success', 'failure', 'denied')),
    client_ip    text,
    details      jsonb
);
create index audit_event_time on audit_event (occurred_at desc, id desc);
create index audit_event_actor on audit_event (actor, occurred_at desc);
create index audit_event_action on audit_event (action, occurred_at desc);

-- The audit log is append-only, enforced by the database itself, whatever the application does.
create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only (% rejected)', tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
