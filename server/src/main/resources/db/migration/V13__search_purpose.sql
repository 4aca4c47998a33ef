-- Purpose-bound investigation (reads module): every plate search and journey names a purpose from this managed
-- list and a case number; searches beyond the standard reach need a supervisor's recorded approval; each user's
-- investigative volume is counted.

create table search_purpose (
    id          bigint generated always as identity primary key,
    code        text        not null unique check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(code) <= 40),
    label       text        not null check (length(label) between 1 and 120),
    active      boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

insert into search_purpose (code, label) values
    ('criminal-investigation', 'Criminal investigation'),
    ('stolen-vehicle', 'Stolen vehicle'),
    ('missing-person', 'Missing person'),
    ('wanted-person', 'Wanted person or vehicle'),
    ('traffic-enforcement-appeal', 'Traffic enforcement appeal'),
    ('court-order', 'Court order'),
    ('data-subject-request', 'Data subject access request');

-- A request to search one plate under one case further back than the standard reach.
create table access_request (
    id             bigint generated always as identity primary key,
    requester_id   bigint      not null references app_user (id),
    requester      text        not null,
    plate          text        not null,
    case_number    text        not null,
    purpose_id     bigint      not null references search_purpose (id),
    reason         text        not null,
    period_from    timestamptz not null,
    period_to      timestamptz not null,
    status         text        not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    decided_by_id  bigint      references app_user (id),
    decided_by     text,
    decided_at     timestamptz,
    expires_at     timestamptz,
    created_at     timestamptz not null default now(),
    check (period_from < period_to),
    -- Nobody approves their own request (also checked by the service, with a clear answer).
    check (decided_by_id is null or decided_by_id <> requester_id),
    check ((status = 'pending') = (decided_at is null))
);
create index access_request_lookup on access_request (requester_id, plate, case_number) where status = 'approved';
create index access_request_pending on access_request (created_at) where status = 'pending';

-- One row per investigative query (plate search, journey, read opened under a case): the volume limits count them.
create table search_usage (
    id        bigint generated always as identity primary key,
    user_id   bigint      not null references app_user (id),
    at        timestamptz not null default now(),
    rows      integer     not null check (rows >= 0)
);
create index search_usage_user on search_usage (user_id, at);
