-- Repeats are grouped by the plate's look-alike key (O/0/D, I/1, B/8 ... folded), not its exact text: two cameras of
-- one site that read one car as 01A123BC and 01A123BO raise one alert, not two (issue 15: alerts work per vehicle,
-- like passages). Existing alerts take the key their read was stored with.
alter table alert add column plate_folded text;
update alert a set plate_folded = coalesce(
    (select r.plate_folded from plate_read r where r.id = a.read_id), a.plate);
alter table alert alter column plate_folded set not null;
drop index alert_group;
create index alert_group on alert (hotlist_id, plate_folded, site_id, last_captured_at desc);
