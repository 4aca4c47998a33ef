package dev.plateguard.server.cameras;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.http.FieldProblem;
import dev.plateguard.server.http.SafeText;

@RestController
class CameraController {

    record NewCamera(Long siteId, String name, String kind, Integer heading, List<Integer> lanes,
                     Integer speedLimitKmh, Boolean active) {
    }

    private final CameraNetwork network;
    private final AuditLog audit;

    CameraController(CameraNetwork network, AuditLog audit) {
        this.network = network;
        this.audit = audit;
    }

    @PostMapping("/api/v1/cameras")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Camera create(@RequestBody NewCamera body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.siteId() == null) {
            errors.add(new FieldProblem("siteId", "is required"));
        } else if (network.site(body.siteId()).isEmpty()) {
            errors.add(new FieldProblem("siteId", "no such site"));
        }
        SafeText.require("name", body.name(), 120, errors);
        if (body.kind() == null || !Camera.KINDS.contains(body.kind())) {
            errors.add(new FieldProblem("kind", "must be one of " + Camera.KINDS));
        }
        if (body.heading() != null && (body.heading() < 0 || body.heading() > 359)) {
            errors.add(new FieldProblem("heading", "must be 0-359 degrees"));
        }
        List<Integer> lanes = body.lanes() == null ? List.of() : body.lanes();
        if (lanes.size() > 16 || lanes.stream().anyMatch(l -> l == null || l < 1 || l > 16)
                || new HashSet<>(lanes).size() != lanes.size()) {
            errors.add(new FieldProblem("lanes", "must be distinct lane numbers 1-16, at most 16"));
        }
        if (body.speedLimitKmh() != null && (body.speedLimitKmh() < 5 || body.speedLimitKmh() > 200)) {
            errors.add(new FieldProblem("speedLimitKmh", "must be 5-200 km/h"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        if (network.cameraNameTaken(body.siteId(), body.name())) {
            throw ApiProblem.conflict("site " + body.siteId() + " already has a camera named '" + body.name() + "'");
        }
        long id = network.insertCamera(body.siteId(), body.name(), body.kind(), body.heading(), lanes,
                body.speedLimitKmh(), body.active() == null || body.active());
        audit.record("camera.create", "camera:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("siteId", body.siteId(), "name", body.name()));
        return network.camera(id).orElseThrow();
    }

    @GetMapping("/api/v1/cameras")
    List<Camera> list(@RequestParam(required = false) Long siteId) {
        return network.cameras(siteId);
    }

    @GetMapping("/api/v1/cameras/{id}")
    Camera get(@PathVariable long id) {
        return network.camera(id).orElseThrow(() -> ApiProblem.notFound("no camera " + id));
    }
}
