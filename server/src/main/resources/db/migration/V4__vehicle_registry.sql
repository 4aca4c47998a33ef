-- Vehicle registry: the local registry table (filled by CSV import and the API) and the queue of reads whose
-- registry check must be retried because the registry could not answer. Owner data is never stored in clear:
-- owner_ref is an opaque id that only the external registry can resolve (docs/registry.md).

create table vehicle_registry (
    id                        bigint generated always as identity primary key,
    country                   text        not null check (country ~ '^[A-Z]{2}$'),
    -- Normalised plate text (PlateText.normalize): ^[A-Z0-9]{1,16}$
    plate                     text        not null check (plate ~ '^[A-Z0-9]{1,16}$'),
    status                    text        not null check (status in ('VALID', 'EXPIRED', 'SUSPENDED')),
    registration_valid_until  date        not null,
    -- Null: no insurance on record.
    insurance_valid_until     date,
    vehicle_type              text        check (char_length(vehicle_type) <= 64),
    make                      text        check (char_length(make) <= 64),
    colour                    text        check (char_length(colour) <= 64),
    -- Opaque owner reference: letters, digits and . _ : - only, so a name, an address or a phone number with
    -- spaces or punctuation cannot be stored here by mistake.
    owner_ref                 text        not null check (owner_ref ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    source                    text        not null check (source in ('csv', 'api')),
    updated_at                timestamptz not null default now(),
    unique (country, plate)
);

-- Reads waiting for a registry answer. One row per read; never dropped: an entry leaves the queue only when a
-- check got a definitive answer (FOUND or NOT_FOUND). Each claim pushes next_attempt_at out exponentially.
create table registry_recheck (
    read_id          bigint      primary key references plate_read (id) on delete cascade,
    country          text        not null check (country ~ '^[A-Z]{2}$'),
    plate            text        not null check (plate ~ '^[A-Z0-9]{1,16}$'),
    attempts         integer     not null default 0 check (attempts >= 0),
    enqueued_at      timestamptz not null,
    next_attempt_at  timestamptz not null,
    last_error       text        check (char_length(last_error) <= 500)
);
create index registry_recheck_due on registry_recheck (next_attempt_at, read_id);
