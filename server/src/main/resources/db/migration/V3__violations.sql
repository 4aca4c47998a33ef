-- Violations: a versioned rule catalogue (articles, fines in BRV, BRV history, speed tiers, thresholds), the
-- detection watermark, violation records with their evidence links, and an append-only state history.
-- Every number that the law can change lives here as seed data of catalogue version 1, never in Java.

-- ---- rule catalogue -----------------------------------------------------------------------------------------

create table rule_catalogue (
    version                        integer       primary key check (version > 0),
    published_at                   timestamptz   not null default now(),
    published_by                   text          not null,
    note                           text,
    -- Deducted from every measured speed before the tier is chosen (device tolerance, law of 20-21 Feb 2025).
    tolerance_kmh                  numeric(5, 2) not null check (tolerance_kmh between 0 and 50),
    -- A red-light read counts only when captured more than this long after the light turned red.
    red_light_grace_seconds        numeric(6, 3) not null check (red_light_grace_seconds between 0 and 60),
    -- Occupant detector flags (seatbelt, phone) at or above this confidence create a review candidate.
    occupant_confidence_threshold  numeric(4, 3) not null check (occupant_confidence_threshold > 0
                                                                  and occupant_confidence_threshold <= 1)
);

-- Base calculation amount (BRV/BHM) history: the amount in force from valid_from (inclusive).
create table catalogue_brv (
    version     integer not null references rule_catalogue (version),
    valid_from  date    not null,
    amount_som  bigint  not null check (amount_som > 0),
    source      text,
    primary key (version, valid_from)
);

-- Offence types with their article and fine in BRV; repeat_fine_brv applies to a repeat within a year.
create table catalogue_offence (
    version          integer       not null references rule_catalogue (version),
    code             text          not null check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    article          text          not null,
    fine_brv         numeric(8, 2) not null check (fine_brv > 0),
    repeat_fine_brv  numeric(8, 2) check (repeat_fine_brv > 0),
    description      text,
    primary key (version, code)
);

-- Speeding tiers by km/h over the limit after the tolerance: a tier covers (previous up_to, up_to];
-- the last tier has no upper bound.
create table catalogue_speed_tier (
    version          integer       not null references rule_catalogue (version),
    ordinal          integer       not null check (ordinal > 0),
    up_to_kmh_over   numeric(6, 2) check (up_to_kmh_over > 0),
    article          text          not null,
    fine_brv         numeric(8, 2) not null check (fine_brv > 0),
    primary key (version, ordinal)
);

-- A published catalogue version never changes: violations cite it. New rules mean a new version.
create function rule_catalogue_is_immutable() returns trigger language plpgsql as $$
begin
    raise exception '% is immutable: publish a new catalogue version (% rejected)', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger rule_catalogue_immutable before update or delete on rule_catalogue
    for each row execute function rule_catalogue_is_immutable();
create trigger catalogue_brv_immutable before update or delete on catalogue_brv
    for each row execute function rule_catalogue_is_immutable();
create trigger catalogue_offence_immutable before update or delete on catalogue_offence
    for each row execute function rule_catalogue_is_immutable();
create trigger catalogue_speed_tier_immutable before update or delete on catalogue_speed_tier
    for each row execute function rule_catalogue_is_immutable();

-- Version 1, from docs/domain §3 (shared/design/domain-uz.md).
insert into rule_catalogue (version, published_by, note, tolerance_kmh, red_light_grace_seconds,
                            occupant_confidence_threshold)
values (1, 'system', 'Initial catalogue: KoAO articles and BRV history as of 2026', 5, 1.0, 0.8);

insert into catalogue_brv (version, valid_from, amount_som, source) values
    (1, '2021-09-01', 270000, 'ejarima.uz'),
    (1, '2022-06-01', 300000, 'ejarima.uz'),
    (1, '2023-05-01', 330000, 'gazeta.uz 2023-04-19'),
    (1, '2023-12-01', 340000, 'tashkenttimes.uz 12115'),
    (1, '2024-10-01', 375000, 'buxgalter.uz 194589'),
    (1, '2025-08-01', 412000, 'tashkenttimes.uz 15721');

