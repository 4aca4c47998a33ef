-- Hotlists and real-time alerts (issue 15, docs/alerts.md).
--
-- Writers: the hotlists module writes hotlist, hotlist_entry and hotlist_version; ingest and recognition write
-- alert_job (with the read, as detection_job); the alerts module takes alert_job and writes alert and alert_read.

-- A watch list. Covert lists are seen only by their owner and by auditors; covert is fixed at creation.
-- Removing a list keeps the row (alerts name it) and stops its entries from matching.
create table hotlist (
    id          bigint generated always as identity primary key,
    name        text        not null check (length(name) between 1 and 100),
    covert      boolean     not null,
    owner_id    bigint      not null references app_user (id),
    created_at  timestamptz not null default now(),
    removed_at  timestamptz,
    removed_by  bigint      references app_user (id)
);
create unique index hotlist_name_active on hotlist (lower(name)) where removed_at is null;

-- One watched plate or pattern. pattern is normalised (A-Z 0-9; WILDCARD also * and ?); folded is the confusable
-- fold of a LOOKALIKE pattern. Removed entries stay (alerts name them) and no longer match.
create table hotlist_entry (
    id          bigint generated always as identity primary key,
    hotlist_id  bigint      not null references hotlist (id),
    pattern     text        not null check (pattern ~ '^[A-Z0-9*?]{1,40}$'),
    match       text        not null check (match in ('EXACT', 'WILDCARD', 'LOOKALIKE')),
    priority    smallint    not null check (priority between 1 and 10),
    reason      text        not null check (reason ~ '^[A-Z_]{2,32}$'),
    note        text        check (length(note) <= 500),
    expires_at  timestamptz not null,
    owner_id    bigint      not null references app_user (id),
    created_at  timestamptz not null default now(),
    removed_at  timestamptz,
    removed_by  bigint      references app_user (id)
);
create unique index hotlist_entry_active on hotlist_entry (hotlist_id, match, pattern) where removed_at is null;
create index hotlist_entry_list on hotlist_entry (hotlist_id, id);

-- Moves on with every change of a list or an entry, in the change's transaction: each server node rebuilds its
-- in-memory index when it sees a new value.
create table hotlist_version (
    singleton  boolean primary key default true check (singleton),
    version    bigint  not null
);
insert into hotlist_version (version) values (0);

-- Matching's work queue, written with the read it names (ingest: reads with a plate, in the read's insert statement;
-- recognition: when it fills an image-only read's plate). No foreign key, as for detection_job: a job whose read is
-- gone is passed over.
create table alert_job (
    read_id    bigint      primary key,
    queued_at  timestamptz not null default now()
);

-- A hit of a hotlist entry. Repeats of one plate at one site for one list within the grouping window raise no new
-- alert: they add a read and move last_read_id and repeat_count on. change_seq moves on with every write (all
-- writes take one advisory lock, so it grows in commit order): the live streams of every node follow it.
create sequence alert_change_seq;
create table alert (
    id                bigint generated always as identity primary key,
    hotlist_id        bigint      not null references hotlist (id),
    entry_id          bigint      not null references hotlist_entry (id),
    read_id           bigint      not null,
    last_read_id      bigint      not null,
    plate             text        not null,
    site_id           bigint      not null references site (id),
    camera_id         bigint      not null references camera (id),
    captured_at       timestamptz not null,
    last_captured_at  timestamptz not null,
    repeat_count      integer     not null default 1 check (repeat_count >= 1),
    priority          smallint    not null,
    reason            text        not null,
    thumbnail         text        check (thumbnail ~ '^[0-9a-f]{64}$'),
    state             text        not null default 'new' check (state in ('new', 'acknowledged', 'escalated')),
    raised_at         timestamptz not null default now(),
    acknowledged_by   text,
    acknowledged_at   timestamptz,
    acknowledge_note  text        check (length(acknowledge_note) <= 500),
    escalated_by      text,
    escalated_at      timestamptz,
    escalate_note     text        check (length(escalate_note) <= 500),
    change_seq        bigint      not null default nextval('alert_change_seq')
);
create index alert_newest on alert (id desc);
create unique index alert_change on alert (change_seq);
create index alert_group on alert (hotlist_id, plate, site_id, last_captured_at desc);

-- Every read an alert stands for (the first and its repeats).
create table alert_read (
    alert_id  bigint not null references alert (id),
    read_id   bigint not null,
    primary key (alert_id, read_id)
);
