package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.evidence.ContentHash;

/** The happy path of {@code POST /api/v1/reads}: what a 201 promises is really stored, durably and as given. */
class MultipartIngestIT extends IngestSupport {

    @Test
    void jpegPngAndMp4ReadIsStoredWithEvidenceFilesAndRows() throws Exception {
        var device = client().device(admin());
        byte[] plate = jpeg(320, 120);
        byte[] overview = png(640, 360);
        byte[] clip = mp4(8192);
        String eventId = eventId();
        Stored before = stored(device.cameraId());

        var created = postRead(device, new TestClient.Multipart()
                .json("metadata", minimalMetadata(eventId, aMinuteAgo(), "01 a 123-bc"))
                .file("image", "plate.jpg", "image/jpeg", plate)
                .file("image", "overview.png", "image/png", overview)
                .file("video", "clip.mp4", "video/mp4", clip));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/v1/reads/" + id);
        assertThat(created.json().get("eventId").asString()).isEqualTo(eventId);
        assertThat(created.json().get("status").asString()).isEqualTo("created");
        assertThat(stored(device.cameraId())).isEqualTo(new Stored(before.reads() + 1, before.evidenceRows() + 3,
                before.links() + 3, before.files() + 3));

        // The row: normalised, classified, attributed to the key's camera and site.
        var row = jdbc.sql("""
                select camera_id, site_id, device_key_id, event_id, plate_text, plate_normalized, plate_folded,
                       plate_country, plate_format, plate_region from plate_read where id = ?""")
                .param(id).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10))).single();
        assertThat(row).containsExactly(device.cameraId(), device.siteId(), device.keyId(), eventId, "01 a 123-bc",
                "01A123BC", "01A1238C", "UZ", "UZ_PRIVATE", "Tashkent city");

        // Evidence rows in order, with the real types and sizes, and links of the right kinds.
        record Link(int ordinal, String sha, String kind, String type, long size, Integer width, Integer height) {
        }
        List<Link> links = jdbc.sql("""
                select re.ordinal, re.sha256, re.kind, f.content_type, f.size_bytes, f.width, f.height
                from read_evidence re join evidence_file f on f.sha256 = re.sha256 where re.read_id = ? order by re.ordinal""")
                .param(id).query((rs, n) -> new Link(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7))).list();
        assertThat(links).containsExactly(
                new Link(0, ContentHash.of(plate), "image", "image/jpeg", plate.length, 320, 120),
                new Link(1, ContentHash.of(overview), "image", "image/png", overview.length, 640, 360),
                new Link(2, ContentHash.of(clip), "video", "video/mp4", clip.length, null, null));

        // Files: content-addressed under evidence/ab/cd/<sha256>, bytes exactly as sent.
        assertStoredFile(plate);
        assertStoredFile(overview);
        assertStoredFile(clip);
        assertThat(DATA_DIR.resolve("evidence/incoming")).isEmptyDirectory();
    }

    @Test
    void everyMetadataFieldRoundTripsThroughTheReadsApi() {
        var device = client().device(admin());
        String eventId = eventId();
        String capturedAt = aMinuteAgo();
        String metadata = """
                {"eventId":"%s","capturedAt":"%s",
                 "plate":{"text":"01 A 123 BC","confidence":0.93,"country":"UZ",
                          "candidates":[{"text":"01A123BC","confidence":0.93},{"text":"01A128BC","confidence":0.41}]},
                 "plateBox":{"x":12,"y":20,"width":150,"height":40},
                 "vehicle":{"type":"car","color":"white","make":"Chevrolet"},
                 "speedKmh":72.5,"lane":2,"direction":270,
                 "signal":{"state":"red","redSince":"%s"},
                 "occupants":{"driverSeatbelt":{"value":false,"confidence":0.88},
                              "passengerSeatbelt":{"value":true,"confidence":0.7},
                              "phoneUse":{"value":true,"confidence":0.65}}}"""
                .formatted(eventId, capturedAt, ago(java.time.Duration.ofMinutes(2)));
        byte[] image = jpeg(320, 120);
        var created = postRead(device, new TestClient.Multipart().json("metadata", metadata)
                .file("image", "plate.jpg", "image/jpeg", image));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        String operator = person("OPERATOR").token();
        var read = client().get("/api/v1/reads/" + id, operator);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode json = read.json();
        assertThat(json.get("metadata")).isEqualTo(TestClient.JSON.readTree(metadata));
        assertThat(json.get("id").asLong()).isEqualTo(id);
        assertThat(json.get("eventId").asString()).isEqualTo(eventId);
        assertThat(json.get("cameraId").asLong()).isEqualTo(device.cameraId());
        assertThat(json.get("siteId").asLong()).isEqualTo(device.siteId());
        assertThat(java.time.Instant.parse(json.get("capturedAt").asString()))
                .isEqualTo(java.time.OffsetDateTime.parse(capturedAt).toInstant());
        assertThat(json.get("plateText").asString()).isEqualTo("01 A 123 BC");
        assertThat(json.get("plate").asString()).isEqualTo("01A123BC");
        assertThat(json.get("plateDisplay").asString()).isEqualTo("01 A 123 BC");
        assertThat(json.get("plateCountry").asString()).isEqualTo("UZ");
        assertThat(json.get("plateFormat").asString()).isEqualTo("UZ_PRIVATE");
        assertThat(json.get("plateRegion").asString()).isEqualTo("Tashkent city");
        assertThat(json.get("plateConfidence").asDouble()).isCloseTo(0.93, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.get("speedKmh").asDouble()).isEqualTo(72.5);
        JsonNode evidence = json.get("evidence");
        assertThat(evidence).hasSize(1);
        String sha = ContentHash.of(image);
        assertThat(evidence.get(0).get("sha256").asString()).isEqualTo(sha);
        assertThat(evidence.get(0).get("kind").asString()).isEqualTo("image");
        assertThat(evidence.get(0).get("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(evidence.get(0).get("sizeBytes").asLong()).isEqualTo(image.length);
        assertThat(evidence.get(0).get("width").asInt()).isEqualTo(320);
        assertThat(evidence.get(0).get("height").asInt()).isEqualTo(120);
        assertThat(evidence.get(0).get("url").asString()).isEqualTo("/api/v1/evidence/" + sha);
    }

    @Test
    void countryFromTheCameraBreaksTiesBetweenFormats() {
        // 01123ABC is both a Uzbek legal-entity plate and a Kyrgyz private plate.
        var device = client().device(admin());
        String kg = """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01 123 ABC","confidence":0.8,"country":"KG"}}"""
                .formatted(eventId(), aMinuteAgo());
        var created = postMetadataOnly(device, kg);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var unspecified = postMetadataOnly(device, minimalMetadata(eventId(), aMinuteAgo(), "01 123 ABC"));
        assertThat(unspecified.status()).as(unspecified.toString()).isEqualTo(201);

        assertThat(jdbc.sql("select plate_country from plate_read where id = ?").param(created.json().get("id").asLong())
                .query(String.class).single()).isEqualTo("KG");
        assertThat(jdbc.sql("select plate_country from plate_read where id = ?").param(unspecified.json().get("id").asLong())
                .query(String.class).single()).isEqualTo("UZ");
    }

    @Test
    void imageOnlyReadWithoutPlateIsAcceptedForLaterRecognition() throws Exception {
        var device = client().device(admin());
        byte[] image = jpeg(640, 360);
        Stored before = stored(device.cameraId());
        var created = postRead(device, new TestClient.Multipart()
                .json("metadata", """
                        {"eventId":"%s","capturedAt":"%s"}""".formatted(eventId(), aMinuteAgo()))
                .file("image", "overview.jpg", "image/jpeg", image));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(stored(device.cameraId())).isEqualTo(new Stored(before.reads() + 1, before.evidenceRows() + 1,
                before.links() + 1, before.files() + 1));
        assertThat(jdbc.sql("select plate_normalized is null and plate_text is null from plate_read where id = ?")
                .param(id).query(Boolean.class).single()).isTrue();
        assertStoredFile(image);
    }

    @Test
    void metadataOnlyMultipartNeedsAPlate() {
        var device = client().device(admin());
        Stored before = stored(device.cameraId());
        var response = postMetadataOnly(device, """
                {"eventId":"%s","capturedAt":"%s"}""".formatted(eventId(), aMinuteAgo()));
        assertFieldProblem(response, 400, "metadata.plate");
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void plateBoxNeedsAnImage() {
        var device = client().device(admin());
        Stored before = stored(device.cameraId());
        var response = postMetadataOnly(device, """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9},
                 "plateBox":{"x":1,"y":1,"width":10,"height":10}}""".formatted(eventId(), aMinuteAgo()));
        assertFieldProblem(response, 400, "metadata.plateBox");
        // A video is not an image either.
        response = postRead(device, new TestClient.Multipart().json("metadata", """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01A123BC","confidence":0.9},
                 "plateBox":{"x":1,"y":1,"width":10,"height":10}}""".formatted(eventId(), aMinuteAgo()))
                .file("video", "v.mp4", "video/mp4", mp4(1024)));
        assertFieldProblem(response, 400, "metadata.plateBox");
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void metadataOnlyMultipartWithPlateIsAccepted() {
        var device = client().device(admin());
        Stored before = stored(device.cameraId());
        var response = postMetadataOnly(device, minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(stored(device.cameraId())).isEqualTo(new Stored(before.reads() + 1, before.evidenceRows(),
                before.links(), before.files()));
    }

    @Test
    void evidenceSharedByTwoReadsIsStoredOnce() throws Exception {
        var device = client().device(admin());
        byte[] overview = jpeg(640, 360);
        Stored before = stored(device.cameraId());
        for (int i = 0; i < 2; i++) {
            var r = postRead(device, new TestClient.Multipart()
                    .json("metadata", minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()))
                    .file("image", "overview.jpg", "image/jpeg", overview));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        assertThat(stored(device.cameraId())).isEqualTo(new Stored(before.reads() + 2, before.evidenceRows() + 1,
                before.links() + 2, before.files() + 1));
        assertStoredFile(overview);
    }

    @Test
    void octetStreamAndMissingPartTypesAreJudgedByTheBytes() {
        var device = client().device(admin());
        byte[] image = png(200, 80);
        var created = postRead(device, new TestClient.Multipart()
                .json("metadata", minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()))
                .file("image", "a.bin", "application/octet-stream", image)
                .part("image", "b", null, jpeg(100, 40)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(jdbc.sql("select f.content_type from read_evidence re join evidence_file f on f.sha256 = re.sha256 "
                        + "where re.read_id = ? order by re.ordinal")
                .param(created.json().get("id").asLong()).query(String.class).list())
                .containsExactly("image/png", "image/jpeg");
    }

    @Test
    void cameraComesFromTheKeyNotFromTheBody() {
        var a = client().device(admin());
        var b = client().device(admin());
        Stored beforeB = stored(b.cameraId());
        // There is no camera field; naming one is an unknown field, and the read is not stored anywhere.
        var response = postMetadataOnly(a, """
                {"eventId":"%s","capturedAt":"%s","cameraId":%d,"plate":{"text":"01A123BC","confidence":0.9}}"""
                .formatted(eventId(), aMinuteAgo(), b.cameraId()));
        assertFieldProblem(response, 400, "metadata.cameraId");
        assertNothingStored(beforeB, b.cameraId());

        var ok = postMetadataOnly(a, minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(jdbc.sql("select camera_id from plate_read where id = ?").param(ok.json().get("id").asLong())
                .query(Long.class).single()).isEqualTo(a.cameraId());
    }
}
