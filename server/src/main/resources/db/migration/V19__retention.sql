-- Retention by data class, legal holds and the daily purge (issue 14, docs/retention.md).
--
-- The purge deletes reads (with their evidence links, recognition records and detection traces), violations (with
-- their history, review records and notices) and the oldest segment of the audit chain. Each owning module deletes
-- its own rows in the purge's transaction, a bounded batch at a time.

-- ---- when a violation's case closed -------------------------------------------------------------------------
-- Set by the ledger when a violation enters a final state (rejected, expired, closed: ViolationState.FINAL), in
-- the transaction of that change. "Closed plus the retention period" is measured from here.
alter table violation add column closed_at timestamptz;
update violation v
set closed_at = coalesce((select max(e.occurred_at) from violation_event e
                          where e.violation_id = v.id and e.to_state = v.state), v.created_at)
where v.state in ('rejected', 'expired', 'closed');
create index violation_closed on violation (closed_at, id) where closed_at is not null;

-- ---- indexes the purge needs ----------------------------------------------------------------------------------
-- Deleting a row checks every foreign key that points at it: without an index on the referencing column, each
-- deleted read or violation would scan the referencing table.
create index violation_read_id on violation (read_id);
create index violation_repeat_of on violation (repeat_of) where repeat_of is not null;
create index plate_correction_read on plate_correction (read_id);
create index review_qc_violation on review_qc (violation_id);
create index section_sighting_read on section_sighting (read_id);
create index section_sighting_paired on section_sighting (paired_read_id) where paired_read_id is not null;
create index section_pair_entry on section_pair (entry_read_id);
create index section_pair_exit on section_pair (exit_read_id);
create index section_pair_violation on section_pair (violation_id) where violation_id is not null;
create index exemption_skip_read on exemption_skip (read_id);
create index read_recognition_image on read_recognition (image_sha256) where image_sha256 is not null;
create index plate_read_recognition on plate_read (plate_recognition_id) where plate_recognition_id is not null;
-- plate_read (captured_at desc, id desc) already serves "the oldest reads first" (plate_read_time).

-- ---- append-only histories: deletable by the retention purge only ----------------------------------------------
-- violation_event, review_decision, plate_correction, review_qc and read_recognition stay append-only; the one
-- exception is a DELETE inside a transaction that declared itself the retention purge
-- (set_config('plateguard.purge', 'retention', true)). An accidental DELETE still fails as before.
create or replace function violation_event_is_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('plateguard.purge', true) = 'retention' then
        return old;
    end if;
    raise exception 'violation_event is append-only (% rejected)', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create or replace function review_history_is_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('plateguard.purge', true) = 'retention' then
        return old;
    end if;
    raise exception '% is append-only (% rejected)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;

create or replace function review_qc_verdict_once() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('plateguard.purge', true) = 'retention' then
        return old;
    end if;
    if tg_op = 'DELETE' or old.agree is not null or new.decision_id <> old.decision_id
       or new.violation_id <> old.violation_id or new.operator <> old.operator or new.trigger <> old.trigger
       or new.created_at <> old.created_at then
        raise exception 'review_qc: a verdict is given once and nothing else changes (% rejected)', tg_op
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;

create or replace function read_recognition_is_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('plateguard.purge', true) = 'retention' then
        return old;
    end if;
    raise exception '% is append-only (% rejected)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;

-- ---- legal holds --------------------------------------------------------------------------------------------------
-- A hold keeps what it names through every purge until it is lifted. No foreign keys: a lifted hold stays as
-- history after its read or violation is purged. Lifted holds go after the audit retention period.
create table legal_hold (
    id            bigint generated always as identity primary key,
    kind          text        not null check (kind in ('read', 'violation', 'case')),
    read_id       bigint,
    violation_id  bigint,
    -- The investigation's case number: required for a case hold, optional reference for the others.
    case_number   text        check (length(case_number) between 1 and 64),
    -- A case hold keeps the reads (and violations) of this normalised plate, captured within the period if given.
    plate         text        check (plate ~ '^[A-Z0-9]{1,16}$'),
    period_from   timestamptz,
    period_to     timestamptz,
    reason        text        not null check (length(reason) between 1 and 500),
    set_by        text        not null,
    set_at        timestamptz not null default now(),
    lifted_by     text,
    lifted_at     timestamptz,
    lift_reason   text        check (length(lift_reason) between 1 and 500),
    check ((kind = 'read') = (read_id is not null)),
    check ((kind = 'violation') = (violation_id is not null)),
    check (kind <> 'case' or (case_number is not null and plate is not null)),
    check (kind = 'case' or (plate is null and period_from is null and period_to is null)),
    check (period_from is null or period_to is null or period_from < period_to),
    check ((lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_reason is null))
);
-- One active hold per (kind, target, case, period): a second is a mistake, not a second protection.
create unique index legal_hold_one_active on legal_hold (
    kind, coalesce(read_id, 0), coalesce(violation_id, 0), coalesce(case_number, ''), coalesce(plate, ''),
    coalesce(period_from, '-infinity'::timestamptz), coalesce(period_to, 'infinity'::timestamptz))
    where lifted_at is null;
