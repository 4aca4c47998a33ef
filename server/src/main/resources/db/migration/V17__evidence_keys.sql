-- Evidence at rest (issue 14): the data key of every encrypted evidence object, wrapped by a master key that never
-- enters the database. Kept apart from the object so that deleting the row (crypto-shredding) leaves every copy of
-- the file unreadable. Written only by the evidence module; no foreign key to evidence_file, whose row commits later
-- (with the read that holds the object).
create table evidence_key (
    sha256         text        primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    master_key_id  text        not null,
    wrapped_key    bytea       not null,
    created_at     timestamptz not null default now(),
    rewrapped_at   timestamptz
);
create index evidence_key_master_key on evidence_key (master_key_id);
create index evidence_key_created on evidence_key (created_at);
