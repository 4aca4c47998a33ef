package dev.plateguard.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.identity.Secrets;

class MetricsSettingsTest {

    @Test
    void takesHashesOnlyAndNeverEchoesWhatItRefuses() {
        String token = Secrets.generate(Secrets.SCRAPE_TOKEN_PREFIX);
        String hash = HexFormat.of().formatHex(Secrets.hash(token));
        MetricsSettings settings = new MetricsSettings(Duration.ofSeconds(15), List.of(" " + hash.toUpperCase() + " ", ""));
        assertThat(settings.scrapeTokenSha256()).containsExactly(hash);
        assertThat(settings.scrapeTokenHashes()).singleElement().isEqualTo(Secrets.hash(token));
        // The token itself where its hash belongs: refused at start, and the message does not repeat it.
        assertThatThrownBy(() -> new MetricsSettings(Duration.ofSeconds(15), List.of(token)))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(token).contains("64 hex digits");
        assertThatThrownBy(() -> new MetricsSettings(Duration.ZERO, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MetricsSettings(Duration.ofSeconds(15), null).scrapeTokenHashes()).isEmpty();
    }
}
