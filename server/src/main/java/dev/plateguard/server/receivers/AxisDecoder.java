package dev.plateguard.server.receivers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.ingest.MultipartReader;
import dev.plateguard.server.validation.Refusal;

/**
 * AXIS License Plate Verifier (FF Group "fflprapp") HTTP push: the event JSON as the body or as the multipart field
 * {@code event} beside {@code image} parts, pictures possibly embedded as {@code ImageArray[].BinaryImage}; the
 * ONVIF event XML ({@code ALPV.AllPlates}); and the heartbeat service's JSON (single-quoted, as published). Every
 * value is a string. Time: {@code capture_timestamp} (epoch ms, UTC), else {@code capture_ts} (ns), else
 * {@code datetime} ({@code YYYYMMDD HHMMSSFFF}, local unless it ends in an offset). {@code plateCoordinates} is
 * {@code [left, top, width, height]} in pixels of the full picture; a picture of {@code imageType} "plate" is the
 * crop, so the box is then kept only among the vendor fields. Countries are alpha-3; confidence is on 0–1.
 */
@Component
class AxisDecoder implements VendorDecoder {

    static final String FORMAT = "axis";

    private static final Set<String> EVENT_MAPPED = Set.of("plateText", "plateUnicode", "plateUTF8", "plateASCII",
            "plateConfidence", "plateCountry", "capture_timestamp", "capture_ts", "datetime", "ImageArray",
            "vehicle_info", "imageFile", "imageFile2");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Decoded decode(VendorPayload payload) {
        List<VendorRead.Image> images = new ArrayList<>();
        byte[] document;
        if (payload.multipart()) {
            MultipartReader.Part event = payload.part(p -> p.name().equals("event") || p.name().equals("json"))
                    .orElseThrow(() -> Refusal.invalid("event", "the multipart push has no event field"));
            document = event.bytes();
            for (MultipartReader.Part part : payload.pictures()) {
                images.add(new VendorRead.Image(part.name(), part.bytes()));
            }
        } else if (payload.json() || payload.xml()) {
            document = payload.body();
        } else {
            throw VendorPayload.unsupported(FORMAT, payload.mediaType(),
                    "application/json, multipart/form-data (event, image) or ONVIF event XML");
        }
        if (payload.xml() || startsLikeXml(document)) {
            return onvif(VendorXml.parse(document, "event"), document);
        }
        JsonNode event = VendorJson.object(document, "event");
        if (event.has("identify") || event.has("ALPV") || event.has("system") && !event.has("plateText")) {
            return Decoded.heartbeat(heartbeat(event));
        }
        return Decoded.reads(List.of(event(event, images, document)));
    }

    private static VendorRead event(JsonNode event, List<VendorRead.Image> images, byte[] document) {
        String plate = Fields.text(event, "plateUTF8");
        if (plate == null) {
            plate = Fields.text(event, "plateText");
        }
        for (JsonNode embedded : event.path("ImageArray")) {
            VendorRead.Image image = EmbeddedImages.decode("ImageArray", Fields.text(embedded, "BinaryImage"));
            if (image != null) {
                images.add(image);
            }
        }
        JsonNode coordinates = event.path("plateCoordinates");
        VendorRead.PlateBox box = null;
        if (!"plate".equalsIgnoreCase(Fields.text(event, "imageType")) && coordinates.isArray() && coordinates.size() == 4) {
            Double left = Fields.number(coordinates.get(0)), top = Fields.number(coordinates.get(1)),
                    width = Fields.number(coordinates.get(2)), height = Fields.number(coordinates.get(3));
            if (left != null && top != null && width != null && height != null && width > 0 && height > 0) {
                box = new VendorRead.PlateBox(left, top, width, height, VendorRead.PlateBox.Units.PIXELS, 0);
            }
        }
        JsonNode vehicle = event.path("vehicle_info");
        String serial = Fields.text(event.path("camera_info"), "SerialNumber");
        String carId = Fields.text(event, "carID");
        String packet = Fields.text(event, "packetCounter");
        String eventId = carId == null || packet == null ? EventIds.derived(FORMAT, document, 0)
                : EventIds.of(FORMAT, (serial == null ? "" : serial + "-") + carId + "-" + packet);
        return new VendorRead(eventId, time(event), plate,
                Fields.confidence(Fields.number(event, "plateConfidence"), false),
                Countries.alpha2(Fields.text(event, "plateCountry")), null, box,
                new VendorRead.Vehicle(Fields.text(vehicle, "type"), Fields.text(vehicle, "color"), null),
                null, null, null, images, VendorJson.rest(event, EVENT_MAPPED));
    }

