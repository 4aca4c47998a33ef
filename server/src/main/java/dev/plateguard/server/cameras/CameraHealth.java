package dev.plateguard.server.cameras;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * What cameras report about themselves, and whether they are heard from: heartbeats from the native API and from
 * vendor receivers go through {@link #heartbeat}, and {@link #liveness} says whether a camera is online, stale or
 * offline ({@link CameraSettings}). Camera-health alarms (module {@code camerahealth}) build on both.
 */
@Service
public class CameraHealth {

    private final CameraNetwork network;
    private final CameraSettings settings;
    private final Clock clock = Clock.systemUTC();

    CameraHealth(CameraNetwork network, CameraSettings settings) {
        this.network = network;
        this.settings = settings;
    }

    /**
     * Records a heartbeat of {@code cameraId} received now: last seen, the device clock's offset (device minus
     * server, milliseconds), status, queue depth, disk use and firmware. Refuses (invalid input, naming the fields)
     * a negative queue, a disk share outside 0–100, and status or firmware text with markup or beyond its length.
     * Answers the clock offset recorded (null when no clock was reported).
     */
    public Long heartbeat(long cameraId, CameraHeartbeat report) {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.check("status", report.status(), 32, errors);
        SafeText.check("firmware", report.firmware(), 64, errors);
        if (report.queueDepth() != null && report.queueDepth() < 0) {
            errors.add(new FieldProblem("queueDepth", "must not be negative"));
        }
        if (report.diskUsedPercent() != null && (report.diskUsedPercent() < 0 || report.diskUsedPercent() > 100)) {
            errors.add(new FieldProblem("diskUsedPercent", "must be 0-100"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        Instant now = clock.instant();
        Long offsetMs = report.deviceClock() == null ? null : Duration.between(now, report.deviceClock()).toMillis();
        network.heartbeat(cameraId, now, offsetMs, report);
        return offsetMs;
    }

    /** Whether the camera was heard from recently, as of {@code now}. */
    public CameraLiveness liveness(Camera camera, Instant now) {
        return CameraLiveness.of(camera.lastSeenAt(), now, settings.staleAfter(), settings.offlineAfter());
    }

    public CameraSettings settings() {
        return settings;
    }
}
