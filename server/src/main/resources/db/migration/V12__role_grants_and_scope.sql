-- Separation of duties and scope (issue 12).

-- A user created with only roles that await approval holds none until a second ADMIN approves.
alter table app_user drop constraint app_user_roles_check;

-- ADMIN never combines with a role that sees personal data. NOT VALID: an older installation whose admin also
-- holds such a role still starts; the service refuses every new combination and any change keeps it refused.
alter table app_user add constraint app_user_admin_alone
    check (not ('ADMIN' = any (roles) and cardinality(roles) > 1)) not valid;

alter table app_user
    -- The part of the country the user sees: regions as in site.region, and site ids; both empty = the country.
    add column scope_regions text[]  not null default '{}',
    add column scope_sites   bigint[] not null default '{}',
    -- Set when an admin resets the password: the next sign-in only allows changing it.
    add column must_change_password boolean not null default false;

-- Roles waiting for a second ADMIN: added to the user's roles when a different ADMIN approves.
create table role_grant (
    id            bigint generated always as identity primary key,
    user_id       bigint      not null references app_user (id),
    roles         text[]      not null check (cardinality(roles) > 0),
    requested_by  bigint      not null references app_user (id),
    requested_at  timestamptz not null default now(),
    expires_at    timestamptz not null,
    status        text        not null default 'PENDING'
                  check (status in ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED')),
    decided_by    bigint      references app_user (id),
    decided_at    timestamptz,
    check (decided_by is null or decided_by <> requested_by or status in ('CANCELLED', 'EXPIRED'))
);
-- One pending grant per user: a new request replaces (cancels) the older one.
create unique index role_grant_one_pending on role_grant (user_id) where status = 'PENDING';
