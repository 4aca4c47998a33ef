-- Several server nodes over one database (issue 17, part 5; docs/scaling.md).

-- Browser sessions, kept by Spring Session JDBC (its PostgreSQL schema) so that any node serves any signed-in
-- browser and a session outlives the node that created it. Boot's own schema set-up stays off: Flyway owns the
-- schema, and the application role gets row access like every other table. SESSION_ID is a bearer secret
-- (the PGSESSION cookie); user_session (V21) keeps only its SHA-256.
create table spring_session (
    primary_id            char(36)     not null,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);

-- ShedLock: one row per singleton background job; the node whose lock_until is in the future runs it, the others
-- skip that turn. Times are the database's (usingDbTime), so the nodes' clocks need not agree.
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
