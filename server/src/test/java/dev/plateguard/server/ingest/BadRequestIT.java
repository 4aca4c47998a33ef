package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;

/**
 * Requests to {@code POST /api/v1/reads} that are wrong as a whole: credentials, content type, multipart
 * structure, part names and counts, body size. Exact status, problem+json, nothing stored.
 */
class BadRequestIT extends IngestSupport {

    private TestClient.Device device;
    private Stored before;

    @BeforeEach
    void newCamera() {
        device = client().device(admin());
        before = stored(device.cameraId());
    }

    private static String metadata() {
        return minimalMetadata(eventId(), aMinuteAgo(), "01A123BC");
    }

    private TestClient.Response postRaw(String contentType, byte[] body) {
        return client().post("/api/v1/reads", device.key(), contentType, body);
    }

    private void assertNothingStored() {
        assertNothingStored(before, device.cameraId());
    }

    // ---- credentials -----------------------------------------------------------------------------------------

    @Test
    void unknownDeviceKeyIs401() {
        var multipart = new TestClient.Multipart().json("metadata", metadata()).file("image", "p.jpg", "image/jpeg", jpeg(200, 60));
        String forged = "pgd_" + "A".repeat(43);
        var r = client().postMultipart("/api/v1/reads", forged, multipart);
        assertDetailProblem(r, 401, "device key");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.json().get("type").asString()).endsWith("/invalid-token");
        assertThat(r.json().has("properties")).as("no empty ProblemDetail internals in " + r).isFalse();
        assertNothingStored();
    }

    @Test
    void revokedDeviceKeyIs401AtOnce() {
        var ok = postMetadataOnly(device, metadata());
        assertThat(ok.status()).isEqualTo(201);
        var revoked = client().delete("/api/v1/cameras/" + device.cameraId() + "/keys/" + device.keyId(), admin().token());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        Stored afterFirst = stored(device.cameraId());

        var r = postRead(device, new TestClient.Multipart().json("metadata", metadata())
                .file("image", "p.jpg", "image/jpeg", jpeg(200, 60)));
        assertDetailProblem(r, 401, "device key");
        assertDetailProblem(postBatch(device, "{\"reads\":[" + metadata() + "]}"), 401, "device key");
        assertDetailProblem(client().postJson("/api/v1/heartbeat", device.key(), java.util.Map.of("status", "ok")), 401,
                "device key");
        assertNothingStored(afterFirst, device.cameraId());
    }

    @Test
    void missingOrNonBearerCredentialsAre401() {
        var multipart = new TestClient.Multipart().json("metadata", metadata());
        assertProblem(client().postMultipart("/api/v1/reads", null, multipart), 401);
        assertProblem(client().postMultipart("/api/v1/reads", "not-a-key", multipart), 401);
        assertNothingStored();
    }

    @Test
    void aPersonCannotPostReads() {
        String operator = person("OPERATOR").token();
        var r = client().postMultipart("/api/v1/reads", operator, new TestClient.Multipart().json("metadata", metadata()));
        assertProblem(r, 403);
        assertProblem(client().postMultipart("/api/v1/reads", admin().token(),
                new TestClient.Multipart().json("metadata", metadata())), 403);
    }

    // ---- content type ----------------------------------------------------------------------------------------

    @Test
    void xmlIsUnsupportedMediaType() {
        var r = postRaw("application/xml", "<read><eventId>x</eventId></read>".getBytes(StandardCharsets.UTF_8));
        assertDetailProblem(r, 415, "application/xml");
        assertNothingStored();
    }

    @Test
    void plainJsonToTheMultipartEndpointIsUnsupportedMediaType() {
        assertDetailProblem(postRaw("application/json", metadata().getBytes(StandardCharsets.UTF_8)), 415, "application/json");
        assertProblem(postRaw(null, metadata().getBytes(StandardCharsets.UTF_8)), 415);
        assertNothingStored();
    }

    // ---- multipart structure ---------------------------------------------------------------------------------

    @Test
    void bodyWithAnotherBoundaryThanDeclaredIsMalformed() {
        var multipart = new TestClient.Multipart().json("metadata", metadata()).file("image", "p.jpg", "image/jpeg", jpeg(200, 60));
        var r = postRaw("multipart/form-data; boundary=somethingelse", multipart.body());
        // The declared boundary never occurs in the body.
        assertDetailProblem(r, 400, "boundary not found");
        assertNothingStored();
    }

    @Test
    void garbageBodyWithMultipartContentTypeIsMalformed() {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        assertDetailProblem(postRaw("multipart/form-data; boundary=xyz", garbage), 400, "boundary not found");
        assertDetailProblem(postRaw("multipart/form-data; boundary=xyz",
                "--xyz\r\nno headers here".getBytes(StandardCharsets.UTF_8)), 400, "multipart");
        assertNothingStored();
    }

    @Test
    void multipartWithoutBoundaryParameterIsMalformed() {
        var multipart = new TestClient.Multipart().json("metadata", metadata());
        assertDetailProblem(postRaw("multipart/form-data", multipart.body()), 400, "multipart");
        assertNothingStored();
    }

    @Test
    void bodyCutOffBeforeTheClosingBoundaryIsMalformed() {
        var multipart = new TestClient.Multipart().json("metadata", metadata()).file("image", "p.jpg", "image/jpeg", jpeg(320, 120));
        byte[] body = multipart.body();
        assertDetailProblem(postRaw(multipart.contentType(), Arrays.copyOf(body, body.length - 200)), 400, "multipart");
        assertNothingStored();
    }

    @Test
    void emptyMultipartNeedsMetadata() {
        var r = postRaw("multipart/form-data; boundary=xyz", "--xyz--\r\n".getBytes(StandardCharsets.UTF_8));
        assertFieldProblem(r, 400, "metadata");
        assertNothingStored();
    }

    @Test
    void imagesWithoutMetadataAreRefused() {
        var r = postRead(device, new TestClient.Multipart().file("image", "p.jpg", "image/jpeg", jpeg(200, 60)));
        assertFieldProblem(r, 400, "metadata");
        assertNothingStored();
    }

    @Test
    void metadataTwiceIsRefused() {
        var r = postRead(device, new TestClient.Multipart().json("metadata", metadata()).json("metadata", metadata()));
        assertFieldProblem(r, 400, "metadata");
        assertNothingStored();
    }

    @Test
    void twoVideosAreRefused() {
        var r = postRead(device, new TestClient.Multipart().json("metadata", metadata())
                .file("video", "a.mp4", "video/mp4", mp4(1024)).file("video", "b.mp4", "video/mp4", mp4(1024)));
        assertFieldProblem(r, 400, "video");
        assertNothingStored();
    }

    @Test
    void unknownPartNameIsRefused() {
        var r = postRead(device, new TestClient.Multipart().json("metadata", metadata())
                .file("image", "p.jpg", "image/jpeg", jpeg(200, 60))
                .file("thumbnail", "t.jpg", "image/jpeg", jpeg(50, 20)));
        assertFieldProblem(r, 400, "thumbnail");
        assertNothingStored();
    }

    @Test
    void cameraPartIsUnknownToo() {
        var other = client().device(admin());
        var r = postRead(device, new TestClient.Multipart().json("metadata", metadata())
                .part("cameraId", null, null, String.valueOf(other.cameraId()).getBytes(StandardCharsets.UTF_8)));
        assertFieldProblem(r, 400, "cameraId");
        assertNothingStored();
    }

    // ---- counts and sizes ------------------------------------------------------------------------------------

    @Test
    void moreThanTenPartsIsTooLarge() {
        var multipart = new TestClient.Multipart().json("metadata", metadata());
        for (int i = 0; i < 10; i++) {
            multipart.file("image", "p" + i + ".jpg", "image/jpeg", jpeg(40, 20));
        }
        assertDetailProblem(postRead(device, multipart), 413, "parts");
        assertNothingStored();
    }

    @Test
    void moreThanTomcatsPartCountIsTooLarge() {
        var multipart = new TestClient.Multipart().json("metadata", metadata());
        for (int i = 0; i < 100; i++) {
            multipart.part("x" + i, null, "text/plain", new byte[] {'x'});
        }
        assertProblem(postRead(device, multipart), 413);
        assertNothingStored();
    }

    @Test
    void moreThanEightImagesIsTooLarge() {
        var multipart = new TestClient.Multipart().json("metadata", metadata());
        for (int i = 0; i < 9; i++) {
            multipart.file("image", "p" + i + ".jpg", "image/jpeg", jpeg(40, 20));
        }
        assertDetailProblem(postRead(device, multipart), 413, "images");
        assertNothingStored();
    }

    @Test
    void eightImagesAreAccepted() {
        var multipart = new TestClient.Multipart().json("metadata", metadata());
        for (int i = 0; i < 8; i++) {
            multipart.file("image", "p" + i + ".jpg", "image/jpeg", jpeg(40, 20));
        }
        var r = postRead(device, multipart);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(stored(device.cameraId()).links()).isEqualTo(before.links() + 8);
    }

    @Test
    void imageOverTheMultipartFileLimitIsTooLarge() {
        // 7 MB: over spring.servlet.multipart.max-file-size (6MB), under max-request-size (8MB).
        byte[] image = Arrays.copyOf(jpeg(320, 120), 7 * 1024 * 1024);
        var r = postRead(device, new TestClient.Multipart().json("metadata", metadata()).file("image", "big.jpg", "image/jpeg", image));
        assertProblem(r, 413);
        assertNothingStored();
    }

    @Test
    void requestOverTheMultipartRequestLimitIsTooLarge() throws Exception {
        // Five images of 1.9 MB each: every part is within its limit, the request (9.5 MB) is over 8 MB.
        var multipart = new TestClient.Multipart().json("metadata", metadata());
        for (int i = 0; i < 5; i++) {
            multipart.file("image", "p" + i + ".jpg", "image/jpeg", Arrays.copyOf(jpeg(320, 120), 1900 * 1024));
        }
        byte[] body = multipart.body();
        // The server answers from the declared length and closes the connection without reading 9.5 MB, so the
        // request is sent by hand: headers and the first 64 KB, then the answer is read (a client that kept
        // writing would see a reset and could lose the answer, which is TCP, not the server).
        var r = rawPost("/api/v1/reads", device.key(), multipart.contentType(), body.length,
                Arrays.copyOf(body, 64 * 1024));
        assertProblem(r, 413);
        assertNothingStored();
    }

    @Test
    void metadataFileOverTheJsonLimitIsTooLarge() {
        // Sent with a filename, the metadata is a file part and is measured by the ingest limit (2MB).
        String huge = "{\"eventId\":\"x\",\"pad\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        var r = postRead(device, new TestClient.Multipart()
                .file("metadata", "metadata.json", "application/json", huge.getBytes(StandardCharsets.UTF_8)));
        assertDetailProblem(r, 413, "metadata");
        assertNothingStored();
    }

    /** A minimal HTTP/1.1 exchange that sends only {@code prefix} of a body declared as {@code length} bytes. */
    private TestClient.Response rawPost(String path, String token, String contentType, long length, byte[] prefix)
            throws java.io.IOException {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(prefix);
            out.flush();
            var in = new java.io.BufferedInputStream(socket.getInputStream());
            String status = line(in);
            int code = Integer.parseInt(status.split(" ")[1]);
            java.util.Map<String, java.util.List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.computeIfAbsent(h.substring(0, colon).strip(), k -> new java.util.ArrayList<>())
                        .add(h.substring(colon + 1).strip());
            }
            var content = new java.io.ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", java.util.List.of("")).getFirst())) {
                for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                        size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                    content.write(in.readNBytes(size));
                    line(in);
                }
            } else if (headers.containsKey("Content-Length")) {
                content.write(in.readNBytes(Integer.parseInt(headers.get("Content-Length").getFirst())));
            }
            return new TestClient.Response(code, headers, content.toByteArray());
        }
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        var b = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Test
    void oversizedMetadataIsTooLarge() {
        // The metadata part is limited to max-json-bytes (2MB) whatever its content.
        String huge = "{\"eventId\":\"x\",\"pad\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        assertDetailProblem(postMetadataOnly(device, huge), 413, "metadata");
        assertNothingStored();
    }
}
