-- PlateGuard on an external PostgreSQL (15 or newer): two roles and a database.
--
--   owner: owns the tables and runs the migrations (spring.flyway.user / spring.flyway.password);
--   app:   what the server runs as (spring.datasource.username / .password). After every migration the
--          server grants it row access to the tables and SELECT/INSERT only on the audit tables; it can
--          neither alter tables nor disable the triggers that keep the audit append-only.
--
-- Run as a superuser (once; running it again only resets the passwords):
--   psql -v ON_ERROR_STOP=1 -v database=plateguard -v owner=plateguard_owner -v owner_password='...' \
--        -v app=plateguard_app -v app_password='...' -f docs/database-roles.sql
-- Then start the server with
--   SPRING_DATASOURCE_URL=jdbc:postgresql://HOST:5432/plateguard
--   SPRING_DATASOURCE_USERNAME=plateguard_app  SPRING_DATASOURCE_PASSWORD=...
--   SPRING_FLYWAY_USER=plateguard_owner        SPRING_FLYWAY_PASSWORD=...
-- and keep the owner's password away from the application host once migrations are done if you can
-- (run upgrades with it supplied, then remove it).

select format('create role %I', :'owner') where not exists (select from pg_roles where rolname = :'owner') \gexec
select format('create role %I', :'app') where not exists (select from pg_roles where rolname = :'app') \gexec
select format('alter role %I with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password %L',
              :'owner', :'owner_password') \gexec
select format('alter role %I with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password %L',
              :'app', :'app_password') \gexec
select format('create database %I owner %I', :'database', :'owner')
 where not exists (select from pg_database where datname = :'database') \gexec

\connect :"database"
-- Only the owner creates objects; other roles get what the server grants them after each migration.
select format('alter schema public owner to %I', :'owner') \gexec
revoke create on schema public from public;
select format('revoke all on database %I from public', :'database') \gexec
select format('grant connect on database %I to %I', :'database', :'app') \gexec