insert into catalogue_offence (version, code, article, fine_brv, repeat_fine_brv, description) values
    (1, 'seatbelt',        '125 part 1',   0.5, null, 'Seatbelt or helmet not worn'),
    (1, 'unregistered',    '125 part 2',   0.5, null, 'Unregistered vehicle, no technical inspection'),
    (1, 'no_plates',       '125',          5,   null, 'Driving without plates'),
    (1, 'phone',           '128-1',        3,   null, 'Phone use without hands-free'),
    (1, 'stop_line',       '128-4 part 1', 0.5, null, 'Crossing the stop line on red'),
    (1, 'red_light',       '128-4 part 2', 2,   5,    'Driving through a red light'),
    (1, 'general_rules',   '128 part 1',   1,   null, 'Signs, markings, pedestrian crossings'),
    (1, 'bus_lane',        '128',          0.5, null, 'Driving in a bus lane'),
    (1, 'bus_lane_parking','128-6',        2,   null, 'Stopping or parking in a bus lane'),
    (1, 'no_insurance',    'unverified',   1,   null, 'No OSAGO insurance (article not verified)');

insert into catalogue_speed_tier (version, ordinal, up_to_kmh_over, article, fine_brv) values
    (1, 1, 20,   '128-3', 1),
    (1, 2, 40,   '128-3', 5),
    (1, 3, 60,   '128-3', 9),
    (1, 4, null, '128-3', 15);

-- ---- detection ----------------------------------------------------------------------------------------------

-- How far detection has read plate_read, by id. Advanced in the same transaction as the violations it found.
create table violation_watermark (
    name          text        primary key,
    last_read_id  bigint      not null default 0,
    updated_at    timestamptz not null default now()
);
insert into violation_watermark (name, last_read_id) values ('detection', 0);

create table violation (
    id                 bigint generated always as identity primary key,
    offence_type       text          not null,
    rule               text          not null,
    read_id            bigint        not null references plate_read (id),
    plate              text          not null,
    plate_country      text,
    site_id            bigint        not null references site (id),
    camera_id          bigint        not null references camera (id),
    occurred_at        timestamptz   not null,
    -- The rule's measurements, e.g. {"speedKmh":86,"limitKmh":60,"toleranceKmh":5,"overKmh":21}.
    measured           jsonb         not null,
    article            text          not null,
    fine_brv           numeric(8, 2) not null,
    brv_som            bigint        not null,
    fine_som           bigint        not null,
    catalogue_version  integer       not null references rule_catalogue (version),
    repeat_of          bigint        references violation (id),
    state              text          not null check (state in ('detected', 'pending_review', 'incomplete_evidence')),
    review_deadline    timestamptz   not null,
    created_at         timestamptz   not null default now()
);
create index violation_dedup on violation (plate, offence_type, occurred_at);
create index violation_site on violation (site_id, id);
create index violation_state on violation (state, id);

-- Which reads a violation rests on. One row per (rule, read): re-running detection over the same reads, after a
-- crash or a watermark reset, can never create a second violation.
create table violation_read (
    violation_id  bigint not null references violation (id),
    read_id       bigint not null references plate_read (id),
    rule          text   not null,
    role          text   not null check (role in ('primary', 'duplicate')),
    primary key (violation_id, read_id),
    unique (rule, read_id)
);
create index violation_read_read on violation_read (read_id);

-- State history of each violation, append-only like audit_event.
create table violation_event (
    id            bigint generated always as identity primary key,
    violation_id  bigint      not null references violation (id),
    occurred_at   timestamptz not null default clock_timestamp(),
    from_state    text,
    to_state      text        not null,
    actor         text        not null,
    reason        text,
    details       jsonb
);
create index violation_event_violation on violation_event (violation_id, id);

create function violation_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'violation_event is append-only (% rejected)', tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger violation_event_no_update before update or delete on violation_event
    for each row execute function violation_event_is_append_only();
create trigger violation_event_no_truncate before truncate on violation_event
    for each statement execute function violation_event_is_append_only();
