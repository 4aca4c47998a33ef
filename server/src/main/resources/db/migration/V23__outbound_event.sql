-- The outbox of the outbound channels (issue 15): alerts and camera-health alarms are stored here in the same
-- transaction as what they report, then delivered to webhooks and MQTT after commit (the outbound module's delivery
-- side keeps per-channel delivery state in tables of its own).
create table outbound_event (
    id          bigint generated always as identity primary key,
    type        text        not null check (type ~ '^[a-z][a-z0-9_.-]{1,63}$'),
    subject     text        not null check (length(subject) between 1 and 200),
    occurred_at timestamptz not null,
    payload     jsonb       not null check (jsonb_typeof(payload) = 'object'),
    created_at  timestamptz not null default now()
);
create index outbound_event_type on outbound_event (type, id);
