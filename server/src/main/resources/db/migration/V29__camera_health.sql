-- Camera-health alarms (docs/camera-health.md).

-- What a heartbeat may also report (cameras module): how full the device's disk is.
alter table camera add column disk_used_percent integer check (disk_used_percent between 0 and 100);

-- Alarms (camerahealth module, their only writer): raised when a condition holds, cleared when it has passed its
-- clearing threshold (hysteresis). At most one open alarm per camera and condition.
create table camera_alarm (
    id               bigint generated always as identity primary key,
    camera_id        bigint      not null references camera (id),
    condition        text        not null check (condition in ('stale', 'offline', 'clock-drift', 'low-reads',
                                                                'no-plates', 'queue-backlog', 'disk-full')),
    raised_at        timestamptz not null,
    -- What was measured when it was raised, and the threshold it crossed (units per condition: seconds, reads per
    -- hour, a share 0..1, reads waiting, percent).
    raised_value     double precision,
    threshold        double precision not null,
    cleared_at       timestamptz,
    cleared_value    double precision,
    -- Further facts: the baseline and its weeks, the reads counted, the heartbeat's offset.
    details          jsonb       not null default '{}' check (jsonb_typeof(details) = 'object'),
    check (cleared_at is null or cleared_at >= raised_at)
);
create unique index camera_alarm_open on camera_alarm (camera_id, condition) where cleared_at is null;
create index camera_alarm_camera on camera_alarm (camera_id, raised_at desc, id desc);
create index camera_alarm_time on camera_alarm (raised_at desc, id desc);

-- Reads per camera and hour of capture (camerahealth module), kept beyond the reads themselves: the baseline a
-- camera's traffic is compared with. An hour is tallied once, when it has settled; a camera without reads in a
-- tallied hour has no row (zero).
create table camera_read_hour (
    camera_id  bigint      not null references camera (id),
    hour       timestamptz not null,
    reads      integer     not null check (reads >= 0),
    primary key (camera_id, hour)
);
create table read_tally_hour (
    hour        timestamptz primary key,
    tallied_at  timestamptz not null default now()
);
