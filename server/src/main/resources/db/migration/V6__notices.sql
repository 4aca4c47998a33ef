-- Notices: what a confirmed violation becomes. Deadlines and discounts come from a versioned policy, never from code.

alter table violation drop constraint if exists violation_state_check;
alter table violation add constraint violation_state_check check (state in (
    'detected', 'pending_review', 'incomplete_evidence', 'confirmed', 'rejected', 'expired',
    'notice_issued', 'paid', 'appealed', 'upheld', 'cancelled', 'closed'));

create table notice_policy (
    version                 integer     primary key check (version > 0),
    valid_from              date        not null,
    payment_days            integer     not null check (payment_days between 1 and 365),
    appeal_days             integer     not null check (appeal_days between 1 and 365),
    -- [{"withinDays":15,"percent":50},{"withinDays":30,"percent":30}], best first
    discounts               jsonb       not null,
    discount_for_repeat     boolean     not null,
    appeal_where            text        not null,
    published_at            timestamptz not null default now()
);
-- domain-uz.md §3.3: 50% within 15 days, 30% within 30 days (not for repeat offences); camera fines payable
-- within 60 days; appeals online at my.gov.uz within 30 days of notice.
insert into notice_policy (version, valid_from, payment_days, appeal_days, discounts, discount_for_repeat, appeal_where)
values (1, '2023-05-01', 60, 30, '[{"withinDays":15,"percent":50},{"withinDays":30,"percent":30}]', false,
        'https://my.gov.uz (Road Safety Service, decided within 10 working days)');

-- Secret behind verification codes; one row, created by the application on first use.
create table notice_key (
    id      integer primary key check (id = 1),
    secret  bytea   not null
);

create table notice (
    id                bigint generated always as identity primary key,
    number            text        not null unique,
    violation_id      bigint      not null unique references violation (id),
    policy_version    integer     not null references notice_policy (version),
    issued_at         timestamptz not null default now(),
    fine_som          bigint      not null,
    -- [{"until":"2026-12-11","percent":50,"amountSom":206000}, ...] computed at issue
    discounts         jsonb       not null,
    payment_deadline  date        not null,
    appeal_deadline   date        not null,
    state             text        not null check (state in ('issued', 'paid', 'appealed', 'upheld', 'cancelled', 'closed'))
);

create table notice_event (
    id           bigint generated always as identity primary key,
    notice_id    bigint      not null references notice (id),
    type         text        not null check (type in ('paid', 'appealed', 'upheld', 'cancelled', 'closed')),
    reference    text        not null,
    occurred_at  timestamptz not null,
    recorded_at  timestamptz not null default clock_timestamp(),
    amount_som   bigint,
    details      jsonb,
    unique (notice_id, reference)
);
