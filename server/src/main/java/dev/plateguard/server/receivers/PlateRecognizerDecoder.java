package dev.plateguard.server.receivers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.ingest.MultipartReader;
import dev.plateguard.server.validation.Refusal;

/**
 * Plate Recognizer Snapshot and Stream webhooks. The JSON comes as the body ("data only"), as the form field
 * {@code json} (Stream, url-encoded or multipart) or beside the picture in the multipart field {@code upload}
 * ("with image"). The document is the webhook ({@code hook} + {@code data}), a bare API response, or an array of
 * them (Stream output); {@code results} is an array, or one object in 2019 webhooks. Each result is a read: the
 * plate is a string, or {@code plate.props.plate[0].value} in vehicle detection mode. Scores are on 0–1, boxes are
 * {@code xmin…ymax} pixels of the uploaded picture, {@code timestamp} is UTC (with or without a Z, as documented).
 */
@Component
class PlateRecognizerDecoder implements VendorDecoder {

    static final String FORMAT = "platerecognizer";

    private static final Set<String> RESULT_MAPPED = Set.of("plate", "score", "box", "region", "candidates",
            "vehicle", "model_make", "color", "direction");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Decoded decode(VendorPayload payload) {
        byte[] json;
        List<VendorRead.Image> images = new ArrayList<>();
        if (payload.multipart()) {
            MultipartReader.Part part = payload.part(p -> p.name().equals("json"))
                    .orElseThrow(() -> Refusal.invalid("json", "the multipart webhook has no json field"));
            json = part.bytes();
            payload.part(p -> p.name().equals("upload")).ifPresent(upload -> images.add(new VendorRead.Image("upload", upload.bytes())));
        } else if ("application/x-www-form-urlencoded".equals(payload.mediaType())) {
            json = formField(VendorPayload.text(payload.body()), "json");
        } else if (payload.json()) {
            json = payload.body();
        } else {
            throw VendorPayload.unsupported(FORMAT, payload.mediaType(),
                    "application/json, multipart/form-data (json, upload) or a url-encoded json field");
        }
        JsonNode root = VendorJson.parse(json, "json", true);
        List<VendorRead> reads = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(documents::add);
        } else {
            documents.add(root.has("data") && root.get("data").isObject() ? root.get("data") : root);
        }
        int index = 0;
        for (JsonNode document : documents) {
            if (!document.isObject()) {
                throw Refusal.invalid("json", "must hold result objects");
            }
            index = document(document, json, index, images, reads);
        }
        return Decoded.reads(reads);
    }

    /** The reads of one API response; an empty one is a no-plate event (a read only when a picture came with it). */
    private int document(JsonNode document, byte[] json, int index, List<VendorRead.Image> images, List<VendorRead> reads) {
        JsonNode results = document.path("results");
        List<JsonNode> list = new ArrayList<>();
        if (results.isArray()) {
            results.forEach(list::add);
        } else if (results.isObject()) {
            list.add(results); // 2019 webhooks
        } else if (!results.isMissingNode() && !results.isNull()) {
            throw Refusal.invalid("results", "must be an array");
        }
        String time = Fields.text(document, "timestamp");
        VendorTime capturedAt = time == null ? null : utc(VendorTimes.text(time, "timestamp"));
        Map<String, Object> envelope = VendorJson.rest(document, Set.of("results"));
        if (list.isEmpty()) {
            reads.add(new VendorRead(EventIds.derived(FORMAT, json, index), capturedAt, null, null, null, null, null,
                    null, null, null, null, images, envelope));
            return index + 1;
        }
        for (JsonNode result : list) {
            reads.add(result(result, EventIds.derived(FORMAT, json, index++), capturedAt, images, envelope));
        }
        return index;
    }

    private static VendorRead result(JsonNode r, String eventId, VendorTime capturedAt, List<VendorRead.Image> images,
                                     Map<String, Object> envelope) {
        JsonNode plateNode = r.path("plate");
        String plate;
        Double score;
        String region;
        JsonNode box;
        if (plateNode.isObject()) { // vehicle detection mode
            JsonNode best = plateNode.path("props").path("plate").path(0);
            plate = Fields.text(best, "value");
            score = Fields.number(best, "score");
            region = Fields.firstText(plateNode.path("props").path("region"), "value");
            box = plateNode.path("box");
        } else {
            plate = Fields.text(plateNode);
            score = Fields.number(r, "score");
            region = Fields.text(r.path("region"), "code");
            box = r.path("box");
        }
        JsonNode vehicle = r.path("vehicle");
        String make = Fields.firstText(r.path("model_make"), "make");
        if (make == null) {
            make = Fields.firstText(vehicle.path("props").path("make_model"), "make");
        }
        String color = Fields.firstText(r.path("color"), "color");
        if (color == null) {
            color = Fields.firstText(vehicle.path("props").path("color"), "value");
        }
        Double direction = Fields.number(r, "direction"); // degrees, or "" in some Stream versions
        List<VendorRead.Candidate> candidates = new ArrayList<>();
        for (JsonNode c : r.path("candidates")) {
            String text = Fields.text(c, "plate");
            if (text != null) {
                candidates.add(new VendorRead.Candidate(text, Fields.confidence(Fields.number(c, "score"), false)));
            }
        }
        Map<String, Object> rest = new LinkedHashMap<>(VendorJson.rest(r, RESULT_MAPPED));
        rest.put("image", envelope);
        return new VendorRead(eventId, capturedAt, plate, Fields.confidence(score, false), Countries.alpha2(region),
                candidates, images.isEmpty() ? null : box(box),
                new VendorRead.Vehicle(Fields.text(vehicle, "type"), color, make), null,
                direction == null ? null : Math.floorMod(Math.round(direction), 360), null, images, rest);
    }

    /** Plate Recognizer documents its timestamp as UTC, also when it is written without a zone (SDK, vehicle mode). */
    private static VendorTime utc(VendorTime time) {
        return time.instant() != null ? time : VendorTime.of(time.local().toInstant(java.time.ZoneOffset.UTC));
    }

    private static VendorRead.PlateBox box(JsonNode box) {
        Double xmin = Fields.number(box, "xmin"), ymin = Fields.number(box, "ymin"),
                xmax = Fields.number(box, "xmax"), ymax = Fields.number(box, "ymax");
        if (xmin == null || ymin == null || xmax == null || ymax == null) {
            return null;
        }
        return VendorRead.PlateBox.corners(xmin, ymin, xmax, ymax, VendorRead.PlateBox.Units.PIXELS, 0);
    }

    private static byte[] formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            }
        }
        throw Refusal.invalid(name, "the form has no " + name + " field");
    }
}
