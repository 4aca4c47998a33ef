package dev.plateguard.server.cameras;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;

@RestController
class DeviceKeyController {


    private final DeviceKeys keys;

    DeviceKeyController(DeviceKeys keys) {
        this.keys = keys;
    }

    /** Issues a key; the response is the only time the key is ever shown. */
    @PostMapping("/api/v1/cameras/{cameraId}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    DeviceKeys.IssuedKey issue(@PathVariable long cameraId, @AuthenticationPrincipal UserPrincipal admin) {
        return keys.issue(cameraId, admin);
    }

    @GetMapping("/api/v1/cameras/{cameraId}/keys")
    List<DeviceKeys.KeyInfo> list(@PathVariable long cameraId) {
        return keys.list(cameraId);
    }

    @DeleteMapping("/api/v1/cameras/{cameraId}/keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long cameraId, @PathVariable long keyId) {
        keys.revoke(cameraId, keyId);
    }
}
