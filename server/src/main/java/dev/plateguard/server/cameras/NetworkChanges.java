package dev.plateguard.server.cameras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Creating and editing sites and cameras, for the API and the admin pages alike: validate, check for name
 * clashes, store, and audit in the same transaction. Invalid input is a {@link Refusal} (invalid, naming the
 * fields; not found for an unknown id; a conflict for a name in use).
 */
@Service
public class NetworkChanges {

    private final CameraNetwork network;
    private final AuditLog audit;
    private final Regions regions;

    NetworkChanges(CameraNetwork network, AuditLog audit, Regions regions) {
        this.network = network;
        this.audit = audit;
        this.regions = regions;
    }

    @Transactional
    public Site createSite(SiteForm given) {
        SiteForm form = listed(given);
        if (network.siteNameTaken(form.name())) {
            throw siteNameTaken(form);
        }
        long id = network.insertSite(form.name(), form.city(), form.region(), form.latitude(), form.longitude(),
                form.address(), form.zone(), form.country());
        audit.record("site.create", "site:" + id, AuditLog.Outcome.SUCCESS, Map.of("name", form.name()));
        return network.site(id).orElseThrow();
    }

    /** Replaces every field of a site. */
    @Transactional
    public Site updateSite(long id, SiteForm given) {
        Site before = network.site(id).orElseThrow(() -> Refusal.notFound("no site " + id));
        SiteForm form = listed(given);
        if (!before.name().equals(form.name()) && network.siteNameTaken(form.name())) {
            throw siteNameTaken(form);
        }
        network.updateSite(id, form.name(), form.city(), form.region(), form.latitude(), form.longitude(),
                form.address(), form.zone(), form.country());
        Site after = network.site(id).orElseThrow();
        audit.record("site.update", "site:" + id, AuditLog.Outcome.SUCCESS, changes(SiteForm.of(before), SiteForm.of(after)));
        return after;
    }

    @Transactional
    public Camera createCamera(CameraForm form) {
        requireValid(withSiteCheck(form));
        if (network.cameraNameTaken(form.siteId(), form.name())) {
            throw cameraNameTaken(form);
        }
        long id = network.insertCamera(form.siteId(), form.name(), form.kind(), form.heading(), form.laneList(),
                form.speedLimitKmh(), form.activeOrDefault(), form.clockZone());
        audit.record("camera.create", "camera:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("siteId", form.siteId(), "name", form.name()));
        return network.camera(id).orElseThrow();
    }

    /** Replaces every field of a camera; it may move to another site. Heartbeat state is kept. */
    @Transactional
    public Camera updateCamera(long id, CameraForm form) {
        Camera before = network.camera(id).orElseThrow(() -> Refusal.notFound("no camera " + id));
        requireValid(withSiteCheck(form));
        boolean renamed = before.siteId() != form.siteId() || !before.name().equals(form.name());
        if (renamed && network.cameraNameTaken(form.siteId(), form.name())) {
            throw cameraNameTaken(form);
        }
        network.updateCamera(id, form.siteId(), form.name(), form.kind(), form.heading(), form.laneList(),
                form.speedLimitKmh(), form.activeOrDefault(), form.clockZone());
        Camera after = network.camera(id).orElseThrow();
        audit.record("camera.update", "camera:" + id, AuditLog.Outcome.SUCCESS,
                changes(CameraForm.of(before), CameraForm.of(after)));
        return after;
    }

    /** The valid form with the managed list's region and city names ({@link Regions}), or the refusal naming the fields. */
    private SiteForm listed(SiteForm form) {
        List<FieldProblem> errors = form.validate();
        SiteForm listed = regions.listed(form, errors);
        requireValid(errors);
        return listed;
    }

    private List<FieldProblem> withSiteCheck(CameraForm form) {
        List<FieldProblem> errors = form.validate();
        if (form.siteId() != null && network.site(form.siteId()).isEmpty()) {
            errors.add(0, FieldProblem.coded("siteId", "noSite", "no such site"));
        }
        return errors;
    }

    private static Refusal siteNameTaken(SiteForm form) {
        return Refusal.conflict("a site named '" + form.name() + "' exists", "siteNameTaken");
    }

    private static Refusal cameraNameTaken(CameraForm form) {
        return Refusal.conflict("site " + form.siteId() + " already has a camera named '" + form.name() + "'",
                "cameraNameTaken");
    }

    private static void requireValid(List<FieldProblem> errors) {
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
    }

    /** The fields that changed, each as {@code {"from": old, "to": new}}, for the audit entry. */
    private static Map<String, Object> changes(Record before, Record after) {
        Map<String, Object> changed = new LinkedHashMap<>();
        var components = before.getClass().getRecordComponents();
        for (var component : components) {
            try {
                Object from = component.getAccessor().invoke(before);
                Object to = component.getAccessor().invoke(after);
                if (!java.util.Objects.equals(from, to)) {
                    Map<String, Object> change = new LinkedHashMap<>();
                    change.put("from", from);
                    change.put("to", to);
                    changed.put(component.getName(), change);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }
}
