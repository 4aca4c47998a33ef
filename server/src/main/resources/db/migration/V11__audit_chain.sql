-- Tamper-evident audit (docs/security.md, "Tamper-evident audit"). Every entry carries its place in a hash chain:
-- chain_hash = HMAC-SHA256 under a key kept outside the database, over the entry's stored fields, its position
-- (chain_seq, gap-free) and the previous entry's hash (prev_hash). The server sets all three in the INSERT itself,
-- under an advisory lock, so the append-only triggers stay as they are. Entries from before this migration have
-- none: they are sealed once, at the next start, into audit_event_seal (they cannot be updated in place).
alter table audit_event
    add column chain_seq  bigint,
    add column prev_hash  bytea,
    add column chain_hash bytea;

-- A second writer that skipped the lock would fork the chain; this makes its insert fail instead.
create unique index audit_event_chain_seq on audit_event (chain_seq);

create table audit_event_seal (
    event_id   bigint primary key,
    chain_seq  bigint not null unique,
    prev_hash  bytea  not null,
    chain_hash bytea  not null
);

create function audit_chain_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only (% rejected)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_event_seal_no_update before update or delete on audit_event_seal
    for each row execute function audit_chain_is_append_only();
create trigger audit_event_seal_no_truncate before truncate on audit_event_seal
    for each statement execute function audit_chain_is_append_only();
