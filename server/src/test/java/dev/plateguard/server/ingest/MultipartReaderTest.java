package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.validation.Refusal;

class MultipartReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void splitsPartsWithNamesTypesAndExactBytes() {
        String body = "--b1\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}"
                + "\r\n--b1\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                + "\u00ff\u00d8\r\n--b\r\n\u00ff\u00d9\r\n--b1--\r\nepilogue";
        var parts = MultipartReader.parse(bytes(body), "b1", 10);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("metadata");
        assertThat(parts.get(0).contentType()).isEqualTo("application/json");
        assertThat(new String(parts.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(parts.get(1).filename()).isEqualTo("p.jpg");
        // A near-boundary ("\r\n--b") inside the content is content, not a delimiter.
        assertThat(parts.get(1).bytes()).isEqualTo(bytes("\u00ff\u00d8\r\n--b\r\n\u00ff\u00d9"));
    }

    @Test
    void acceptsPreambleQuotedBoundaryAndEmptyContent() {
        String body = "preamble\r\n--x y\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n\r\n--x y--";
        var parts = MultipartReader.parse(bytes(body), MultipartReader.boundary("multipart/form-data; boundary=\"x y\""), 10);
        assertThat(parts).singleElement().satisfies(p -> assertThat(p.bytes()).isEmpty());
    }

    @Test
    void refusesMalformedBodies() {
        assertThatThrownBy(() -> MultipartReader.boundary("multipart/form-data")).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> MultipartReader.parse(bytes("no delimiter at all"), "b", 10))
                .hasMessageContaining("boundary not found");
        assertThatThrownBy(() -> MultipartReader.parse(bytes("--b\r\nContent-Disposition: form-data; name=\"m\"\r\n\r\nabc"), "b", 10))
                .hasMessageContaining("not terminated");
        assertThatThrownBy(() -> MultipartReader.parse(bytes("--b\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--b--"), "b", 10))
                .hasMessageContaining("without a name");
        assertThatThrownBy(() -> MultipartReader.parse(bytes("--b\r\nX-Nonsense\r\n\r\nabc\r\n--b--"), "b", 10))
                .hasMessageContaining("header");
    }

    @Test
    void stopsAtThePartLimitWith413() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            body.append("--b\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nx\r\n");
        }
        body.append("--b--");
        assertThatThrownBy(() -> MultipartReader.parse(bytes(body.toString()), "b", 3))
                .isInstanceOfSatisfying(Refusal.class,
                        p -> assertThat(ProblemResponses.status(p.kind()).value()).isEqualTo(413));
        assertThat(MultipartReader.parse(bytes(body.toString()), "b", 4)).hasSize(4);
    }
}
