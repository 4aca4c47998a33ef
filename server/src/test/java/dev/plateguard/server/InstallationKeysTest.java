package dev.plateguard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class InstallationKeysTest {

    @TempDir
    Path data;

    private PlateGuardProperties properties(String keysDir) {
        var source = new MapConfigurationPropertySource();
        source.put("plateguard.data-dir", data.toString());
        if (keysDir != null) {
            source.put("plateguard.keys-dir", keysDir);
        }
        return new Binder(source).bindOrCreate("plateguard", PlateGuardProperties.class);
    }

    @Test
    void aKeyIsCreatedOwnerOnlyOnceAndReadBackByTheNextStart() throws Exception {
        byte[] first = new InstallationKeys(properties(null)).key("audit-chain");
        Path file = data.resolve("keys/audit-chain.key");
        assertThat(first).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(new InstallationKeys(properties(null)).key("audit-chain")).isEqualTo(first);
        assertThat(new InstallationKeys(properties(null)).key("notice-signing")).isNotEqualTo(first);
    }

    @Test
    void aConfiguredKeysDirectoryIsUsedAndABrokenKeyFileIsAClearError() throws Exception {
        Path elsewhere = data.resolve("mounted-secrets");
        Files.createDirectories(elsewhere);
        Files.writeString(elsewhere.resolve("audit-chain.key"), "not hex at all");
        InstallationKeys keys = new InstallationKeys(properties(elsewhere.toString()));
        assertThatThrownBy(() -> keys.key("audit-chain")).hasMessageContaining("audit-chain.key");
        assertThatThrownBy(() -> keys.key("../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThat(keys.key("notice-signing")).hasSize(32);
        assertThat(Files.exists(elsewhere.resolve("notice-signing.key"))).isTrue();
    }
}
