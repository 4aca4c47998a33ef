package dev.plateguard.server.receivers;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.validation.Refusal;

/**
 * Dahua ITC traffic events, in the two JSON shapes Dahua cameras push: the RPC2 event stream
 * ({@code client.notifyEventStream}, {@code params.eventList[]} of {@code Traffic*} events) and the ITSAPI picture
 * upload ({@code Picture.Plate}, {@code Picture.SnapInfo}, base64 {@code NormalPic}/{@code VehiclePic}/{@code CutoutPic}),
 * whose keep-alive ({@code "Active": "keepAlive"}) is a heartbeat. The plate is in {@code TrafficCar.PlateNumber},
 * {@code Object.Text} (when the object is a plate) or {@code Plate.Text}; "", "--" and "unlicensed" mean none.
 * Time: {@code RealUTC} is the true epoch; {@code UTC} is the camera's local time written as an epoch and
 * {@code LocaleTime} local text, both read in the camera's clock zone. Boxes are in Dahua's 0–8191 grid
 * ({@code BoundingBox}) or pixels ({@code OriginalBoundingBox}); confidence is on 0–100 (values beyond are dropped).
 */
@Component
class DahuaDecoder implements VendorDecoder {

    static final String FORMAT = "dahua";

    private static final Set<String> NO_PLATE = Set.of("--", "unlicensed", "unknown", "无牌车", "无车牌", "no plate");

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
        if ("keepAlive".equalsIgnoreCase(Fields.text(root, "Active"))) {
            return Decoded.heartbeat(new VendorHeartbeat(null, "ok", null, null, null, VendorJson.map(root)));
        }
        if (root.has("Picture")) {
            return Decoded.reads(List.of(picture(root.get("Picture"), payload.body())));
        }
        JsonNode events = root.path("params").path("eventList");
        if (!events.isArray()) {
            if (root.has("Code") && root.has("Data")) {
                events = VendorJson.MAPPER.createArrayNode().add(root);
            } else {
                throw Refusal.invalid("params.eventList", "is required (an RPC2 notifyEventStream), or Picture (ITSAPI)");
            }
        }
        List<VendorRead> reads = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String code = Fields.text(event, "Code");
            if (code == null || !code.startsWith("Traffic") || !event.path("Data").isObject()) {
                ignored++;
                continue;
            }
            reads.add(traffic(event.get("Data"), payload.body(), i));
        }
        return new Decoded(reads, null, ignored);
    }

    private static VendorRead traffic(JsonNode data, byte[] body, int index) {
        JsonNode object = data.path("Object");
        boolean plateObject = "Plate".equalsIgnoreCase(Fields.text(object, "ObjectType"));
        String plate = Fields.text(data.path("TrafficCar"), "PlateNumber");
        if (plate == null && plateObject) {
            plate = Fields.text(object, "Text");
        }
        if (plate == null) {
            plate = Fields.text(data.path("Plate"), "Text");
        }
        Double confidence = plateObject ? Fields.number(object, "Confidence") : null;
        VendorRead.PlateBox box = plateObject ? box(object) : null;
        Long lane = Fields.whole(data, "Lane");
        Double speed = Fields.number(data.path("TrafficCar"), "Speed");
        String group = Fields.text(data, "GroupID");
        String event = Fields.text(data, "EventID");
        String eventId = group == null || event == null ? EventIds.derived(FORMAT, body, index)
                : EventIds.of(FORMAT, group + "-" + event + "-" + Fields.text(data, "IndexInGroup"));
        return new VendorRead(eventId, time(data), noPlate(plate) ? null : plate, Fields.confidence(confidence, true),
                null, null, box,
                new VendorRead.Vehicle(Fields.text(data.path("Vehicle"), "Category"),
                        Fields.text(data.path("TrafficCar"), "VehicleColor"), null),
                speed == null || speed <= 0 ? null : speed, null,
                lane == null || lane < 1 || lane > 16 ? null : lane.intValue(), List.of(), VendorJson.map(data));
    }

    private static VendorRead picture(JsonNode picture, byte[] body) {
        JsonNode plate = picture.path("Plate");
        JsonNode snap = picture.path("SnapInfo");
        List<VendorRead.Image> images = new ArrayList<>();
        for (String name : List.of("NormalPic", "VehiclePic", "CutoutPic")) {
            VendorRead.Image image = EmbeddedImages.decode(name, Fields.text(picture.path(name), "Content"));
            if (image != null) {
                images.add(image);
            }
        }
        boolean frameFirst = !images.isEmpty() && images.getFirst().name().equals("NormalPic");
        String text = Fields.text(plate, "PlateNumber");
        String time = Fields.text(snap, "AccurateTime");
        if (time == null) {
            time = Fields.text(snap, "SnapTime");
        }
        String device = Fields.text(snap, "DeviceID");
        String eventId = device == null || time == null ? EventIds.derived(FORMAT, body, 0) : EventIds.of(FORMAT, device + "-" + time);
        var rest = VendorJson.rest(picture, Set.of("NormalPic", "VehiclePic", "CutoutPic"));
        return new VendorRead(eventId, time == null ? null : VendorTimes.text(time, "SnapInfo.AccurateTime"),
                noPlate(text) ? null : text, Fields.confidence(Fields.number(plate, "Confidence"), true),
                Countries.alpha2(Fields.text(plate, "Region")), null, frameFirst ? pixels(plate.path("BoundingBox")) : null,
                null, null, null, null, images, rest);
    }

    private static VendorTime time(JsonNode data) {
        Long real = Fields.whole(data, "RealUTC");
        Long ms = Fields.whole(data, "UTCMS");
        if (real != null && real > 0) {
            return VendorTime.of(java.time.Instant.ofEpochSecond(real, ms == null ? 0 : ms * 1_000_000));
        }
        String locale = Fields.text(data, "LocaleTime");
        if (locale != null) {
            return VendorTimes.text(locale, "LocaleTime");
        }
        Long local = Fields.whole(data, "UTC");
        if (local == null) {
            throw Refusal.invalid("Data.UTC", "is required (or RealUTC, or LocaleTime)");
        }
        return VendorTime.local(LocalDateTime.ofEpochSecond(local, ms == null ? 0 : (int) (ms * 1_000_000), ZoneOffset.UTC));
    }

    private static VendorRead.PlateBox box(JsonNode object) {
        VendorRead.PlateBox pixels = pixels(object.path("OriginalBoundingBox"));
        if (pixels != null) {
            return pixels;
        }
        JsonNode grid = object.path("BoundingBox");
        if (!grid.isArray() || grid.size() != 4) {
            return null;
        }
        Double x1 = Fields.number(grid.get(0)), y1 = Fields.number(grid.get(1)), x2 = Fields.number(grid.get(2)), y2 = Fields.number(grid.get(3));
        if (x1 == null || y1 == null || x2 == null || y2 == null || x2 <= x1 || y2 <= y1) {
            return null;
        }
        return VendorRead.PlateBox.corners(x1, y1, x2, y2, VendorRead.PlateBox.Units.DAHUA_8192, 0);
    }

    private static VendorRead.PlateBox pixels(JsonNode corners) {
        if (!corners.isArray() || corners.size() != 4) {
            return null;
        }
        Double x1 = Fields.number(corners.get(0)), y1 = Fields.number(corners.get(1)), x2 = Fields.number(corners.get(2)), y2 = Fields.number(corners.get(3));
        if (x1 == null || y1 == null || x2 == null || y2 == null || x2 <= x1 || y2 <= y1) {
            return null;
        }
        return VendorRead.PlateBox.corners(x1, y1, x2, y2, VendorRead.PlateBox.Units.PIXELS, 0);
    }

    private static boolean noPlate(String text) {
        return text == null || NO_PLATE.contains(text.strip().toLowerCase(Locale.ROOT));
    }
}
