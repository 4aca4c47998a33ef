package dev.plateguard.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import dev.plateguard.server.InstallationKeys;
import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.PlateGuardProperties;

/**
 * The notice signing key lives outside the database. An installation upgraded from one that kept it in table
 * {@code notice_key} carries that key over to the key file, so notices printed before still verify, and the
 * database no longer holds it.
 */
class NoticeKeyCarryOverIT extends IntegrationTest {

    @Test
    void anOldDatabaseKeyMovesToTheKeyFileAndPrintedCodesStillVerify() throws Exception {
        Path keysDir = Files.createTempDirectory("plateguard-keys-");
        InstallationKeys keys = new InstallationKeys(Binder.get(new MockEnvironment()
                        .withProperty("plateguard.data-dir", DATA_DIR.toString())
                        .withProperty("plateguard.keys-dir", keysDir.toString()))
                .bindOrCreate("plateguard", PlateGuardProperties.class));
        byte[] old = new byte[32];
        for (int i = 0; i < old.length; i++) {
            old[i] = (byte) (i * 7 + 3);
        }
        // What an earlier version left behind (the running server has already moved its own key out).
        assertThat(jdbc.sql("select count(*) from notice_key").query(Long.class).single()).isZero();
        jdbc.sql("insert into notice_key (id, secret) values (1, ?)").param(old).update();
        String printed = code(old, "N-2025-000123");

        VerificationCodes codes = new VerificationCodes(jdbc, keys);
        assertThat(codes.carryOver()).isEqualTo(old);
        assertThat(codes.matches("N-2025-000123", printed)).as("a notice printed before the upgrade").isTrue();
        assertThat(codes.codeFor("N-2025-000123")).isEqualTo(printed);
        Path file = keys.file("notice-signing");
        assertThat(HexFormat.of().parseHex(Files.readString(file).strip())).isEqualTo(old);
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(jdbc.sql("select count(*) from notice_key").query(Long.class).single()).as("gone from the database")
                .isZero();
        // A later start finds only the file, and keeps using it.
        assertThat(new VerificationCodes(jdbc, keys).carryOver()).isEqualTo(old);
    }

    @Test
    void theRunningServerSignsWithTheKeyFile() throws Exception {
        Path file = DATA_DIR.resolve("keys").resolve("notice-signing.key");
        // The running server carried over (nothing) at start and uses its key file.
        assertThat(file).exists();
        byte[] key = HexFormat.of().parseHex(Files.readString(file).strip());
        assertThat(jdbc.sql("select count(*) from notice_key").query(Long.class).single()).isZero();
        assertThat(key).hasSize(32);
    }

    private static String code(byte[] key, String number) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] digest = mac.doFinal(number.getBytes(StandardCharsets.US_ASCII));
        char[] alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            code.append(alphabet[(digest[i] & 0xff) % alphabet.length]);
        }
        return code.toString();
    }
}
