package dev.plateguard.server.camerahealth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** Camera health and its alarms (the roles that see the network; docs/camera-health.md). */
@RestController
class CameraHealthController {

    private final CameraHealthReports reports;
    private final CameraAlarms alarms;

    CameraHealthController(CameraHealthReports reports, CameraAlarms alarms) {
        this.reports = reports;
        this.alarms = alarms;
    }

    @Operation(summary = "One camera's health (ADMIN, OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "What its last heartbeat reported (liveness, clock offset, queue, disk), its open alarms, "
                    + "its cleared ones (newest first, at most 50), and its last 24 settled hours: reads captured and "
                    + "the usual level of that hour of the week (read counts only for a camera in the caller's scope). "
                    + "404 no such camera.")
    @GetMapping("/api/v1/cameras/{id}/health")
    CameraHealthReports.Report health(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me) {
        return reports.of(id, me.scope(), Instant.now());
    }

    @Operation(summary = "Camera alarms, newest first (ADMIN, OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "open=true: only open alarms; false: only cleared ones; absent: all. cameraId filters. "
                    + "limit 1-1000 (default 200). Each alarm: condition (stale, offline, clock-drift, low-reads, "
                    + "no-plates, queue-backlog, disk-full), raisedAt, raisedValue, threshold, unit, clearedAt, "
                    + "clearedValue, details.")
    @GetMapping("/api/v1/camera-alarms")
    Map<String, Object> list(@RequestParam(required = false) Boolean open, @RequestParam(required = false) Long cameraId,
                             @RequestParam(required = false, defaultValue = "200") int limit) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.invalid("limit", "must be 1-1000");
        }
        List<CameraAlarms.Alarm> items = alarms.list(open, cameraId, limit);
        return Map.of("items", items);
    }
}
