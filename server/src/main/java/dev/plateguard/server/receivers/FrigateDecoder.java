package dev.plateguard.server.receivers;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.validation.Refusal;

/**
 * Frigate NVR licence-plate recognition, from its MQTT topics. {@code frigate/events} sends {@code new}, {@code update}
 * and {@code end} messages for every tracked object; only {@code end} is a read (its {@code after} holds the best
 * plate, {@code recognized_license_plate}), so one object is one read. {@code frigate/tracked_object_update} messages
 * of {@code type} "lpr" are a read each. Times are float epoch seconds, scores 0–1; the label is not relied upon
 * (Frigate's own example puts a plate on a person). Frigate sends no pictures with these messages.
 */
@Component
class FrigateDecoder {

    static final String FORMAT = "frigate";

    private static final Set<String> EVENT_MAPPED = Set.of("id", "camera", "recognized_license_plate",
            "recognized_license_plate_score", "start_time", "snapshot", "thumbnail");

    /** A message's Frigate camera name (which PlateGuard camera it is, is configured) and what it held. */
    record Message(String camera, Decoded decoded) {
    }

    Message decode(byte[] message) {
        JsonNode root = VendorJson.object(message, "message");
        String type = Fields.text(root, "type");
        if (type == null) {
            throw Refusal.invalid("type", "is required (new, update, end or lpr)");
        }
        if (type.equals("lpr")) {
            String id = Fields.text(root, "id");
            if (id == null) {
                throw Refusal.invalid("id", "is required");
            }
            VendorRead read = new VendorRead(EventIds.of(FORMAT, id + "-lpr-" + Fields.text(root, "timestamp")),
                    VendorTime.of(VendorTimes.epoch(Fields.decimal(root.get("timestamp")), "timestamp")),
                    Fields.text(root, "plate"), Fields.confidence(Fields.number(root, "score"), false), null, null, null,
                    null, null, null, null, List.of(), VendorJson.rest(root, Set.of("type", "id", "plate", "score", "camera", "timestamp")));
            return new Message(Fields.text(root, "camera"), Decoded.reads(List.of(read)));
        }
        JsonNode after = root.path("after");
        if (!after.isObject()) {
            throw Refusal.invalid("after", "is required");
        }
        String camera = Fields.text(after, "camera");
        if (!type.equals("end")) {
            return new Message(camera, Decoded.oneIgnored()); // the object is still being tracked: its end follows
        }
        String id = Fields.text(after, "id");
        if (id == null) {
            throw Refusal.invalid("after.id", "is required");
        }
        JsonNode plate = after.path("recognized_license_plate");
        VendorRead read = new VendorRead(EventIds.of(FORMAT, id),
                VendorTime.of(VendorTimes.epoch(Fields.decimal(after.get("start_time")), "after.start_time")),
                Fields.text(plate), Fields.confidence(Fields.number(after, "recognized_license_plate_score"), false),
                null, null, null, null, null, null, null,
                List.of(), VendorJson.rest(after, EVENT_MAPPED));
        return new Message(camera, Decoded.reads(List.of(read)));
    }
}