create index legal_hold_read on legal_hold (read_id) where lifted_at is null and kind = 'read';
create index legal_hold_violation on legal_hold (violation_id) where lifted_at is null and kind = 'violation';
create index legal_hold_plate on legal_hold (plate) where lifted_at is null and kind = 'case';
create index legal_hold_lifted on legal_hold (lifted_at) where lifted_at is not null;

-- ---- purge runs -----------------------------------------------------------------------------------------------------
create table retention_run (
    id           bigint generated always as identity primary key,
    trigger      text        not null check (trigger in ('scheduled', 'manual')),
    actor        text        not null,
    -- The "now" the policy was applied at, and the cutoff of each data class.
    policy_now   timestamptz not null,
    cutoffs      jsonb       not null,
    started_at   timestamptz not null default clock_timestamp(),
    finished_at  timestamptz,
    outcome      text        not null default 'running' check (outcome in ('running', 'success', 'partial', 'failure')),
    counts       jsonb,
    error        text
);
create index retention_run_started on retention_run (started_at desc, id desc);

-- ---- audit: purging the oldest segment of the chain ------------------------------------------------------------
-- Before the entries below a position are deleted, the purge records an anchor: the position and id of the first
-- entry kept and the hash of the last one deleted (the kept entry's prev_hash), signed with the audit chain key
-- (outside the database). The verifier starts the chain at the newest anchor whose signature holds; a gap that
-- no signed anchor explains is reported as missing entries, as before.
create table audit_purge_anchor (
    first_seq      bigint      primary key check (first_seq > 1),
    first_id       bigint      not null,
    prev_hash      bytea       not null,
    purged_before  timestamptz not null,
    entries        bigint      not null check (entries > 0),
    created_at     timestamptz not null default clock_timestamp(),
    mac            bytea       not null
);
create trigger audit_purge_anchor_no_update before update or delete on audit_purge_anchor
    for each row execute function audit_chain_is_append_only();
create trigger audit_purge_anchor_no_truncate before truncate on audit_purge_anchor
    for each statement execute function audit_chain_is_append_only();

-- The database's own floor: whatever the application asks, no audit entry younger than this is deleted. Only the
-- owner can change it (the application role may only SELECT and INSERT on audit tables).
create table audit_retention_floor (
    only_row  boolean  primary key default true check (only_row),
    min_age   interval not null check (min_age >= interval '0')
);
insert into audit_retention_floor (min_age) values (interval '365 days');

-- audit_event and audit_event_seal: still append-only, except for a DELETE of an entry that lies before the newest
-- anchor and is older than the floor. Even the owner's deletes must pass this (unless triggers are switched off,
-- which the chain detects).
create function audit_entry_deletable(seq bigint, occurred timestamptz) returns boolean language sql stable as $$
    select seq is not null
       and seq < coalesce((select max(first_seq) from audit_purge_anchor), 0)
       and occurred < now() - (select min_age from audit_retention_floor)
$$;

create function audit_event_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and audit_entry_deletable(
            coalesce(old.chain_seq, (select s.chain_seq from audit_event_seal s where s.event_id = old.id)),
            old.occurred_at) then
        return old;
    end if;
    raise exception 'audit_event is append-only (% rejected)', tg_op using errcode = 'insufficient_privilege';
end;
$$;
drop trigger audit_event_no_update on audit_event;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_guard();

create function audit_event_seal_guard() returns trigger language plpgsql as $$
begin
    -- A seal goes after its entry (deleted first, in the same purge).
    if tg_op = 'DELETE' and old.chain_seq < coalesce((select max(first_seq) from audit_purge_anchor), 0)
       and not exists (select 1 from audit_event e where e.id = old.event_id) then
        return old;
    end if;
    raise exception '% is append-only (% rejected)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;
drop trigger audit_event_seal_no_update on audit_event_seal;
create trigger audit_event_seal_no_update before update or delete on audit_event_seal
    for each row execute function audit_event_seal_guard();

-- The application role has no DELETE right on the audit: it purges through this function, which runs with the
-- owner's rights and deletes only the entries before an anchored position (the triggers above check each row).
create function audit_purge_prefix(p_first_kept bigint) returns bigint
    language plpgsql security definer set search_path from current as $$
declare
    deleted bigint;
    legacy bigint;
begin
    if p_first_kept is null or p_first_kept > coalesce((select max(first_seq) from audit_purge_anchor), 0) then
        raise exception 'audit purge: no anchor at or after position %', p_first_kept
            using errcode = 'insufficient_privilege';
    end if;
    delete from audit_event where chain_seq < p_first_kept;
    get diagnostics deleted = row_count;
    -- Entries from before the chain keep their position in audit_event_seal.
    delete from audit_event e using audit_event_seal s
    where e.chain_seq is null and s.event_id = e.id and s.chain_seq < p_first_kept;
    get diagnostics legacy = row_count;
    delete from audit_event_seal where chain_seq < p_first_kept;
    return deleted + legacy;
end;
$$;
