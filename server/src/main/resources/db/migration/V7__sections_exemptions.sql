-- Average speed over sections (section control) and the exemption list (emergency, service, diplomatic
-- vehicles). Detection state for sections lives here, written in the same transaction as the detection
-- watermark, so pending first sightings survive a restart and reads arriving late or out of order still pair.

-- ---- sections -----------------------------------------------------------------------------------------------

create table road_section (
    id               bigint generated always as identity primary key,
    name             text        not null,
    from_camera_id   bigint      not null references camera (id),
    to_camera_id     bigint      not null references camera (id),
    distance_metres  integer     not null check (distance_metres between 10 and 1000000),
    limit_kmh        integer     not null check (limit_kmh between 5 and 250),
    created_at       timestamptz not null default now(),
    created_by       text        not null,
    check (from_camera_id <> to_camera_id)
);
create index road_section_from on road_section (from_camera_id);
create index road_section_to on road_section (to_camera_id);

-- One sighting per (section, read, end). A sighting waits here until it is paired with a sighting at the other
-- end of the section (paired_read_id set), whichever of the two arrives first.
create table section_sighting (
    id              bigint generated always as identity primary key,
    section_id      bigint      not null references road_section (id),
    plate           text        not null,
    camera_end      text        not null check (camera_end in ('entry', 'exit')),
    read_id         bigint      not null references plate_read (id),
    captured_at     timestamptz not null,
    paired_read_id  bigint      references plate_read (id),
    created_at      timestamptz not null default now(),
    unique (section_id, read_id, camera_end)
);
create index section_sighting_pending on section_sighting (section_id, plate, camera_end, captured_at)
    where paired_read_id is null;

-- Each matched (entry, exit) pair, violation or not. A read is paired at most once per section end.
create table section_pair (
    id             bigint generated always as identity primary key,
    section_id     bigint        not null references road_section (id),
    entry_read_id  bigint        not null references plate_read (id),
    exit_read_id   bigint        not null references plate_read (id),
    entry_at       timestamptz   not null,
    exit_at        timestamptz   not null,
    average_kmh    numeric(8, 2) not null,
    violation_id   bigint        references violation (id),
    created_at     timestamptz   not null default now(),
    unique (section_id, entry_read_id),
    unique (section_id, exit_read_id),
    check (exit_at > entry_at)
);

-- The entry read of an average-speed violation is linked as 'evidence' (the exit read is 'primary').
alter table violation_read drop constraint if exists violation_read_role_check;
alter table violation_read add constraint violation_read_role_check
    check (role in ('primary', 'duplicate', 'evidence'));

-- ---- exemptions ---------------------------------------------------------------------------------------------

create table exemption (
    id           bigint generated always as identity primary key,
    country      text        not null check (country ~ '^[A-Z]{2}$'),
    plate        text        not null check (plate ~ '^[A-Z0-9]{1,16}$'),
    kind         text        not null check (kind in ('emergency', 'service', 'diplomatic')),
    valid_from   timestamptz not null,
    -- Null: open-ended.
    valid_until  timestamptz,
    note         text,
    created_at   timestamptz not null default now(),
    created_by   text        not null,
    -- DELETE withdraws an exemption; the row stays, so a skipped offence can always be traced to it.
    deleted_at   timestamptz,
    deleted_by   text,
    check (valid_until is null or valid_until > valid_from)
);
create index exemption_plate on exemption (plate) where deleted_at is null;

-- Findings that were not recorded because the plate was exempt at the offence time. One per (rule, read).
create table exemption_skip (
    id             bigint generated always as identity primary key,
    exemption_id   bigint      not null references exemption (id),
    rule           text        not null,
    read_id        bigint      not null references plate_read (id),
    offence_type   text        not null,
    occurred_at    timestamptz not null,
    created_at     timestamptz not null default now(),
    unique (rule, read_id)
);
create index exemption_skip_exemption on exemption_skip (exemption_id);
