-- Search at scale (issue 17, bench/search): the plate index also covers a journey. A journey reads a plate's
-- sightings over up to 90 days in time order, up to 2,000 of them, and needs only these columns: from the index alone
-- it is one range scan instead of one heap page per sighting (a frequent plate's reads lie on as many pages as it has
-- reads). id joins the key so that the plate history's order (captured_at desc, id desc) and its keyset pages come
-- from the index without a sort. text_pattern_ops stays: prefix search (LIKE '01A12%') needs it in any collation.
--
-- Measured with bench/search (docs/benchmarks.md, "Search at scale"); the other indexes already fit their queries:
-- plate_read_folded (look-alike key, time), plate_read_camera and plate_read_site (camera or site with time),
-- plate_read_time (the live listing, retention's oldest-first). No BRIN on captured_at: every query that filters on
-- time alone also orders by (captured_at, id) and pages by it, which a BRIN index cannot serve.
--
-- Plain CREATE INDEX on the table (no CONCURRENTLY): it also applies to a partitioned plate_read, where it creates
-- the index on every partition.
drop index if exists plate_read_plate;
create index plate_read_plate on plate_read (plate_normalized text_pattern_ops, captured_at desc, id desc)
    include (camera_id, site_id, plate_format);
