package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Frigate MQTT messages: events (a read at the end of a tracked object) and LPR updates, then the corpus. */
class FrigateDecoderTest {

    private final FrigateDecoder decoder = new FrigateDecoder();

    @Test
    void endOfATrackedObjectIsARead() {
        FrigateDecoder.Message message = decoder.decode(Fixtures.fixture("frigate/events_end.json",
                Map.of("ID", "1764151385.12-abc", "CAMERA", "street", "PLATE", "01A123BC")));
        assertThat(message.camera()).isEqualTo("street");
        VendorRead read = message.decoded().reads().getFirst();
        assertThat(read.eventId()).isEqualTo("frigate:1764151385.12-abc");
        assertThat(read.plateText()).isEqualTo("01A123BC");
        assertThat(read.confidence()).isEqualTo(0.9343);
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.parse("2025-11-26T10:03:05.120Z"));
    }

    @Test
    void updatesWaitForTheEndAndLprUpdatesAreReads() {
        String update = new String(Fixtures.fixture("frigate/events_end.json",
                Map.of("ID", "x", "CAMERA", "street", "PLATE", "01A123BC"))).replace("\"type\": \"end\"", "\"type\": \"update\"");
        assertThat(decoder.decode(update.getBytes()).decoded().ignored()).isEqualTo(1);
        VendorRead lpr = decoder.decode(Fixtures.fixture("frigate/tracked_object_update_lpr.json",
                Map.of("ID", "y", "CAMERA", "street", "PLATE", "01A123BC"))).decoded().reads().getFirst();
        assertThat(lpr.confidence()).isEqualTo(0.95);
        assertThat(lpr.vendorFields()).containsKey("plate_box");
    }

    @Test
    void corpus() {
        var events = decoder.decode(Fixtures.sample("frigate/frigate_events_mqtt_doc_WITH_COMMENTS.json"));
        assertThat(events.decoded().ignored()).isEqualTo(1); // an "update": the read comes with "end"
        for (String name : new String[] {"frigate/frigate_tracked_object_update_lpr_doc_WITH_COMMENT.json",
                "frigate/frigate_tracked_object_update_lpr_doc2025_TRAILING_COMMA.json"}) {
            VendorRead read = decoder.decode(Fixtures.sample(name)).decoded().reads().getFirst();
            assertThat(read.plateText()).as(name).isEqualTo("123ABC");
            assertThat(read.capturedAt().instant()).as(name).isEqualTo(Instant.parse("2020-12-04T23:19:18.748393Z"));
        }
    }
}
