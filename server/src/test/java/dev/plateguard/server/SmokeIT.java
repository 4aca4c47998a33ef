package dev.plateguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SmokeIT extends IntegrationTest {

    @Test
    void deviceStoresMultipartReadWithEvidenceAndOperatorSeesIt() {
        var admin = admin();
        var device = client().device(admin);
        String metadata = """
                {"eventId":"smoke-1","capturedAt":"%s","plate":{"text":"01 A 123 BC","confidence":0.97},
                 "plateBox":{"x":10,"y":10,"width":100,"height":30},"speedKmh":54.5,"lane":1}"""
                .formatted(OffsetDateTime.now(ZoneOffset.ofHours(5)).minusMinutes(1));
        var multipart = new TestClient.Multipart().json("metadata", metadata)
                .file("image", "plate.jpg", "image/jpeg", TestMedia.jpeg(320, 120, "01 A 123 BC", 1))
                .file("image", "overview.png", "image/png", TestMedia.png(640, 360, "overview", 2))
                .file("video", "clip.mp4", "video/mp4", TestMedia.mp4(4096, 3));
        var created = client().postMultipart("/api/v1/reads", device.key(), multipart);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        String operator = client().userToken(admin, "OPERATOR");
        var read = client().get("/api/v1/reads/" + id, operator);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("plate").asString()).isEqualTo("01A123BC");
        assertThat(read.json().get("plateDisplay").asString()).isEqualTo("01 A 123 BC");
        assertThat(read.json().get("cameraId").asLong()).isEqualTo(device.cameraId());
        assertThat(read.json().get("evidence")).hasSize(3);
    }
}
