package dev.plateguard.server.violations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.PlateGuardPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * Section control: admins define sections between two cameras ({@code POST /api/v1/sections}, audited);
 * admins, supervisors and operators list them. Detection pairs reads at both ends ({@link SectionMatcher}).
 */
@RestController
class SectionController {

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SectionController(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** A section as posted: all fields required. */
    record Form(Long fromCameraId, Long toCameraId, Integer distanceMetres, Integer limitKmh, String name) {
    }

    record Section(long id, String name, long fromCameraId, long toCameraId, int distanceMetres, int limitKmh,
                   Instant createdAt, String createdBy) {
    }

    @PostMapping("/api/v1/sections")
    @Transactional(noRollbackFor = Refusal.class)
    ResponseEntity<Section> create(@RequestBody Form form, @AuthenticationPrincipal PlateGuardPrincipal actor) {
        List<FieldProblem> errors = validate(form);
        if (!errors.isEmpty()) {
            audit.record("section.create", "section", AuditLog.Outcome.FAILURE,
                    Map.of("errors", errors.stream().map(FieldProblem::field).toList()));
            throw Refusal.invalid(errors);
        }
        long id = jdbc.sql("""
                insert into road_section (name, from_camera_id, to_camera_id, distance_metres, limit_kmh, created_by)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(form.name().strip(), form.fromCameraId(), form.toCameraId(), form.distanceMetres(),
                        form.limitKmh(), actor.auditName())
                .query(Long.class).single();
        audit.record("section.create", "section:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("name", form.name().strip(), "fromCameraId", form.fromCameraId(), "toCameraId", form.toCameraId(),
                        "distanceMetres", form.distanceMetres(), "limitKmh", form.limitKmh()));
        return ResponseEntity.status(HttpStatus.CREATED).body(list(id).getFirst());
    }

    @GetMapping("/api/v1/sections")
    Map<String, Object> list() {
        return Map.of("items", list(null));
    }

    private List<Section> list(Long id) {
        return jdbc.sql("""
                select id, name, from_camera_id, to_camera_id, distance_metres, limit_kmh, created_at, created_by
                from road_section where cast(? as bigint) is null or id = ? order by id""")
                .params(id, id)
                .query((rs, n) -> new Section(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                        rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getString(8)))
                .list();
    }

    private List<FieldProblem> validate(Form form) {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.require("name", form.name(), 120, errors);
        camera("fromCameraId", form.fromCameraId(), errors);
        camera("toCameraId", form.toCameraId(), errors);
        if (form.fromCameraId() != null && form.fromCameraId().equals(form.toCameraId())) {
            errors.add(new FieldProblem("toCameraId", "must differ from fromCameraId"));
        }
        if (form.distanceMetres() == null || form.distanceMetres() < 10 || form.distanceMetres() > 1_000_000) {
            errors.add(new FieldProblem("distanceMetres", "is required, 10 to 1000000 metres"));
        }
        if (form.limitKmh() == null || form.limitKmh() < 5 || form.limitKmh() > 250) {
            errors.add(new FieldProblem("limitKmh", "is required, 5 to 250 km/h"));
        }
        return errors;
    }

    private void camera(String field, Long id, List<FieldProblem> errors) {
        if (id == null) {
            errors.add(new FieldProblem(field, "is required"));
        } else if (!jdbc.sql("select exists (select 1 from camera where id = ?)").param(id).query(Boolean.class).single()) {
            errors.add(new FieldProblem(field, "no camera " + id));
        }
    }
}
