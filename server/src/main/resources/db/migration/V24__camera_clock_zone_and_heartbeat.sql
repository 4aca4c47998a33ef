-- Vendor receivers (issue 15): cameras that send local times without a zone (Axis datetime, Dahua LocaleTime,
-- Plate Recognizer SDK timestamps) are read in the camera's own clock zone, or else its site's timezone.
alter table camera add column clock_zone text
    check (clock_zone is null or clock_zone ~ '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$');

-- What the last heartbeat said beyond the fixed columns: free disk, and the vendor's own health fields
-- (secrets stripped), for camera-health alarms.
alter table camera add column disk_free_bytes bigint;
alter table camera add column heartbeat_details jsonb
    check (heartbeat_details is null or jsonb_typeof(heartbeat_details) = 'object');
