package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.plateguard.server.DataDirectory;
import dev.plateguard.server.PlateGuardProperties;

/**
 * Master keys from configuration: {@code PLATEGUARD_EVIDENCE_MASTER_KEY} (the keys themselves), else the file
 * {@code PLATEGUARD_EVIDENCE_MASTER_KEY_FILE}, else a file created on first start beside the data directory
 * ({@code <data dir>-keys/evidence-master.key}), so that a copy of the data directory alone does not carry the key.
 *
 * <p>Each key is {@code <id>:<base64 of 32 random bytes>}, one per line in a file (or comma-separated in the
 * variable); the last is the active key. A file must be readable by its owner only (0600) and must lie outside the
 * data directory: otherwise the server refuses to start.
 */
final class FileMasterKeys implements MasterKeys {

    private static final Logger log = LoggerFactory.getLogger(FileMasterKeys.class);

    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9._-]{1,64}):([A-Za-z0-9+/=]+)");
    private static final int KEY_BYTES = 32;

    private final String inline;
    private final Path file;
    private final Path dataDir;
    private volatile Keys keys;

    private record Keys(String active, Map<String, Aead> aeads) {
    }

    FileMasterKeys(PlateGuardProperties properties) {
        this.dataDir = properties.dataDir().toAbsolutePath().normalize();
        PlateGuardProperties.Evidence evidence = properties.evidence();
        this.inline = evidence.masterKey() == null || evidence.masterKey().isBlank() ? null : evidence.masterKey();
        if (inline != null) {
            this.file = null;
        } else if (evidence.masterKeyFile() != null) {
            this.file = evidence.masterKeyFile().toAbsolutePath().normalize();
        } else {
            this.file = defaultFile(dataDir);
            createIfAbsent(file);
        }
        reload();
    }

    /** Where the embedded default keeps its master key: next to the data directory, never in it. */
    static Path defaultFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-keys").resolve("evidence-master.key");
    }

    @Override
    public String activeKeyId() {
        return keys.active();
    }

    @Override
    public Set<String> keyIds() {
        return keys.aeads().keySet();
    }

    @Override
    public byte[] wrap(String keyId, byte[] dataKey, byte[] context) throws GeneralSecurityException {
        return aead(keyId).encrypt(dataKey, context);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped, byte[] context) throws GeneralSecurityException {
        return aead(keyId).decrypt(wrapped, context);
    }

    private Aead aead(String keyId) throws GeneralSecurityException {
        Aead aead = keys.aeads().get(keyId);
        if (aead == null) {
            throw new GeneralSecurityException("master key " + keyId + " is not configured");
        }
        return aead;
    }

    @Override
    public synchronized void reload() {
        String text;
        String source;
        if (inline != null) {
            text = inline.replace(',', '\n');
            source = "PLATEGUARD_EVIDENCE_MASTER_KEY";
        } else {
            checkFile(file);
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the evidence master key file " + file, e);
            }
            source = file.toString();
        }
        this.keys = parse(text, source);
        log.info("Evidence master keys from {}: {} (active {})", inline != null ? source : file, keys.aeads().keySet(),
                keys.active());
    }

    static Keys parse(String text, String source) {
        Map<String, Aead> aeads = new LinkedHashMap<>();
        String active = null;
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalStateException("Evidence master key " + lineNumber + " in " + source
                        + " is not <id>:<base64 of 32 bytes>");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Evidence master key " + m.group(1) + " in " + source + " is not base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalStateException("Evidence master key " + m.group(1) + " in " + source + " has "
                        + key.length + " bytes; AES-256 needs " + KEY_BYTES);
            }
            if (aeads.containsKey(m.group(1))) {
                throw new IllegalStateException("Evidence master key id " + m.group(1) + " appears twice in " + source);
            }
            try {
                aeads.put(m.group(1), new AesGcmJce(key));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Evidence master key " + m.group(1) + " is unusable", e);
            }
            active = m.group(1);
        }
        if (active == null) {
            throw new IllegalStateException("No evidence master key in " + source);
        }
        return new Keys(active, Map.copyOf(aeads));
    }

    private void checkFile(Path keyFile) {
        if (keyFile.startsWith(dataDir)) {
            throw new IllegalStateException("The evidence master key file " + keyFile + " lies inside the data directory "
                    + dataDir + ": a copy of the data would carry its key. Move it elsewhere.");
        }
        if (!Files.isRegularFile(keyFile)) {
            throw new IllegalStateException("The evidence master key file " + keyFile + " does not exist");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(keyFile, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions;
            try {
                permissions = posix.readAttributes().permissions();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!DataDirectory.OWNER_ONLY_FILE.containsAll(permissions)) {
                throw new IllegalStateException("The evidence master key file " + keyFile + " is readable by others ("
                        + java.nio.file.attribute.PosixFilePermissions.toString(permissions) + "); chmod 600 it");
            }
        }
    }

    /** A first start creates the key file, owner-only; of several starting at once, the first one's key is kept. */
    private static void createIfAbsent(Path keyFile) {
        if (Files.exists(keyFile)) {
            return;
        }
        try {
            Path dir = keyFile.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        DataDirectory.OWNER_ONLY_DIRECTORY));
            }
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            String id = "k" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "-1";
            Path partial = Files.createTempFile(dir, "evidence-master", ".tmp", DataDirectory.ownerOnlyFile());
            Files.writeString(partial, """
                    # PlateGuard evidence master keys, one per line: <id>:<base64 of 32 random bytes>.
                    # The last line is the active key; earlier ones only unwrap data keys until a rotation has
                    # re-wrapped them (docs/security.md, "Evidence at rest"). Keep this file out of backups of the
                    # data directory, or on a separate secret store.
                    %s:%s
                    """.formatted(id, Base64.getEncoder().encodeToString(key)), StandardOpenOption.SYNC);
            try {
                Files.createLink(keyFile, partial);
                log.warn("Created the evidence master key file {}: keep it safe and apart from backups of the data; "
                        + "without it no evidence can be read", keyFile);
            } catch (FileAlreadyExistsException raced) {
                // another start won; its key stands
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the evidence master key file " + keyFile, e);
        }
    }
}
