package dev.plateguard.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the PlateGuard API, as a camera or an integrator would use it. */
public class TestClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    /**
     * An administrator's bearer token, and a second administrator's ({@code approver}), who approves the role
     * grants this one asks for: roles that see personal data need two administrators.
     */
    public record Admin(String token, String approver) {

        public Admin(String token) {
            this(token, null);
        }
    }

    /** A camera with one device key. */
    public record Device(long siteId, long cameraId, long keyId, String key) {
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public TestClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Admin setupFirstAdmin(Path tokenFile) {
        try {
            String token = Files.readString(tokenFile).strip();
            Response created = postJson("/api/v1/setup", null, Map.of("token", token, "username", "admin", "password", PASSWORD));
            if (created.status() != 201) {
                throw new IllegalStateException("setup failed: " + created);
            }
            rememberSetupAuthenticator("admin", created);
            String first = login("admin", PASSWORD);
            // The first admin invites a second (ADMIN alone needs no approval), who approves the data roles.
            Response second = postJson("/api/v1/users", first, Map.of("username", "admin2", "password", PASSWORD,
                    "roles", List.of("ADMIN")));
            if (second.status() != 201) {
                throw new IllegalStateException("second admin: " + second);
            }
            return new Admin(first, login("admin2", PASSWORD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the authenticator that {@code POST /api/v1/setup} answered (where ADMIN needs one) to {@link TestAuthenticator}. */
    public void rememberSetupAuthenticator(String username, Response setup) {
        JsonNode body = setup.json();
        if (body.hasNonNull("totpSecret")) {
            TestAuthenticator.remember(base, username, body.get("totpSecret").asString());
            List<String> codes = new ArrayList<>();
            body.get("recoveryCodes").forEach(c -> codes.add(c.asString()));
            TestAuthenticator.rememberRecoveryCodes(base, username, codes);
        }
    }

    public String login(String username, String password) {
        return signIn(username, password).json().get("token").asString();
    }

    /**
     * {@code POST /api/v1/tokens} as a person would: with the current code of their authenticator when they have one,
     * and, when the server answers that they must enrol first (403 with an enrolment token), after enrolling one
     * through {@code POST /api/v1/me/totp} and its confirmation. Answers the 201 with the token.
     */
    public Response signIn(String username, String password) {
        Response r = postJson("/api/v1/tokens", null, credentials(username, password));
        if (r.status() == 403 && r.json().hasNonNull("enrolmentToken")) {
            enrol(username, r.json().get("enrolmentToken").asString());
            r = postJson("/api/v1/tokens", null, credentials(username, password));
        }
        if (r.status() != 201) {
            throw new IllegalStateException("login failed: " + r);
        }
        return r;
    }

    /** Username, password and, when the suite's authenticator has a secret for the user, a fresh code. */
    public Map<String, String> credentials(String username, String password) {
        return TestAuthenticator.knows(base, username)
                ? Map.of("username", username, "password", password, "code", TestAuthenticator.code(base, username))
                : Map.of("username", username, "password", password);
    }

    /** Enrols an authenticator with an enrolment token, as an app would; answers the recovery codes. */
    public List<String> enrol(String username, String enrolmentToken) {
        Response started = post("/api/v1/me/totp", enrolmentToken, null, new byte[0]);
        if (started.status() != 200) {
            throw new IllegalStateException("enrolment start failed: " + started);
        }
        TestAuthenticator.remember(base, username, started.json().get("totpSecret").asString());
        Response confirmed = postJson("/api/v1/me/totp/confirm", enrolmentToken,
                Map.of("code", TestAuthenticator.code(base, username)));
        if (confirmed.status() != 200) {
            throw new IllegalStateException("enrolment confirmation failed: " + confirmed);
        }
        List<String> codes = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(c -> codes.add(c.asString()));
        TestAuthenticator.rememberRecoveryCodes(base, username, codes);
        return codes;
    }

    /** Creates a user with the given roles (approved by the second administrator) and returns a personal token for them. */
    public String userToken(Admin admin, String... roles) {
        String username = unique("user").toLowerCase();
        Response r = createUser(admin, Map.of("username", username, "password", PASSWORD, "roles", List.of(roles)));
        if (r.status() != 201) {
            throw new IllegalStateException("user creation failed: " + r);
        }
        return login(username, PASSWORD);
    }

    /**
     * {@code POST /api/v1/users}; when the roles wait for a second administrator (202), {@code admin.approver()}
     * approves them and the answer is the account as a 201 would show it. Any other answer is returned as is.
     */
    public Response createUser(Admin admin, Object body) {
        return approved(admin, postJson("/api/v1/users", admin.token(), body), 201);
    }

    /** {@code PATCH /api/v1/users/{id}}, with a 202 approved as in {@link #createUser}. */
    public Response patchUser(Admin admin, long id, Object body) {
        return approved(admin, patchJson("/api/v1/users/" + id, admin.token(), body), 200);
    }

    private Response approved(Admin admin, Response r, int status) {
        if (r.status() != 202) {
            return r;
        }
        if (admin.approver() == null) {
            throw new IllegalStateException("roles wait for a second administrator, and this admin has none: " + r);
        }
        Response approval = post("/api/v1/role-grants/" + r.json().get("pendingGrantId").asLong() + "/approve",
                admin.approver(), null, new byte[0]);
        if (approval.status() != 200) {
            throw new IllegalStateException("approval failed: " + approval);
        }
        long id = r.json().get("id").asLong();
        for (JsonNode user : get("/api/v1/users", admin.token()).json()) {
            if (user.get("id").asLong() == id) {
                return new Response(status, r.headers(), JSON.writeValueAsBytes(user));
            }
        }
        throw new IllegalStateException("user " + id + " vanished");
    }

    /**
     * Puts a region and one of its cities on the managed list that sites name (tests isolate their review queues and
     * scopes in regions of their own); a region or city listed already is fine.
     */
    public String listRegion(Admin admin, String region, String city) {
        Response added = postJson("/api/v1/regions", admin.token(), Map.of("name", region));
        if (added.status() != 201 && added.status() != 409) {
            throw new IllegalStateException("region not listed: " + added);
        }
        Response cityAdded = postJson("/api/v1/cities", admin.token(), Map.of("region", region, "name", city));
        if (cityAdded.status() != 201 && cityAdded.status() != 409) {
            throw new IllegalStateException("city not listed: " + cityAdded);
        }
        return region;
    }

    public Device device(Admin admin) {
        Response site = postJson("/api/v1/sites", admin.token(), Map.of("name", unique("Site"), "city", "Tashkent",
                "region", "Tashkent city", "latitude", 41.298432, "longitude", 69.273013));
        if (site.status() != 201) {
            throw new IllegalStateException("site creation failed: " + site);
        }
        return device(admin, site.json().get("id").asLong());
    }

    public Device device(Admin admin, long siteId) {
        Response camera = postJson("/api/v1/cameras", admin.token(), Map.of("siteId", siteId, "name", unique("cam"),
                "kind", "anpr", "heading", 90, "lanes", List.of(1, 2), "speedLimitKmh", 60));
        if (camera.status() != 201) {
            throw new IllegalStateException("camera creation failed: " + camera);
        }
        long cameraId = camera.json().get("id").asLong();
        Response key = post("/api/v1/cameras/" + cameraId + "/keys", admin.token(), null, new byte[0]);
        if (key.status() != 201) {
            throw new IllegalStateException("key creation failed: " + key);
        }
        return new Device(siteId, cameraId, key.json().get("id").asLong(), key.json().get("key").asString());
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, Map.of());
    }

    public Response get(String path, String token, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, headers);
    }

    public Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), token, Map.of());
    }

    public Response postJson(String path, String token, Object body) {
        return post(path, token, "application/json", JSON.writeValueAsBytes(body));
    }

    public Response patchJson(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json"), token, Map.of());
    }

    public Response putJson(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json"), token, Map.of());
    }

    public Response post(String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, token, Map.of());
    }

    public Response postMultipart(String path, String token, Multipart multipart) {
        return post(path, token, multipart.contentType(), multipart.body());
    }

    public Response send(HttpRequest.Builder builder, String token, Map<String, String> headers) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<java.io.InputStream> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                // A live stream (server-sent events) never ends by itself: its status and headers are the answer.
                boolean live = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                return new Response(r.statusCode(), r.headers().map(), live ? new byte[0] : in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds multipart/form-data bodies by hand, so tests can also build broken ones. */
    public static class Multipart {

        private final String boundary = "pgboundary" + UUID.randomUUID().toString().replace("-", "");
        private final List<byte[]> chunks = new ArrayList<>();

        public Multipart json(String name, String json) {
            return part(name, null, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public Multipart file(String name, String filename, String contentType, byte[] bytes) {
            return part(name, filename, contentType, bytes);
        }

        public Multipart part(String name, String filename, String contentType, byte[] bytes) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(name).append('"');
            if (filename != null) {
                head.append("; filename=\"").append(filename).append('"');
            }
            head.append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("\r\n");
            chunks.add(head.toString().getBytes(StandardCharsets.UTF_8));
            chunks.add(bytes);
            chunks.add("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        public byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(out::writeBytes);
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }
}
