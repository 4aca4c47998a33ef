package dev.plateguard.server.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.plateguard.server.InstallationKeys;

/**
 * The audit hash chain: HMAC-SHA256, under the installation key {@code audit-chain} (a file outside the database),
 * over a canonical encoding of one entry's stored fields, its position and the previous entry's hash. Without the
 * key nobody can compute the hash of an edited, inserted or re-linked entry, not even a database superuser.
 *
 * <p>The encoding is unambiguous: every field is tagged, strings are length-prefixed UTF-8 (null distinct from
 * empty), the time is microseconds since the epoch (PostgreSQL's precision) and {@code details} is the jsonb text
 * as PostgreSQL prints it, so the verifier recomputes exactly what the writer hashed.
 */
@Component
class AuditChain {

    static final String KEY_NAME = "audit-chain";
    static final int HASH_BYTES = 32;
    /** The "previous hash" of the first entry. */
    static final byte[] GENESIS = new byte[HASH_BYTES];

    private static final byte[] ENTRY_DOMAIN = "plateguard-audit-entry-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECKPOINT_DOMAIN = "plateguard-audit-checkpoint-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ANCHOR_DOMAIN = "plateguard-audit-anchor-v1".getBytes(StandardCharsets.US_ASCII);

    /** One entry as stored, with its chain columns. */
    record Entry(long id, OffsetDateTime occurredAt, String actorType, String actor, String action, String target,
                 String outcome, String clientIp, String details) {
    }

    private final SecretKeySpec key;

    @Autowired
    AuditChain(InstallationKeys keys) {
        this(keys.key(KEY_NAME));
    }

    AuditChain(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The hash of {@code entry} at position {@code seq} (1-based) following {@code prev}. */
    byte[] hash(long seq, Entry entry, byte[] prev) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(ENTRY_DOMAIN);
            out.writeLong(seq);
            out.writeLong(entry.id());
            out.writeLong(micros(entry.occurredAt().toInstant()));
            text(out, entry.actorType());
            text(out, entry.actor());
            text(out, entry.action());
            text(out, entry.target());
            text(out, entry.outcome());
            text(out, entry.clientIp());
            text(out, entry.details());
            out.writeInt(prev.length);
            out.write(prev);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mac(bytes.toByteArray());
    }

    /** The signature of a checkpoint line's content (a different domain, so it can never pass for an entry hash). */
    byte[] signCheckpoint(String content) {
        byte[] text = content.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[CHECKPOINT_DOMAIN.length + 1 + text.length];
        System.arraycopy(CHECKPOINT_DOMAIN, 0, message, 0, CHECKPOINT_DOMAIN.length);
        System.arraycopy(text, 0, message, CHECKPOINT_DOMAIN.length + 1, text.length);
        return mac(message);
    }

    /**
     * The signature of a purge anchor (a domain of its own): the chain's first kept entry, at position
     * {@code firstSeq} with id {@code firstId}, follows an entry whose hash was {@code prevHash}.
     */
    byte[] signAnchor(long firstSeq, long firstId, byte[] prevHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(ANCHOR_DOMAIN);
            out.writeLong(firstSeq);
            out.writeLong(firstId);
            out.writeInt(prevHash.length);
            out.write(prevHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mac(bytes.toByteArray());
    }

    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte(1);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private byte[] mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
