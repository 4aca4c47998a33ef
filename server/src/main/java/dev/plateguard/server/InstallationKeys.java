package dev.plateguard.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Secret keys that must not live in the database they protect (the audit chain key, the notice signing key): a
 * database dump or a superuser alone can then neither forge a notice nor rewrite the audit unseen.
 *
 * <p>Each key is a file {@code <keys dir>/<name>.key} holding 32 random bytes in hex, created owner-only (0600)
 * on first use. The directory defaults to {@code <data dir>/keys} and can point at a mounted secret store
 * ({@code PLATEGUARD_KEYS_DIR}); every node of one installation must see the same files.
 */
@Component
public class InstallationKeys {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");
    private static final int KEY_BYTES = 32;

    private final Path dataDir;
    private final Path dir;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    public InstallationKeys(PlateGuardProperties properties) {
        this.dataDir = properties.dataDir().toAbsolutePath().normalize();
        this.dir = properties.keysDir() == null ? dataDir.resolve("keys")
                : properties.keysDir().toAbsolutePath().normalize();
    }

    /** The key called {@code name}, created on first use. */
    public byte[] key(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Key names are lower-case words: " + name);
        }
        return loaded.computeIfAbsent(name, this::loadOrCreate).clone();
    }

    /**
     * Keeps {@code bytes} as the key called {@code name} unless a key file of that name already exists, and
     * answers the key now in force (the existing one, if there was one). For keys that move here from elsewhere
     * (the notice signing key used to be in the database) and must keep their value.
     */
    public byte[] importIfAbsent(String name, byte[] bytes) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Key names are lower-case words: " + name);
        }
        if (bytes == null || bytes.length < KEY_BYTES) {
            throw new IllegalArgumentException("An imported key needs at least " + KEY_BYTES + " bytes");
        }
        byte[] kept = load(name, bytes.clone());
        loaded.put(name, kept);
        return kept.clone();
    }

    /** Where the key called {@code name} is kept (for messages and documentation). */
    public Path file(String name) {
        return dir.resolve(name + ".key");
    }

    private byte[] loadOrCreate(String name) {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        return load(name, fresh);
    }

    /** The key in the file, which is first created holding {@code initial} if it does not exist. */
    private byte[] load(String name, byte[] initial) {
        Path file = file(name);
        try {
            if (dir.startsWith(dataDir)) {
                DataDirectory.createPrivate(dataDir, dir);
            } else {
                Files.createDirectories(dir);
            }
            if (!Files.exists(file)) {
                Path partial = Files.createTempFile(dir, name, ".tmp", DataDirectory.ownerOnlyFile());
                Files.writeString(partial, HexFormat.of().formatHex(initial) + "\n", StandardOpenOption.SYNC);
                try {
                    // A link, not a move: a concurrent first start on another node keeps whichever key came first.
                    Files.createLink(file, partial);
                } catch (FileAlreadyExistsException raced) {
                    // the other one won; read its key below
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            byte[] key = HexFormat.of().parseHex(Files.readString(file).strip());
            if (key.length < KEY_BYTES) {
                throw new IllegalStateException("Key file " + file + " holds fewer than " + KEY_BYTES + " bytes");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Key file " + file + " is not hex", e);
        }
    }
}
