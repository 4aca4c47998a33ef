package dev.plateguard.server.cameras;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.validation.Refusal;

@RestController
class CameraController {

    private final CameraNetwork network;
    private final NetworkChanges changes;

    CameraController(CameraNetwork network, NetworkChanges changes) {
        this.network = network;
        this.changes = changes;
    }

    @PostMapping("/api/v1/cameras")
    @ResponseStatus(HttpStatus.CREATED)
    Camera create(@RequestBody CameraForm body) {
        return changes.createCamera(body);
    }

    /**
     * Replaces the camera: every field as for creation (absent lanes mean none, an absent {@code active} means
     * true). Heartbeat state and device keys are kept.
     */
    @PutMapping("/api/v1/cameras/{id}")
    Camera update(@PathVariable long id, @RequestBody CameraForm body) {
        return changes.updateCamera(id, body);
    }

    @GetMapping("/api/v1/cameras")
    List<Camera> list(@RequestParam(required = false) Long siteId) {
        return network.cameras(siteId);
    }

    @GetMapping("/api/v1/cameras/{id}")
    Camera get(@PathVariable long id) {
        return network.camera(id).orElseThrow(() -> Refusal.notFound("no camera " + id));
    }
}
