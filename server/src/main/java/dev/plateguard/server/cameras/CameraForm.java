package dev.plateguard.server.cameras;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.SafeText;

/**
 * What an admin gives to create or replace a camera, from the API ({@code POST /api/v1/cameras},
 * {@code PUT /api/v1/cameras/{id}}) or the admin pages. The same rules apply on both paths.
 *
 * @param heading       degrees clockwise from north, 0-359, optional
 * @param lanes         distinct lane numbers 1-16 counted from the kerb; absent means none
 * @param speedLimitKmh posted limit, 5-200 km/h, optional
 * @param active        absent means true
 * @param clockZone     IANA zone of the camera's clock, used for vendor payloads with local times and no offset;
 *                      absent means the site's timezone
 */
public record CameraForm(Long siteId, String name, String kind, Integer heading, List<Integer> lanes,
                         Integer speedLimitKmh, Boolean active, String clockZone) {

    /**
     * Every problem with the fields themselves, in form order. Whether the site exists is the caller's question
     * (see {@link NetworkChanges}).
     */
    public List<FieldProblem> validate() {
        List<FieldProblem> errors = new ArrayList<>();
        if (siteId == null) {
            errors.add(SafeText.required("siteId"));
        }
        SafeText.require("name", name, 120, errors);
        if (kind == null || !Camera.KINDS.contains(kind)) {
            errors.add(FieldProblem.coded("kind", "kind", "must be one of " + Camera.KINDS));
        }
        if (heading != null && (heading < 0 || heading > 359)) {
            errors.add(FieldProblem.coded("heading", "heading", "must be 0-359 degrees"));
        }
        List<Integer> given = laneList();
        if (given.size() > 16 || given.stream().anyMatch(l -> l == null || l < 1 || l > 16)
                || new HashSet<>(given).size() != given.size()) {
            errors.add(FieldProblem.coded("lanes", "lanes", "must be distinct lane numbers 1-16, at most 16"));
        }
        if (speedLimitKmh != null && (speedLimitKmh < 5 || speedLimitKmh > 200)) {
            errors.add(FieldProblem.coded("speedLimitKmh", "speedLimit", "must be 5-200 km/h"));
        }
        if (clockZone != null && !SiteForm.isZone(clockZone)) {
            errors.add(FieldProblem.coded("clockZone", "timezone", "is not an IANA time zone such as Asia/Tashkent"));
        }
        return errors;
    }

    /** The lanes to store (never null). */
    public List<Integer> laneList() {
        return lanes == null ? List.of() : lanes;
    }

    public boolean activeOrDefault() {
        return active == null || active;
    }

    /** The form filled with a stored camera, for editing. */
    public static CameraForm of(Camera camera) {
        return new CameraForm(camera.siteId(), camera.name(), camera.kind(), camera.heading(), camera.lanes(),
                camera.speedLimitKmh(), camera.active(), camera.clockZone());
    }
}
