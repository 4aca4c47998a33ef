-- Entries written before the hash chain existed (V11) are the only ones the server ever seals after the fact.
-- Their extent is recorded once, here: an attacker who clears the chain columns of later entries cannot get the
-- server to re-seal (sign) them, so they stay "unchained" to the verifier.
create table audit_legacy_mark (
    only_row boolean primary key default true check (only_row),
    max_id   bigint  not null
);
insert into audit_legacy_mark (max_id)
select coalesce(max(id), 0) from audit_event
where chain_hash is null
  and id < coalesce((select min(id) from audit_event where chain_hash is not null), 9223372036854775807);
create trigger audit_legacy_mark_no_update before update or delete on audit_legacy_mark
    for each row execute function audit_event_is_append_only();
create trigger audit_legacy_mark_no_truncate before truncate on audit_legacy_mark
    for each statement execute function audit_event_is_append_only();
