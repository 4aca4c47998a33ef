-- Review workflow: the states after detection, operator claims (locks with a timeout), decisions with reason
-- codes, plate corrections as new records (the read is never modified), and the supervisors' quality control.

-- ---- states -------------------------------------------------------------------------------------------------
-- pending_review -> confirmed | rejected; expired when not reviewed before review_deadline. The notice states
-- (notice_issued, paid, appealed, upheld, cancelled, closed) are reserved for the notices work.
alter table violation drop constraint if exists violation_state_check;
alter table violation add constraint violation_state_check check (state in (
    'detected', 'pending_review', 'incomplete_evidence', 'confirmed', 'rejected', 'expired',
    'notice_issued', 'paid', 'appealed', 'upheld', 'cancelled', 'closed'));

-- The claim lives on the violation row itself: "next" locks candidate rows FOR UPDATE SKIP LOCKED, and a row
-- claimed by a transaction that committed meanwhile is re-checked against its new version (claimed_until),
-- so two operators can never be handed the same item.
alter table violation add column claimed_by text;
alter table violation add column claimed_at timestamptz;
alter table violation add column claimed_until timestamptz;
alter table violation add constraint violation_claim_complete
    check ((claimed_by is null) = (claimed_until is null));

create index violation_review_queue on violation (occurred_at, id) where state = 'pending_review';
create index violation_review_deadline on violation (review_deadline)
    where state in ('detected', 'pending_review', 'incomplete_evidence');
create index violation_claimed_by on violation (claimed_by) where claimed_by is not null;

-- ---- decisions ------------------------------------------------------------------------------------------------
create table review_decision (
    id            bigint generated always as identity primary key,
    violation_id  bigint      not null unique references violation (id),
    decision      text        not null check (decision in ('confirm', 'reject')),
    reason_code   text        check (reason_code in ('PLATE_UNREADABLE', 'WRONG_VEHICLE', 'EMERGENCY_VEHICLE',
                                                     'MEASUREMENT_DOUBT', 'DUPLICATE', 'OTHER')),
    note          text,
    operator      text        not null,
    decided_at    timestamptz not null default clock_timestamp(),
    check ((decision = 'reject') = (reason_code is not null)),
    check (reason_code is distinct from 'OTHER' or note is not null)
);
create index review_decision_operator on review_decision (operator);

-- A corrected plate: a new record linked to the violation and its read. plate_read is never touched.
create table plate_correction (
    id               bigint generated always as identity primary key,
    violation_id     bigint      not null references violation (id),
    read_id          bigint      not null references plate_read (id),
    original_plate   text        not null,
    corrected_plate  text        not null,
    operator         text        not null,
    created_at       timestamptz not null default clock_timestamp()
);
create index plate_correction_violation on plate_correction (violation_id, id);

-- Quality control: sampled decisions and rejections with chosen reasons, for a supervisor's verdict.
create table review_qc (
    id            bigint generated always as identity primary key,
    decision_id   bigint      not null unique references review_decision (id),
    violation_id  bigint      not null references violation (id),
    operator      text        not null,
    trigger       text        not null check (trigger in ('sample', 'reason')),
    created_at    timestamptz not null default clock_timestamp(),
    supervisor    text,
    reviewed_at   timestamptz,
    agree         boolean,
    note          text,
    check ((supervisor is null) = (agree is null) and (agree is null) = (reviewed_at is null))
);
create index review_qc_open on review_qc (id) where agree is null;
create index review_qc_operator on review_qc (operator);

-- Decisions and corrections are history: append-only. A QC item is written once more, by its verdict.
create function review_history_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only (% rejected)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger review_decision_append_only before update or delete on review_decision
    for each row execute function review_history_is_append_only();
create trigger plate_correction_append_only before update or delete on plate_correction
    for each row execute function review_history_is_append_only();

create function review_qc_verdict_once() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or old.agree is not null or new.decision_id <> old.decision_id
       or new.violation_id <> old.violation_id or new.operator <> old.operator or new.trigger <> old.trigger
       or new.created_at <> old.created_at then
        raise exception 'review_qc: a verdict is given once and nothing else changes (% rejected)', tg_op
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;
create trigger review_qc_verdict_once before update or delete on review_qc
    for each row execute function review_qc_verdict_once();
