package dev.plateguard.server.receivers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.validation.Refusal;

/**
 * OpenALPR agents and Rekor Scout ({@code alprd}, Watchman): JSON pushed to the agent's upload address, told apart by
 * {@code data_type}. {@code alpr_group} (v1–v3, one per vehicle) and {@code alpr_results} (one per frame, one read per
 * plate) become reads; {@code alpr_alert} is read as the group it wraps; {@code vehicle} is a plateless vehicle;
 * {@code heartbeat} updates camera health. The open-source {@code alprd} sends results without a {@code data_type}.
 * Confidence is on 0–100; epoch times are in ms (agents) or s (open-source alprd).
 */
@Component
class OpenAlprDecoder implements VendorDecoder {

    static final String FORMAT = "openalpr";

    private static final Set<String> GROUP_MAPPED = Set.of("data_type", "best_plate_number", "best_confidence",
            "best_uuid", "epoch_start", "candidates", "best_plate", "best_region", "travel_direction", "vehicle",
            "vehicle_crop_jpeg", "overview_jpeg", "plate_crop_jpeg");
    private static final Set<String> RESULT_MAPPED = Set.of("plate", "confidence", "region", "candidates",
            "coordinates", "plate_crop_jpeg");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Decoded decode(VendorPayload payload) {
        if (!payload.json()) {
            throw VendorPayload.unsupported(FORMAT, payload.mediaType(), "application/json");
        }
        JsonNode root = VendorJson.object(payload.body(), "body");
        String type = Fields.text(root, "data_type");
        if (type == null && root.has("results")) {
            type = "alpr_results"; // open-source alprd: no data_type, no version
        }
        if (type == null) {
            throw Refusal.invalid("data_type", "is required (alpr_group, alpr_results, alpr_alert, vehicle or heartbeat)");
        }
        return switch (type) {
            case "alpr_group" -> group(root, "");
            case "alpr_alert" -> {
                // The alert wraps the vehicle's group as the agent also pushes it: read alone, it is the same read
                // (a duplicate of the group when both arrive). PlateGuard matches its own hotlists.
                JsonNode group = root.get("group");
                if (group == null || !group.isObject()) {
                    throw Refusal.invalid("group", "an alpr_alert must wrap its alpr_group");
                }
                yield group(group, "");
            }
            case "vehicle" -> group(root, "vehicle-"); // the same best_uuid as the vehicle's plate group, if any
            case "alpr_results" -> Decoded.reads(results(root, payload.body()));
            case "heartbeat" -> Decoded.heartbeat(heartbeat(root));
            default -> throw Refusal.invalid("data_type", "'" + type + "' is not an OpenALPR event this receiver reads");
        };
    }

    /** One vehicle, with or without a plate. */
    private Decoded group(JsonNode group, String idPrefix) {
        if (group.path("is_preview").asBoolean(false)) {
            return Decoded.oneIgnored(); // the final group of the same vehicle follows
        }
        String uuid = Fields.text(group, "best_uuid");
        if (uuid == null && group.path("uuids").isArray() && !group.path("uuids").isEmpty()) {
            uuid = Fields.text(group.path("uuids").get(0));
        }
        if (uuid == null) {
            throw Refusal.invalid("best_uuid", "is required to tell vehicles apart");
        }
        JsonNode bestPlate = group.path("best_plate");
        // best_plate_number is the group's answer; best_plate.plate can differ (edited by hand in a real capture).
        String plate = Fields.text(group, "best_plate_number");
        if (plate == null) {
            plate = Fields.text(bestPlate, "plate");
        }
        List<VendorRead.Image> images = new ArrayList<>();
        add(images, EmbeddedImages.decode("overview_jpeg", Fields.text(group, "overview_jpeg")));
        boolean frame = !images.isEmpty(); // the corner points are in the full frame, not in a crop
        add(images, EmbeddedImages.decode("vehicle_crop_jpeg", Fields.text(group, "vehicle_crop_jpeg")));
        add(images, EmbeddedImages.decode("plate_crop_jpeg", Fields.text(bestPlate, "plate_crop_jpeg")));
        JsonNode vehicle = group.path("vehicle");
        Double direction = Fields.number(group, "travel_direction");
        Map<String, Object> rest = VendorJson.rest(group, GROUP_MAPPED);
        VendorRead read = new VendorRead(EventIds.of(FORMAT, idPrefix + uuid), epoch(group, "epoch_start"), plate,
                Fields.confidence(Fields.number(group, "best_confidence"), true), country(group, bestPlate),
                candidates(group.path("candidates")), frame ? corners(bestPlate.path("coordinates")) : null,
                new VendorRead.Vehicle(Fields.firstText(vehicle.path("body_type"), "name"),
                        Fields.firstText(vehicle.path("color"), "name"), Fields.firstText(vehicle.path("make"), "name")),
                null, direction == null ? null : Math.floorMod(Math.round(direction), 360), null, images, rest);
        return Decoded.reads(List.of(read));
    }

