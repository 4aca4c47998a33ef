package dev.plateguard.server.outbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request (docs/outbound.md, "Verifying a delivery"):
 * {@code PlateGuard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. The key is the
 * secret exactly as shown ({@code pgw_…}, its UTF-8 bytes); the body is the raw request body. A receiver recomputes
 * it, compares in constant time, and refuses a timestamp too far from its own clock, so that a captured request
 * cannot be replayed later.
 */
public final class WebhookSignature {

    public static final String HEADER = "PlateGuard-Signature";
    /** Prefix of webhook signing secrets, for secret scanners. */
    public static final String SECRET_PREFIX = "pgw_";

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code time}. */
    public static String sign(String secret, Instant time, byte[] body) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(secret, t, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} under {@code secret}, made within
     * {@code tolerance} of {@code now}: what a receiver checks.
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long t = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2) {
                return false;
            }
            try {
                switch (kv[0]) {
                    case "t" -> t = Long.parseLong(kv[1]);
                    case "v1" -> given = HexFormat.of().parseHex(kv[1]);
                    default -> { } // later versions of the scheme sit beside v1
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (t == null || given == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, t, body), given);
    }

    private static byte[] mac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
