package dev.plateguard.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The password rules on their own: length first, then no username, no repetition, nothing common or derived from it. */
class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "short1!|at least 12",
            "elevenchars|at least 12",
            "password1234|common",
            "qwertyuiop12|common",
            "Password1234!|common",
            "P@ssw0rd1234|common",
            "p4ssw0rd2024|common",
            "!!Passw0rd!!|common",
            "4dm1n1strat0r|common",
            "2024tashkent|common",
            "Toshkent2024!|common",
            "letmein12345|common",
            "dragondragon|common",
            "trustno1trustno1|common",
            "1qaz2wsx3edc|common",
            "aaaaaaaaaaaaaa|repetitive",
            "abababababab|repetitive"})
    void refused(String password, String reason) {
        assertThat(policy.problem(password, "someone")).as(password).hasValueSatisfying(p -> assertThat(p.message()).contains(reason));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice|my name is alice, hi!",
            "alice|ALICE-in-wonderland-99",
            "bob.smith|xx bob.smith yy zz"})
    void passwordContainingTheUsernameIsRefused(String username, String password) {
        assertThat(policy.problem(password, username)).hasValueSatisfying(p -> assertThat(p.message()).contains("username"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "violet kettle under a sleepy moon", "Zq8#mW2!pL5x",
            "samarkand blue tiles at dawn", "my first car was a red lada"})
    void strongPassphrasesAreAccepted(String password) {
        assertThat(policy.problem(password, "someone")).as(password).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 257, 1000})
    void overlongIsRefused(int length) {
        java.util.Random random = new java.util.Random(length);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        String password = sb.toString();
        assertThat(policy.problem(password, "someone").isPresent()).isEqualTo(length > PasswordPolicy.MAX_LENGTH);
    }
}
