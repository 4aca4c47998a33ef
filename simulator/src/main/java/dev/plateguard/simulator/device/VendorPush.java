package dev.plateguard.simulator.device;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * A read as a vendor camera would push it to the server's receivers ({@code POST /api/v1/receivers/{format}},
 * docs/cameras/): a Hikvision ISAPI ANPR notification (XML and its two pictures, multipart) or an OpenALPR agent's
 * {@code alpr_group} (JSON, pictures in base64). Only what those formats carry goes along: plate, confidence,
 * candidates, time, speed, vehicle colour; no signal or occupants.
 */
public record VendorPush(String format, String contentType, byte[] body) {

    public enum Format { HIKVISION, OPENALPR }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static VendorPush of(ReadUpload upload, Format format) {
        return format == Format.HIKVISION ? hikvision(upload) : openAlpr(upload);
    }

    static VendorPush hikvision(ReadUpload upload) {
        ReadMetadata m = upload.metadata();
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
                <ipAddress>10.0.0.1</ipAddress><portNo>80</portNo><protocol>HTTP</protocol><channelID>1</channelID>
                """);
        xml.append("<dateTime>").append(m.capturedAt()).append("</dateTime>");
        xml.append("<activePostCount>1</activePostCount><eventType>ANPR</eventType><eventState>active</eventState>");
        xml.append("<eventDescription>ANPR</eventDescription><ANPR>");
        xml.append("<licensePlate>").append(m.plate() == null ? "unknown" : escape(m.plate().text())).append("</licensePlate>");
        xml.append("<confidenceLevel>").append(m.plate() == null || m.plate().confidence() == null ? 0
                : Math.round(m.plate().confidence() * 100)).append("</confidenceLevel>");
        xml.append("<direction>forward</direction><vehicleType>vehicle</vehicleType><vehicleInfo>");
        if (m.vehicle() != null && m.vehicle().color() != null) {
            xml.append("<color>").append(escape(m.vehicle().color())).append("</color>");
        }
        if (m.speedKmh() != null) {
            xml.append("<speed>").append(Math.round(m.speedKmh())).append("</speed>");
        }
        xml.append("</vehicleInfo><pictureInfoList>");
        xml.append("<pictureInfo><fileName>licensePlatePicture.jpg</fileName><type>licensePlatePicture</type>");
        if (m.plateBox() != null) {
            var b = m.plateBox();
            xml.append("<plateRect><X>").append(b.x()).append("</X><Y>").append(b.y()).append("</Y><width>")
                    .append(b.width()).append("</width><height>").append(b.height()).append("</height></plateRect>");
        }
        xml.append("</pictureInfo><pictureInfo><fileName>detectionPicture.jpg</fileName><type>detectionPicture</type>");
        xml.append("</pictureInfo></pictureInfoList></ANPR>");
        xml.append("<UUID>").append(escape(upload.eventId())).append("</UUID><picNum>2</picNum></EventNotificationAlert>");
        String boundary = "pgsimhik" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, boundary, "anpr.xml", "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
        part(out, boundary, "licensePlatePicture.jpg", "image/jpeg", upload.images().get(0).bytes());
        part(out, boundary, "detectionPicture.jpg", "image/jpeg", upload.images().get(1).bytes());
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new VendorPush("hikvision", "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    static VendorPush openAlpr(ReadUpload upload) {
        ReadMetadata m = upload.metadata();
        long epochMs = OffsetDateTime.parse(m.capturedAt()).toInstant().toEpochMilli();
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("data_type", "alpr_group");
        group.put("version", 2);
        group.put("epoch_start", epochMs);
        group.put("epoch_end", epochMs + 400);
        group.put("agent_uid", "plateguard-simulator");
        group.put("camera_id", upload.camera().id());
        group.put("best_uuid", upload.eventId());
        group.put("uuids", List.of(upload.eventId()));
        Map<String, Object> bestPlate = new LinkedHashMap<>();
        if (m.plate() != null) {
            group.put("best_plate_number", m.plate().text());
            group.put("best_confidence", m.plate().confidence() == null ? null : m.plate().confidence() * 100);
            if (m.plate().country() != null) {
                group.put("country", m.plate().country().toLowerCase(Locale.ROOT));
            }
            List<Map<String, Object>> candidates = new ArrayList<>();
            if (m.plate().candidates() != null) {
                for (var c : m.plate().candidates()) {
                    candidates.add(Map.of("plate", c.text(), "confidence", c.confidence() * 100, "matches_template", 1));
                }
            }
            group.put("candidates", candidates);
            bestPlate.put("plate", m.plate().text());
        }
        if (m.direction() != null) {
            group.put("travel_direction", m.direction().doubleValue());
        }
        group.put("is_preview", false);
        bestPlate.put("plate_crop_jpeg", Base64.getEncoder().encodeToString(upload.images().get(0).bytes()));
        group.put("best_plate", bestPlate);
        if (m.vehicle() != null && m.vehicle().color() != null) {
            group.put("vehicle", Map.of("color", List.of(Map.of("name", m.vehicle().color(), "confidence", 80.0))));
        }
        group.put("overview_jpeg", Base64.getEncoder().encodeToString(upload.images().get(1).bytes()));
        return new VendorPush("openalpr", "application/json", JSON.writeValueAsBytes(group));
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String type, byte[] bytes) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
