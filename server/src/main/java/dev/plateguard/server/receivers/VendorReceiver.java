package dev.plateguard.server.receivers;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.cameras.CameraHeartbeats;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Heartbeat;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.ingest.IngestMetrics;
import dev.plateguard.server.ingest.IngestOutcome;
import dev.plateguard.server.ingest.ReadIngestion;
import dev.plateguard.server.ingest.ReadValidator;

/**
 * The receivers' pipeline after decoding: map every event to a native read, check them all (so that a payload with
 * one bad event stores none), hand each to ingest, and record a heartbeat. Events without a plate and without a
 * picture are counted ({@code plateguard.receivers.events}, outcome {@code no_plate}) and not stored; with a picture
 * they are image-only reads that recognition fills in.
 */
@Service
class VendorReceiver {

    private static final Logger log = LoggerFactory.getLogger(VendorReceiver.class);

    /** What a push led to, in order of its events. */
    record Receipt(String format, List<IngestOutcome> reads, int noPlate, int ignored, boolean heartbeat) {
    }

    private final ReadMapper mapper;
    private final ReadValidator validator;
    private final ReadIngestion ingestion;
    private final CameraNetwork network;
    private final CameraHeartbeats heartbeats;
    private final MeterRegistry meters;
    private final IngestMetrics ingestMetrics;

    VendorReceiver(ReadMapper mapper, ReadValidator validator, ReadIngestion ingestion, CameraNetwork network,
                   CameraHeartbeats heartbeats, MeterRegistry meters, IngestMetrics ingestMetrics) {
        this.ingestMetrics = ingestMetrics;
        this.mapper = mapper;
        this.validator = validator;
        this.ingestion = ingestion;
        this.network = network;
        this.heartbeats = heartbeats;
        this.meters = meters;
    }

    Receipt receive(DevicePrincipal device, String format, Decoded decoded) {
        Instant now = Instant.now();
        ZoneId zone = clockZone(device);
        List<ReadMapper.Mapped> reads = new ArrayList<>();
        int noPlate = 0;
        for (VendorRead read : decoded.reads()) {
            Optional<ReadMapper.Mapped> mapped = mapper.map(format, read, zone, now);
            if (mapped.isPresent()) {
                reads.add(mapped.get());
            } else {
                noPlate++;
            }
        }
        try {
            checkAll(reads);
        } catch (RuntimeException refused) {
            ingestMetrics.rejected(IngestMetrics.Channel.RECEIVER, reads.size());
            throw refused;
        }
        List<IngestOutcome> outcomes = new ArrayList<>();
        for (ReadMapper.Mapped read : reads) {
            IngestOutcome outcome = ingestion.ingest(device, read.metadata(), read.vendorFields(), read.images(), Optional.empty());
            outcomes.add(outcome);
            ingestMetrics.counted(IngestMetrics.Channel.RECEIVER, outcome.status());
            count(format, outcome.status().name().toLowerCase(), 1);
            if (log.isDebugEnabled()) {
                log.debug("{} read {} camera {} plate {} -> {}", format, outcome.eventId(), device.cameraId(),
                        PlateText.mask(read.metadata().plate() == null ? null : read.metadata().plate().text()), outcome.status());
            }
        }
        count(format, "no_plate", noPlate);
        count(format, "ignored", decoded.ignored());
        if (decoded.heartbeat() != null) {
            heartbeat(device, decoded.heartbeat(), zone, now);
            count(format, "heartbeat", 1);
        }
        return new Receipt(format, outcomes, noPlate, decoded.ignored(), decoded.heartbeat() != null);
    }

    /** How often each outcome happened per format: {@code plateguard.receivers.events{format, outcome}}. */
    double counted(String format, String outcome) {
        var counter = meters.find("plateguard.receivers.events").tags("format", format, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * Every mapped read is validated before the first is stored (its pictures were inspected by the mapper), so that
     * a push with one bad event stores none.
     */
    private void checkAll(List<ReadMapper.Mapped> reads) {
        for (int i = 0; i < reads.size(); i++) {
            ReadMapper.Mapped read = reads.get(i);
            validator.validate(read.metadata(), reads.size() == 1 ? "metadata" : "events[" + i + "]", read.images().isEmpty());
        }
    }

    private void heartbeat(DevicePrincipal device, VendorHeartbeat beat, ZoneId zone, Instant now) {
        Long offset = beat.deviceTime() == null ? null : beat.deviceTime().in(zone).toEpochMilli() - now.toEpochMilli();
        String status = beat.status() == null ? null : beat.status().length() > 32 ? beat.status().substring(0, 32) : beat.status();
        String firmware = beat.firmware() == null || beat.firmware().length() > 64 ? null : beat.firmware();
        heartbeats.heartbeat(device.cameraId(), new Heartbeat(offset, status, beat.queueDepth(), firmware,
                beat.diskFreeBytes(), beat.details() == null ? null : PayloadSecrets.strip(beat.details())));
    }

    /** The camera's clock zone, else its site's timezone, else UTC. */
    private ZoneId clockZone(DevicePrincipal device) {
        var camera = network.camera(device.cameraId());
        String zone = camera.map(c -> c.clockZone()).orElse(null);
        if (zone == null) {
            zone = network.site(device.siteId()).map(s -> s.timezone()).orElse(null);
        }
        try {
            return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private void count(String format, String outcome, int n) {
        if (n > 0) {
            meters.counter("plateguard.receivers.events", "format", format, "outcome", outcome).increment(n);
        }
    }
}
