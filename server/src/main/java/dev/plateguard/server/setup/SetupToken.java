package dev.plateguard.server.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.plateguard.server.DataDirectory;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.users.UserRepository;

/**
 * First-start bootstrap without default credentials: while no user exists, a one-time token sits in
 * {@code <data dir>/setup-token} (mode 0600), readable only by whoever runs the server.
 */
@Component
public class SetupToken {

    private static final Logger log = LoggerFactory.getLogger(SetupToken.class);
    private static final String PREFIX = "pgs_";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final UserRepository users;

    SetupToken(PlateGuardProperties properties, UserRepository users) {
        this.file = properties.dataDir().toAbsolutePath().normalize().resolve("setup-token");
        this.users = users;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIfNeeded() {
        if (users.count() > 0) {
            return;
        }
        try {
            if (read().isEmpty()) {
                // None yet, or a blank or malformed file (which must never act as a token): write a fresh one.
                DataDirectory.createPrivate(file.getParent(), file.getParent());
                Path tmp = file.resolveSibling("setup-token.tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(tmp, Secrets.generate(PREFIX) + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                // A pending token from an earlier start whose mode was loosened: readable by this account only.
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the setup token to " + file, e);
        }
        log.warn("No users yet. A one-time setup token is in {} (readable by this account only). "
                + "Use it at /setup or POST /api/v1/setup to create the first administrator.", file);
    }

    public boolean matches(String candidate) {
        Optional<String> token = read();
        return candidate != null && token.isPresent() && MessageDigest.isEqual(
                token.get().getBytes(StandardCharsets.UTF_8), candidate.strip().getBytes(StandardCharsets.UTF_8));
    }

    public boolean isPending() {
        return read().isPresent();
    }

    void burn() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    /** The pending token; empty when there is none or the file does not hold a well-formed one. */
    private Optional<String> read() {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()).filter(t -> Secrets.looksLike(t, PREFIX))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
