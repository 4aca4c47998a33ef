package dev.plateguard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs the benchmarks' accounts in as people do, second factor included: the first administrator's authenticator
 * secret comes from {@code POST /api/v1/setup}; an account that must enrol (403 with an {@code enrolmentToken}) enrols
 * through {@code POST /api/v1/me/totp} and its confirmation; codes are computed with java-otp as an authenticator app
 * does (RFC 6238: SHA-1, 6 digits, 30 s). The server takes each 30-second step once per account, within one step of
 * its clock, so a code is sent for the next unused acceptable step, waiting for the clock when none is left.
 */
final class Accounts {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long STEP_MILLIS = 30_000;
    private static final long MARGIN_MILLIS = 3_000;
    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator();

    private final HttpClient http;
    private final String url;
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, Long> lastStep = new HashMap<>();

    Accounts(HttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    /** Creates the first administrator with the setup token and keeps its authenticator, if the server gave one. */
    void setup(String setupToken, String username, String password) throws Exception {
        HttpResponse<String> r = post("/api/v1/setup", null,
                Map.of("token", setupToken, "username", username, "password", password));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("/api/v1/setup -> " + r.statusCode() + " " + r.body());
        }
        JsonNode body = JSON.readTree(r.body());
        if (body.hasNonNull("totpSecret")) {
            secrets.put(username, body.get("totpSecret").asString());
        }
    }

    /** A personal token for the account, enrolling a second factor first where the server asks for one. */
    synchronized String login(String username, String password) throws Exception {
        HttpResponse<String> r = post("/api/v1/tokens", null, credentials(username, password));
        if (r.statusCode() == 403 && JSON.readTree(r.body()).hasNonNull("enrolmentToken")) {
            enrol(username, JSON.readTree(r.body()).get("enrolmentToken").asString());
            r = post("/api/v1/tokens", null, credentials(username, password));
        }
        if (r.statusCode() != 201) {
            throw new IllegalStateException("sign-in of " + username + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("token").asString();
    }

    private void enrol(String username, String enrolmentToken) throws Exception {
        HttpResponse<String> started = post("/api/v1/me/totp", enrolmentToken, null);
        if (started.statusCode() != 200) {
            throw new IllegalStateException("enrolment of " + username + " -> " + started.statusCode() + " " + started.body());
        }
        secrets.put(username, JSON.readTree(started.body()).get("totpSecret").asString());
        lastStep.remove(username);
        HttpResponse<String> confirmed = post("/api/v1/me/totp/confirm", enrolmentToken, Map.of("code", code(username)));
        if (confirmed.statusCode() != 200) {
            throw new IllegalStateException("enrolment of " + username + " -> " + confirmed.statusCode() + " " + confirmed.body());
        }
    }

    private Map<String, String> credentials(String username, String password) throws InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        if (secrets.containsKey(username)) {
            body.put("code", code(username));
        }
        return body;
    }

    private String code(String username) throws InterruptedException {
        while (true) {
            long now = System.currentTimeMillis();
            long lowest = Math.floorDiv(now + MARGIN_MILLIS, STEP_MILLIS) - 1;
            long highest = Math.floorDiv(now, STEP_MILLIS) + 1;
            Long last = lastStep.get(username);
            long step = last == null ? lowest : Math.max(lowest, last + 1);
            if (step <= highest) {
                lastStep.put(username, step);
                return code(secrets.get(username), step);
            }
            Thread.sleep(Math.max(1, (step - 1) * STEP_MILLIS - now + 20));
        }
    }

    /** The code of a base32 secret at a 30-second step. */
    static String code(String secret, long step) {
        try {
            return TOTP.generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(secret), "HmacSHA1"),
                    Instant.ofEpochSecond(step * (STEP_MILLIS / 1000)));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
