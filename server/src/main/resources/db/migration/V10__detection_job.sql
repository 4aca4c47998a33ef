-- Detection's work queue, written with the read it names (ingest: reads with a plate, in the read's insert
-- statement; recognition: when it fills an image-only read's plate). A detection batch deletes the rows it takes in
-- its own transaction. It replaces the id watermark, whose gaps (ids handed out before commit) had to be waited
-- out, and detection_requeue.
-- No foreign key to plate_read: it would cost a look-up on every ingest, and a job whose read is gone (retention) is
-- simply passed over by the batch that takes it.
create table detection_job (
    read_id    bigint      primary key,
    queued_at  timestamptz not null default now()
);

-- Work left by the watermark design: reads after the watermark, and reads queued again after recognition.
insert into detection_job (read_id)
select id from plate_read
where plate_normalized is not null
  and id > (select last_read_id from violation_watermark where name = 'detection')
union
select read_id from detection_requeue
on conflict (read_id) do nothing;

drop table detection_requeue;
drop table violation_watermark;
