-- Passages (module passages, docs/passages.md): reads of one vehicle by the cameras of one site within a window,
-- grouped into one passage with its best read. Only the passages module writes passage and passage_read.

create table passage (
    id            bigserial   primary key,
    site_id       bigint      not null references site (id),
    -- the look-alike key (plates' confusable folding of the normalised plate) and country that its reads share
    plate_key     text        not null,
    plate_country text,
    -- the best read's plate, capture time span of the reads, their count and distinct cameras
    plate         text        not null,
    first_at      timestamptz not null,
    last_at       timestamptz not null,
    best_read_id  bigint      not null,
    read_count    integer     not null,
    camera_count  integer     not null
);
create index passage_site_key on passage (site_id, plate_key, first_at);
create index passage_first_at on passage (first_at, id);
create index passage_plate on passage (plate, first_at);

-- Each grouped read in exactly one passage. No foreign key to plate_read: retention deletes passage rows first
-- (passages/PassagePurge), then the reads.
create table passage_read (
    read_id    bigint  primary key,
    passage_id bigint  not null references passage (id) on delete cascade,
    joined_seq bigserial not null
);
create index passage_read_passage on passage_read (passage_id);

-- The grouping queue, written with the read it names (ingest: reads with a plate, in the read's insert statement;
-- recognition: when it fills an image-only read's plate). A grouping batch deletes the rows it takes.
create table passage_job (
    read_id   bigint      primary key,
    queued_at timestamptz not null default now()
);

-- Reads stored before passages existed are grouped too.
insert into passage_job (read_id) select id from plate_read where plate_normalized is not null;
