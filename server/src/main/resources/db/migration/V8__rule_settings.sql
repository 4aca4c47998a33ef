-- Rule settings per site and per camera (docs/violations.md): rules switched off, red-light grace, occupant
-- confidence threshold, bus lanes with schedules. A camera's settings override its site's field by field.
-- Settings decide legal outcomes, so every change is kept: rule_settings holds the current settings of each scope
-- (one row per site or camera), rule_settings_history every version ever put or deleted, append-only. A violation
-- records the version whose value it used ("camera 12 v3" in its measured values).

create table rule_settings (
    id          bigint generated always as identity primary key,
    site_id     bigint      references site (id),
    camera_id   bigint      references camera (id),
    -- The normalised settings as the API shows them; a member that is null (or missing) is inherited.
    settings    jsonb       not null check (jsonb_typeof(settings) = 'object'),
    note        text,
    -- This scope's version: 1 for its first change, one more for every put or delete after.
    version     integer     not null check (version > 0),
    updated_at  timestamptz not null default now(),
    updated_by  text        not null,
    check ((site_id is null) <> (camera_id is null))
);
create unique index rule_settings_site on rule_settings (site_id) where site_id is not null;
create unique index rule_settings_camera on rule_settings (camera_id) where camera_id is not null;

create table rule_settings_history (
    id          bigint generated always as identity primary key,
    site_id     bigint      references site (id),
    camera_id   bigint      references camera (id),
    version     integer     not null check (version > 0),
    action      text        not null check (action in ('put', 'delete')),
    -- Null for a delete (back to inherited).
    settings    jsonb       check (settings is null or jsonb_typeof(settings) = 'object'),
    note        text,
    changed_at  timestamptz not null default now(),
    changed_by  text        not null,
    check ((site_id is null) <> (camera_id is null)),
    check ((action = 'delete') = (settings is null))
);
create unique index rule_settings_history_site on rule_settings_history (site_id, version) where site_id is not null;
create unique index rule_settings_history_camera on rule_settings_history (camera_id, version) where camera_id is not null;

create function rule_settings_history_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only (% rejected)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger rule_settings_history_append_only before update or delete on rule_settings_history
    for each row execute function rule_settings_history_is_append_only();
create trigger rule_settings_history_no_truncate before truncate on rule_settings_history
    for each statement execute function rule_settings_history_is_append_only();
