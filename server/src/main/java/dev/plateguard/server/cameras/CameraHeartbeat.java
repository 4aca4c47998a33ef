package dev.plateguard.server.cameras;

import java.time.Instant;

/**
 * What a camera says about itself in a heartbeat, from the native API ({@code POST /api/v1/heartbeat}) or a vendor
 * receiver that maps its own heartbeat onto this. Every field may be null (not reported). Camera-health alarms
 * watch the clock, the queue and the disk (docs/camera-health.md).
 *
 * @param deviceClock     the device's own clock when it sent the heartbeat; the offset to the server's clock is
 *                        recorded (a clock-drift alarm compares it with plateguard.camera-health.clock-drift)
 * @param status          the device's own word for its state ({@code ok}, {@code degraded}), at most 32 characters
 * @param queueDepth      reads waiting on the device to be sent (its upload backlog), 0 or more
 * @param diskUsedPercent how full the device's storage is, 0–100
 * @param firmware        firmware version, at most 64 characters; kept when not reported
 */
public record CameraHeartbeat(Instant deviceClock, String status, Integer queueDepth, Integer diskUsedPercent,
                              String firmware) {
}
