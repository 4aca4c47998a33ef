-- Covert hotlists' alerts reach only the outbound channels that were set to receive them (issue 15): a webhook opts
-- in here, MQTT by plateguard.outbound.mqtt.include-covert. The event remembers that it is covert, so that the
-- deliveries page and a replay can tell.
alter table webhook_subscription add column include_covert boolean not null default false;
alter table outbound_event add column covert boolean not null default false;
