package dev.plateguard.server.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.security.Secrets;
import dev.plateguard.server.users.UserRepository;

/**
 * First-start bootstrap without default credentials: while no user exists, a one-time token sits in
 * {@code <data dir>/setup-token} (mode 0600), readable only by whoever runs the server.
 */
@Component
public class SetupToken {

    private static final Logger log = LoggerFactory.getLogger(SetupToken.class);

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
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling("setup-token.tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Secrets.generate("pgs_") + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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

    private Optional<String> read() {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
