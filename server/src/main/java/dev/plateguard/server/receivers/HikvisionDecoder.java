package dev.plateguard.server.receivers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

import dev.plateguard.server.ingest.MultipartReader;
import dev.plateguard.server.validation.Refusal;

/**
 * Hikvision ISAPI event notifications, as a camera's "HTTP listening" / alarm host pushes them: an
 * {@code EventNotificationAlert} XML document, alone or as the {@code anpr.xml} part of a multipart form whose other
 * parts are the pictures named in {@code pictureInfoList}. {@code eventType} ANPR is a read; {@code heartBeat}, and
 * any event whose {@code eventState} is {@code inactive} (a videoloss "alarm" that is not one), is a heartbeat; other
 * event types are accepted and ignored. Confidence is on 0–100, {@code plateRect} is in pixels of the picture it is
 * given for, {@code dateTime} carries its offset. Vendor misspellings ({@code vehileSubLogoRecog}, {@code vehicelRect})
 * are kept as written among the stored vendor fields.
 */
@Component
class HikvisionDecoder implements VendorDecoder {

    static final String FORMAT = "hikvision";

    /** What cameras send as the plate text of a vehicle without a readable plate. */
    private static final Set<String> NO_PLATE = Set.of("unknown", "无车牌", "车牌", "noplate", "none");
    private static final Set<String> ANPR_MAPPED = Set.of("licensePlate", "confidenceLevel", "vehicleInfo",
            "pictureInfoList");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Decoded decode(VendorPayload payload) {
        byte[] xml;
        if (payload.multipart()) {
            xml = payload.part(HikvisionDecoder::isDocument)
                    .orElseThrow(() -> Refusal.invalid("anpr.xml", "the multipart notification has no XML part"))
                    .bytes();
        } else if (payload.xml() || "text/plain".equals(payload.mediaType())) {
            xml = payload.body();
        } else {
            throw VendorPayload.unsupported(FORMAT, payload.mediaType(),
                    "application/xml, or multipart/form-data with the XML and its pictures (HTTP host: XML, not JSON)");
        }
        Element alert = VendorXml.parse(xml, "EventNotificationAlert");
        if (!VendorXml.name(alert).equals("EventNotificationAlert")) {
            throw Refusal.invalid(VendorXml.name(alert), "is not an ISAPI EventNotificationAlert");
        }
        String type = VendorXml.text(alert, "eventType");
        if (type == null) {
            throw Refusal.invalid("eventType", "is required");
        }
        String state = VendorXml.text(alert, "eventState");
        String dateTime = VendorXml.text(alert, "dateTime");
        VendorTime time = dateTime == null ? null : VendorTimes.text(dateTime, "dateTime");
        if (type.equalsIgnoreCase("heartBeat") || "inactive".equalsIgnoreCase(state)) {
            Map<String, Object> details = VendorXml.map(alert, Set.of("dateTime"));
            return Decoded.heartbeat(new VendorHeartbeat(time, type.equalsIgnoreCase("heartBeat") ? "ok" : "ok:" + type,
                    null, null, null, details));
        }
        if (!type.equalsIgnoreCase("ANPR")) {
            return Decoded.oneIgnored(); // motion, line crossing…: not reads
        }
        return Decoded.reads(List.of(anpr(alert, time, payload, xml)));
    }

    private static VendorRead anpr(Element alert, VendorTime time, VendorPayload payload, byte[] xml) {
        Element anpr = VendorXml.child(alert, "ANPR")
                .orElseThrow(() -> Refusal.invalid("ANPR", "an ANPR event needs its ANPR element"));
        String plate = VendorXml.text(anpr, "licensePlate");
        if (plate != null && NO_PLATE.contains(plate.toLowerCase(Locale.ROOT))) {
            plate = null;
        }
        Double confidence = VendorXml.number(anpr, "confidenceLevel");
        List<VendorRead.Image> images = new ArrayList<>();
        VendorRead.PlateBox box = null;
        // The picture the plate box is given for goes first: the native read's box refers to its first image.
        List<Element> pictures = VendorXml.children(VendorXml.child(anpr, "pictureInfoList").orElse(null), "pictureInfo");
        for (Element picture : pictures) {
            Optional<VendorRead.Image> image = picture(payload, VendorXml.text(picture, "fileName"));
            if (image.isEmpty()) {
                continue;
            }
            VendorRead.PlateBox rect = rect(VendorXml.child(picture, "plateRect").orElse(null));
            if (rect != null && box == null) {
                box = rect;
                images.addFirst(image.get());
            } else {
                images.add(image.get());
            }
        }
        // Pictures the XML does not list (older firmware) are kept too, after the listed ones.
        for (MultipartReader.Part part : payload.pictures()) {
            if (images.stream().noneMatch(i -> i.bytes() == part.bytes())) {
                images.add(new VendorRead.Image(part.name(), part.bytes()));
            }
        }
        Element vehicle = VendorXml.child(anpr, "vehicleInfo").orElse(null);
        Double speed = vehicle == null ? null : VendorXml.number(vehicle, "speed");
        Map<String, Object> rest = VendorXml.map(alert, Set.of("ANPR", "dateTime", "UUID"));
        Map<String, Object> anprRest = new LinkedHashMap<>(VendorXml.map(anpr, ANPR_MAPPED));
        if (vehicle != null) {
            anprRest.put("vehicleInfo", VendorXml.map(vehicle, Set.of("color", "speed")));
        }
        rest.put("ANPR", anprRest);
        String uuid = VendorXml.text(alert, "UUID");
        return new VendorRead(uuid == null ? EventIds.derived(FORMAT, xml, 0) : EventIds.of(FORMAT, uuid), time, plate,
                Fields.confidence(confidence, true), null, null, box,
                new VendorRead.Vehicle(VendorXml.text(anpr, "vehicleType"),
                        vehicle == null ? null : VendorXml.text(vehicle, "color"), null),
                speed == null || speed <= 0 ? null : speed, null, null, images, rest);
    }

    private static boolean isDocument(MultipartReader.Part part) {
        String type = part.contentType() == null ? "" : part.contentType().toLowerCase(Locale.ROOT);
        String name = part.name().toLowerCase(Locale.ROOT);
        return type.contains("xml") || name.endsWith(".xml");
    }

    private static Optional<VendorRead.Image> picture(VendorPayload payload, String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        return payload.part(p -> fileName.equals(p.name()) || fileName.equals(p.filename()))
                .map(p -> new VendorRead.Image(fileName, p.bytes()));
    }

    /** {@code plateRect}: pixels, or fractions of the picture when every value is at most 1 (some firmware). */
    private static VendorRead.PlateBox rect(Element rect) {
        if (rect == null) {
            return null;
        }
        Double x = VendorXml.number(rect, "X"), y = VendorXml.number(rect, "Y"),
                w = VendorXml.number(rect, "width"), h = VendorXml.number(rect, "height");
        if (x == null || y == null || w == null || h == null || w <= 0 || h <= 0) {
            return null;
        }
        boolean fractions = x <= 1 && y <= 1 && w <= 1 && h <= 1;
        return new VendorRead.PlateBox(x, y, w, h,
                fractions ? VendorRead.PlateBox.Units.FRACTION : VendorRead.PlateBox.Units.PIXELS, 0);
    }
}