    private static VendorTime time(JsonNode event) {
        if (Fields.decimal(event.get("capture_timestamp")) != null) {
            return VendorTime.of(VendorTimes.epoch(Fields.decimal(event.get("capture_timestamp")), "capture_timestamp"));
        }
        if (Fields.decimal(event.get("capture_ts")) != null) {
            return VendorTime.of(VendorTimes.epoch(Fields.decimal(event.get("capture_ts")), "capture_ts"));
        }
        String local = Fields.text(event, "datetime");
        if (local == null) {
            throw Refusal.invalid("capture_timestamp", "is required (or capture_ts, or datetime)");
        }
        return VendorTimes.text(local, "datetime");
    }

    /** The ONVIF metadata event of the ALPV.AllPlates topic: the same fields as SimpleItem name/value pairs. */
    private static Decoded onvif(Element root, byte[] document) {
        Element message = descendant(root, "Message");
        if (message == null || message.getAttribute("UtcTime").isEmpty() && descendant(message, "Data") == null) {
            throw Refusal.invalid("Message", "the ONVIF event has no tt:Message");
        }
        Map<String, Object> items = new java.util.LinkedHashMap<>();
        Element data = descendant(message, "Data");
        for (Element item : data == null ? List.<Element>of() : VendorXml.children(data, "SimpleItem")) {
            items.put(item.getAttribute("Name"), item.getAttribute("Value"));
        }
        String plate = (String) items.remove("text");
        String capture = (String) items.get("capture_timestamp");
        VendorTime time = capture != null && !capture.isBlank()
                ? VendorTime.of(VendorTimes.epoch(new java.math.BigDecimal(capture.strip()), "capture_timestamp"))
                : VendorTimes.text(message.getAttribute("UtcTime"), "UtcTime");
        VendorRead.PlateBox box = null;
        try {
            double left = Double.parseDouble(String.valueOf(items.get("left"))), top = Double.parseDouble(String.valueOf(items.get("top")));
            double width = Double.parseDouble(String.valueOf(items.get("width"))), height = Double.parseDouble(String.valueOf(items.get("height")));
            box = width > 0 && height > 0 ? new VendorRead.PlateBox(left, top, width, height, VendorRead.PlateBox.Units.PIXELS, 0) : null;
        } catch (NumberFormatException e) {
            // no box
        }
        String carId = (String) items.get("carID");
        String eventId = carId == null ? EventIds.derived(FORMAT, document, 0)
                : EventIds.of(FORMAT, "onvif-" + carId + "-" + items.getOrDefault("carState", "") + "-" + capture);
        items.put("topic", textOf(descendant(root, "Topic")));
        return Decoded.reads(List.of(new VendorRead(eventId, time, plate, null,
                Countries.alpha2((String) items.get("country")), null, box, null, null, null, null, List.of(), items)));
    }

    private static VendorHeartbeat heartbeat(JsonNode beat) {
        String time = Fields.text(beat.path("system"), "timestamp");
        String version = Fields.text(beat.path("identify"), "anprVersion");
        if (version == null) {
            version = Fields.text(beat.path("ALPV"), "version");
        }
        return new VendorHeartbeat(time == null ? null : VendorTimes.text(time, "system.timestamp"), "ok", null,
                version, null, VendorJson.rest(beat, Set.of("system")));
    }

    private static boolean startsLikeXml(byte[] document) {
        for (byte b : document) {
            if (b == '<') {
                return true;
            }
            if (!Character.isWhitespace(b) && (b & 0xff) != 0xef && (b & 0xff) != 0xbb && (b & 0xff) != 0xbf) {
                return false;
            }
        }
        return false;
    }

    private static Element descendant(Element root, String localName) {
        var nodes = root.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static String textOf(Element e) {
        return e == null ? null : e.getTextContent().strip();
    }
}
