-- review: the QC sample's seed, random per installation. The application writes it once (SecureRandom) at first
-- use; a published default would let operators predict which of their decisions are checked.
create table review_qc_seed (
    id         smallint    primary key default 1 check (id = 1),
    seed       text        not null,
    created_at timestamptz not null default now()
);

-- review: a decision on a violation whose plate was corrected always goes to quality control, so one operator
-- cannot change a plate and confirm it alone.
alter table review_qc drop constraint if exists review_qc_trigger_check;
alter table review_qc add constraint review_qc_trigger_check check (trigger in ('sample', 'reason', 'correction'));

-- notices: the verification HMAC key now lives outside the database (InstallationKeys "notice-signing"). The
-- table stays for this release: the application copies an existing key to the key file at start and only then
-- empties the table, so already printed notices keep verifying. A later release can drop it.