    /** One read per plate of a frame, ids {@code <uuid>-<plate index>}. */
    private List<VendorRead> results(JsonNode root, byte[] body) {
        JsonNode results = root.path("results");
        if (!results.isArray()) {
            throw Refusal.invalid("results", "must be an array");
        }
        String uuid = Fields.text(root, "uuid");
        VendorTime time = epoch(root, "epoch_time");
        Map<String, Object> frame = VendorJson.rest(root, Set.of("results", "data_type"));
        List<VendorRead> reads = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            Long index = Fields.whole(r, "plate_index");
            int n = index == null ? i : index.intValue();
            List<VendorRead.Image> images = new ArrayList<>();
            add(images, EmbeddedImages.decode("plate_crop_jpeg", Fields.text(r, "plate_crop_jpeg")));
            Map<String, Object> rest = new java.util.LinkedHashMap<>(VendorJson.rest(r, RESULT_MAPPED));
            rest.put("frame", frame);
            reads.add(new VendorRead(uuid == null ? EventIds.derived(FORMAT, body, n) : EventIds.of(FORMAT, uuid + "-" + n),
                    time, Fields.text(r, "plate"), Fields.confidence(Fields.number(r, "confidence"), true),
                    country(r, r), candidates(r.path("candidates")), null, null, null, null, null, images, rest));
        }
        return reads;
    }

    private static VendorHeartbeat heartbeat(JsonNode root) {
        boolean streaming = true;
        for (JsonNode stream : root.path("video_streams")) {
            streaming &= stream.path("is_streaming").asBoolean(true);
        }
        String status = !root.path("license_valid").asBoolean(true) ? "licence-invalid" : streaming ? "ok" : "not-streaming";
        Long queue = Fields.whole(root, "beanstalk_queue_size");
        String version = Fields.text(root, "agent_version");
        return new VendorHeartbeat(root.has("timestamp") ? epoch(root, "timestamp") : null, status,
                queue == null || queue < 0 || queue > Integer.MAX_VALUE ? null : queue.intValue(),
                version != null ? version : Fields.text(root, "openalpr_version"),
                Fields.whole(root, "disk_drive_free_bytes"),
                VendorJson.rest(root, Set.of("data_type", "timestamp")));
    }

    private static VendorTime epoch(JsonNode node, String field) {
        return VendorTime.of(VendorTimes.epoch(Fields.decimal(node.get(field)), field));
    }

    /** OpenALPR regions are "us-mo" (country, state) or, in older agents, a bare state ("mo"): only the former names a country. */
    private static String country(JsonNode group, JsonNode plate) {
        String region = Fields.text(group, "best_region");
        if (region == null) {
            region = Fields.text(plate, "region");
        }
        if (region != null && region.indexOf('-') == 2) {
            return Countries.alpha2(region);
        }
        return Countries.alpha2(Fields.text(group, "country"));
    }

    private static List<VendorRead.Candidate> candidates(JsonNode list) {
        List<VendorRead.Candidate> candidates = new ArrayList<>();
        for (JsonNode c : list) {
            String text = Fields.text(c, "plate");
            if (text != null) {
                candidates.add(new VendorRead.Candidate(text, Fields.confidence(Fields.number(c, "confidence"), true)));
            }
        }
        return candidates;
    }

    /** The box around four corner points, in pixels of the full frame. */
    private static VendorRead.PlateBox corners(JsonNode points) {
        if (!points.isArray() || points.isEmpty()) {
            return null;
        }
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (JsonNode p : points) {
            Double x = Fields.number(p, "x"), y = Fields.number(p, "y");
            if (x == null || y == null) {
                return null;
            }
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        return VendorRead.PlateBox.corners(minX, minY, maxX, maxY, VendorRead.PlateBox.Units.PIXELS, 0);
    }

    private static void add(List<VendorRead.Image> images, VendorRead.Image image) {
        if (image != null) {
            images.add(image);
        }
    }
}
