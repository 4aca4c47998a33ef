package dev.plateguard.server.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.users.UserRepository;

/** The one-time setup token: written only while no user exists, readable by the owner only, burnt after use. */
class SetupTokenTest {

    @TempDir
    Path dataDir;

    private SetupToken token(long userCount) {
        MockEnvironment env = new MockEnvironment().withProperty("plateguard.data-dir", dataDir.toString());
        PlateGuardProperties properties = Binder.get(env).bindOrCreate("plateguard", PlateGuardProperties.class);
        UserRepository users = mock(UserRepository.class);
        when(users.count()).thenReturn(userCount);
        return new SetupToken(properties, users);
    }

    @Test
    void writtenOwnerOnlyWhenThereAreNoUsers() throws IOException {
        SetupToken token = token(0);
        token.createIfNeeded();
        Path file = dataDir.resolve("setup-token");
        assertThat(token.file()).isEqualTo(file.toAbsolutePath());
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String secret = Files.readString(file).strip();
        assertThat(secret).startsWith("pgs_").hasSize(4 + 43);
        assertThat(dataDir.resolve("setup-token.tmp")).doesNotExist();
        assertThat(token.isPending()).isTrue();
    }

    @Test
    void onlyTheExactTokenMatches() throws IOException {
        SetupToken token = token(0);
        token.createIfNeeded();
        String secret = Files.readString(token.file()).strip();
        assertThat(token.matches(secret)).isTrue();
        assertThat(token.matches(" " + secret + "\n")).isTrue();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(secret.substring(0, secret.length() - 1))).isFalse();
        assertThat(token.matches(secret + "x")).isFalse();
        assertThat(token.matches(secret.toUpperCase())).isEqualTo(secret.equals(secret.toUpperCase()));
    }

    @Test
    void aRestartKeepsThePendingToken() throws IOException {
        SetupToken first = token(0);
        first.createIfNeeded();
        String secret = Files.readString(first.file());
        SetupToken second = token(0);
        second.createIfNeeded();
        assertThat(Files.readString(second.file())).isEqualTo(secret);
    }

    @Test
    void burntTokenNoLongerMatches() throws IOException {
        SetupToken token = token(0);
        token.createIfNeeded();
        String secret = Files.readString(token.file()).strip();
        token.burn();
        assertThat(token.file()).doesNotExist();
        assertThat(token.isPending()).isFalse();
        assertThat(token.matches(secret)).isFalse();
        // A file that is empty is no token either.
        Files.writeString(token.file(), "\n");
        assertThat(token.matches("")).isFalse();
    }

    @Test
    void noTokenOnceUsersExist() {
        SetupToken token = token(1);
        token.createIfNeeded();
        assertThat(token.file()).doesNotExist();
        assertThat(token.isPending()).isFalse();
        assertThat(token.matches("pgs_anything")).isFalse();
    }

    @Test
    void aBlankOrMalformedTokenFileIsReplacedAndNeverMatches() throws IOException {
        Files.writeString(dataDir.resolve("setup-token"), "\n");
        SetupToken token = token(0);
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(" ")).isFalse();
        token.createIfNeeded();
        String secret = Files.readString(token.file()).strip();
        assertThat(secret).startsWith("pgs_").hasSize(4 + 43);
        assertThat(token.matches(secret)).isTrue();
    }

    @Test
    void aPendingTokenLeftReadableByOthersIsLockedDownAtStart() throws IOException {
        SetupToken token = token(0);
        token.createIfNeeded();
        String secret = Files.readString(token.file());
        Files.setPosixFilePermissions(token.file(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        token(0).createIfNeeded();
        assertThat(Files.getPosixFilePermissions(token.file()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(token.file())).isEqualTo(secret);
    }
}
