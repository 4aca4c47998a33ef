package dev.plateguard.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data directory holds the database, evidence and the setup token: movements of people and the keys to them.
 * Everything PlateGuard creates there is readable by the server's own account only (directories 0700, files
 * 0600), whatever the process umask. On a file system without POSIX permissions nothing is changed.
 */
public final class DataDirectory {

    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DataDirectory() {
    }

    /**
     * Creates {@code dir} and any missing parents below {@code root} as owner-only directories, and makes
     * {@code root} and {@code dir} owner-only if they existed with wider modes.
     */
    public static Path createPrivate(Path root, Path dir) throws IOException {
        root = root.toAbsolutePath().normalize();
        dir = dir.toAbsolutePath().normalize();
        if (!POSIX) {
            return Files.createDirectories(dir);
        }
        Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        restrict(root, OWNER_ONLY_DIRECTORY);
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            if (!Files.isDirectory(current)) {
                try {
                    Files.createDirectory(current, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // created by a concurrent caller
                }
            }
            restrict(current, OWNER_ONLY_DIRECTORY);
        }
        return dir;
    }

    /** The attributes that create a file readable and writable by the owner only (none without POSIX). */
    public static FileAttribute<?>[] ownerOnlyFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.getPosixFilePermissions(path).equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }
}
