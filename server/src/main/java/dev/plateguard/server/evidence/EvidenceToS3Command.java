package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

import dev.plateguard.server.PlateGuardProperties;

/**
 * {@code bin/plateguard evidence-to-s3 [--delete-local]}: copies the evidence files of the data directory into the
 * bucket of {@code plateguard.evidence.s3.*} (the server's own settings), and verifies every object: its bytes in
 * the bucket, read back, must hash as the local file does. Objects already in the bucket are verified the same way
 * and not written again, so an interrupted run is resumed by running it again. With {@code --delete-local}, a local
 * file goes once its copy is verified. No database is needed: the objects are copied as they are stored (encrypted),
 * their data keys stay where they are.
 *
 * <p>Prints one line per failure and a summary (moved, already there, verified, failed); exits 0 when every object
 * is verified, 1 when any failed, 2 when it cannot run.
 */
public final class EvidenceToS3Command {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int CANNOT_RUN = 2;

    private EvidenceToS3Command() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /** The settings the command needs, bound as the server binds them. Not a {@code @Configuration}: never scanned. */
    @EnableConfigurationProperties({PlateGuardProperties.class, EvidenceStorageSettings.class})
    static class Settings {
    }

    /** What a run did. */
    record Summary(int moved, int alreadyThere, int verified, int failed) {
        @Override
        public String toString() {
            return "moved " + moved + ", already there " + alreadyThere + ", verified " + verified + ", failed " + failed;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err, boolean ownLogging) {
        boolean deleteLocal = Arrays.asList(args).contains("--delete-local");
        String[] springArgs = Arrays.stream(args).filter(a -> !a.equals("--delete-local")).toArray(String[]::new);
        SpringApplication application = new SpringApplication(Settings.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        application.setDefaultProperties(Map.of("logging.level.root", "warn", "logging.level.dev.plateguard", "warn"));
        if (!ownLogging) {
            application.setListeners(application.getListeners().stream()
                    .filter(listener -> !(listener instanceof LoggingApplicationListener)).toList());
        }
        try (ConfigurableApplicationContext context = application.run(springArgs)) {
            PlateGuardProperties properties = context.getBean(PlateGuardProperties.class);
            EvidenceStorageSettings storage = context.getBean(EvidenceStorageSettings.class);
            FileSystemEvidenceObjects local = new FileSystemEvidenceObjects(properties);
            try (S3EvidenceObjects bucket = new S3EvidenceObjects(storage.s3(), storage.retryAfter())) {
                out.println("Evidence from " + properties.dataDir().toAbsolutePath().normalize().resolve("evidence")
                        + " to bucket " + storage.s3().bucket() + " (prefix '" + storage.s3().prefix() + "')");
                Summary summary = migrate(local, bucket, deleteLocal, out);
                out.println(summary);
                return summary.failed() == 0 ? DONE : FAILED;
            }
        } catch (RuntimeException | IOException e) {
            err.println("Cannot move evidence to S3: " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    static Summary migrate(FileSystemEvidenceObjects local, S3EvidenceObjects bucket, boolean deleteLocal, PrintStream out)
            throws IOException {
        List<String> names = new ArrayList<>();
        local.forEach(names::add);
        names.sort(null);
        int moved = 0;
        int alreadyThere = 0;
        int verified = 0;
        int failed = 0;
        for (String name : names) {
            try {
                Path file = local.path(name);
                byte[] bytes = Files.readAllBytes(file);
                String localHash = sha256(bytes);
                if (!EvidenceCipher.isEncrypted(bytes) && !localHash.equals(name)) {
                    // A file from before encryption is named by its own hash: this one was altered on disk.
                    out.println("FAILED " + name + ": the local file does not match its name; not copied");
                    failed++;
                    continue;
                }
                boolean there = bucket.exists(name);
                if (!there) {
                    bucket.put(name, bytes);
                }
                String stored;
                try (InputStream in = bucket.open(name)) {
                    stored = sha256(in);
                }
                if (!stored.equals(localHash)) {
                    out.println("FAILED " + name + ": the object in the bucket differs from the local file"
                            + (there ? " (it was there before this run)" : ""));
                    failed++;
                    continue;
                }
                verified++;
                if (there) {
                    alreadyThere++;
                } else {
                    moved++;
                }
                if (deleteLocal) {
                    Files.deleteIfExists(file);
                }
            } catch (EvidenceStoreUnavailable e) {
                out.println("FAILED " + name + ": " + e.getMessage() + "; stopped here: run again to resume");
                failed++;
                break;
            } catch (IOException | RuntimeException e) {
                out.println("FAILED " + name + ": " + e.getMessage());
                failed++;
            }
        }
        return new Summary(moved, alreadyThere, verified, failed);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
