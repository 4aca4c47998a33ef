package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.plateguard.server.PlateGuardProperties;

/** Where master keys come from, and what the server refuses to start with. */
class FileMasterKeysTest {

    @TempDir
    Path dir;

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private PlateGuardProperties properties(String masterKey, Path keyFile) {
        var source = new MapConfigurationPropertySource();
        source.put("plateguard.data-dir", dir.resolve("data").toString());
        if (masterKey != null) {
            source.put("plateguard.evidence.master-key", masterKey);
        }
        if (keyFile != null) {
            source.put("plateguard.evidence.master-key-file", keyFile.toString());
        }
        return new Binder(source).bindOrCreate("plateguard", PlateGuardProperties.class);
    }

    private Path keyFile(String name, String content, String permissions) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void aFirstStartCreatesAnOwnerOnlyKeyFileBesideTheDataDirectoryAndKeepsIt() throws Exception {
        var keys = new FileMasterKeys(properties(null, null));
        Path file = dir.resolve("data-keys/evidence-master.key");
        assertThat(file).isRegularFile();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(file.startsWith(dir.resolve("data"))).isFalse();
        String content = Files.readString(file);

        var again = new FileMasterKeys(properties(null, null));
        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(again.activeKeyId()).isEqualTo(keys.activeKeyId());
        byte[] context = "evidence".getBytes(StandardCharsets.US_ASCII);
        byte[] wrapped = keys.wrap(keys.activeKeyId(), new byte[32], context);
        assertThat(again.unwrap(again.activeKeyId(), wrapped, context)).isEqualTo(new byte[32]);
    }

    @Test
    void theLastKeyIsActiveAndEarlierOnesStillUnwrap() throws Exception {
        Path file = keyFile("keys", "# comment\nold:" + key(1) + "\n\nnew:" + key(2) + "\n", "rw-------");
        var keys = new FileMasterKeys(properties(null, file));
        assertThat(keys.activeKeyId()).isEqualTo("new");
        assertThat(keys.keyIds()).containsExactlyInAnyOrder("old", "new");
        byte[] context = "c".getBytes(StandardCharsets.US_ASCII);
        byte[] wrapped = keys.wrap("old", new byte[] {1, 2, 3}, context);
        assertThat(keys.unwrap("old", wrapped, context)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> keys.unwrap("new", wrapped, context)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> keys.unwrap("old", wrapped, "other".getBytes(StandardCharsets.US_ASCII)))
                .as("bound to its context").isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> keys.unwrap("gone", wrapped, context)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("gone");
    }

    @Test
    void keysFromTheEnvironmentTakePrecedenceOverAnyFile() throws Exception {
        Path file = keyFile("keys", "file:" + key(3) + "\n", "rw-------");
        var keys = new FileMasterKeys(properties("a:" + key(4) + ",b:" + key(5), file));
        assertThat(keys.activeKeyId()).isEqualTo("b");
        assertThat(keys.keyIds()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aReloadPicksUpANewKeyForARotation() throws Exception {
        Path file = keyFile("keys", "one:" + key(1) + "\n", "rw-------");
        var keys = new FileMasterKeys(properties(null, file));
        Files.writeString(file, "one:" + key(1) + "\ntwo:" + key(2) + "\n");
        keys.reload();
        assertThat(keys.activeKeyId()).isEqualTo("two");
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        Path file = keyFile("keys", "k:" + key(1) + "\n", "rw-r--r--");
        assertThatThrownBy(() -> new FileMasterKeys(properties(null, file))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aKeyFileInsideTheDataDirectoryIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path file = dir.resolve("data/master.key");
        Files.writeString(file, "k:" + key(1) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> new FileMasterKeys(properties(null, file))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the data directory");
    }

    @Test
    void malformedKeysAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> new FileMasterKeys(properties("k:" + Base64.getEncoder().encodeToString(new byte[16]), null)))
                .hasMessageContaining("AES-256 needs 32");
        assertThatThrownBy(() -> new FileMasterKeys(properties("no key here", null))).hasMessageContaining("<id>:<base64");
        assertThatThrownBy(() -> new FileMasterKeys(properties("a:" + key(1) + ",a:" + key(2), null)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new FileMasterKeys(properties(null, dir.resolve("missing"))))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new FileMasterKeys(properties(null, keyFile("empty", "# nothing\n", "rw-------"))))
                .hasMessageContaining("No evidence master key");
    }

    @Test
    void theOrphanGraceDefaultIsKept() {
        assertThat(properties(null, null).evidence().orphanGrace()).isEqualTo(Duration.ofHours(1));
    }
}
