package dev.plateguard.server.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.identity.Secrets;

/** Fixtures shared by the security, users, setup and audit suites. Everything is created with unique names. */
public final class SecurityTestSupport {

    /** A person created through the user API, with one personal token. */
    public record Person(long id, String username, String password, String token, long tokenId) {
    }

    private SecurityTestSupport() {
    }

    /**
     * Creates a user with the given roles through POST /api/v1/users and signs them in through POST /api/v1/tokens
     * (enrolling a second factor where the roles require one; {@link dev.plateguard.server.TestAuthenticator} keeps it).
     */
    public static Person person(TestClient client, TestClient.Admin admin, String... roles) {
        String username = TestClient.unique("p").toLowerCase();
        var created = client.createUser(admin,
                Map.of("username", username, "password", TestClient.PASSWORD, "roles", List.of(roles)));
        if (created.status() != 201) {
            throw new IllegalStateException("user creation failed: " + created);
        }
        // Enrols a second factor first where the role requires one.
        var token = client.signIn(username, TestClient.PASSWORD);
        return new Person(created.json().get("id").asLong(), username, TestClient.PASSWORD,
                token.json().get("token").asString(), token.json().get("id").asLong());
    }

    /** Valid read metadata with an optional extra JSON member, e.g. {@code "cameraId": 7}. */
    public static String metadata(String eventId, String extraMember) {
        String captured = OffsetDateTime.now(ZoneOffset.ofHours(5)).minusMinutes(1).withNano(0).toString();
        return """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"01 A 123 BC","confidence":0.91}%s}"""
                .formatted(eventId, captured, extraMember == null ? "" : "," + extraMember);
    }

    public static String metadata(String eventId) {
        return metadata(eventId, null);
    }

    public static TestClient.Response postRead(TestClient client, String key, String metadata, byte[]... jpegs) {
        var multipart = new TestClient.Multipart().json("metadata", metadata);
        for (int i = 0; i < jpegs.length; i++) {
            multipart.file("image", "img" + i + ".jpg", "image/jpeg", jpegs[i]);
        }
        return client.postMultipart("/api/v1/reads", key, multipart);
    }

    public static byte[] jpeg(int seed) {
        return TestMedia.jpeg(200, 60, "01A123BC", seed);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-formed device key or personal token that was never issued. */
    public static String forgedSecret(String prefix) {
        return Secrets.generate(prefix);
    }
}
