package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Rational;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.plateguard.anpr.synth.PlateRenderer;
import dev.plateguard.anpr.synth.PlateSample;

/** A real H.264 clip, encoded here with JCodec, decoded into frames and read as one vehicle. */
public class ClipRecognitionTest {

    private static Recogniser recogniser;

    @BeforeAll
    static void open() {
        recogniser = Recogniser.bundled();
    }

    @AfterAll
    static void close() {
        recogniser.close();
    }

    /** A vehicle's plate approaching: it grows from 160 to 260 px wide while moving down the frame. */
    static List<BufferedImage> approach(PlateSample plate, int frames) {
        List<BufferedImage> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            BufferedImage image = new BufferedImage(640, 368, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(96, 100, 104));
            g.fillRect(0, 0, 640, 368);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int w = 160 + 100 * f / Math.max(1, frames - 1);
            int h = (int) Math.round(w * plate.image().getHeight() / (double) plate.image().getWidth());
            g.drawImage(plate.image(), 320 - w / 2, 120 + 6 * f, w, h, null);
            g.dispose();
            out.add(image);
        }
        return out;
    }

    public static byte[] encode(List<BufferedImage> frames) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8 << 20);
        ByteBufferSeekableByteChannel channel = ByteBufferSeekableByteChannel.writeToByteBuffer(buffer);
        AWTSequenceEncoder encoder = new AWTSequenceEncoder(channel, Rational.R(25, 1));
        for (BufferedImage f : frames) {
            encoder.encodeImage(f);
        }
        encoder.finish();
        ByteBuffer contents = channel.getContents();
        byte[] out = new byte[contents.remaining()];
        contents.get(out);
        return out;
    }

    @Test
    void aClipIsDecodedIntoFramesSpreadOverIt() throws IOException {
        PlateSample plate = new PlateRenderer(5).render("uz-private");
        byte[] mp4 = encode(approach(plate, 12));
        assertThat(Arrays.copyOfRange(mp4, 4, 8)).as("an MP4 file").isEqualTo("ftyp".getBytes());
        List<BufferedImage> frames = VideoFrames.decode(mp4, 5);
        assertThat(frames).hasSize(5);
        assertThat(frames.getFirst().getWidth()).isEqualTo(640);
        assertThat(frames.getFirst().getHeight()).isEqualTo(368);
        assertThat(VideoFrames.spread(12, 5)).containsExactly(0, 3, 6, 8, 11);
        assertThat(VideoFrames.spread(3, 5)).containsExactly(0, 1, 2);
        assertThat(VideoFrames.spread(1, 5)).containsExactly(0);
    }

    @Test
    void aClipOfOneVehicleGivesOneFusedPlate() throws IOException {
        PlateRenderer renderer = new PlateRenderer(20261207L);
        int read = 0;
        int clips = 4;
        for (int i = 0; i < clips; i++) {
            PlateSample plate = renderer.render("uz-private");
            Recognition r = recogniser.recogniseClip(encode(approach(plate, 10)));
            assertThat(r.plates()).as("one vehicle, one plate").hasSize(1);
            PlateResult p = r.plates().getFirst();
            assertThat(p.candidates().getFirst().text()).isEqualTo(p.text());
            assertThat(p.confidence()).isBetween(0.0, 1.0);
            assertThat(r.imageWidth()).isEqualTo(640);
            if (p.text().equals(plate.text())) {
                read++;
                assertThat(p.country()).isEqualTo("UZ");
                assertThat(p.format()).isEqualTo("UZ_PRIVATE");
            }
        }
        assertThat(read).as("clean clips are read").isGreaterThanOrEqualTo(clips - 1);
    }

    @Test
    void bytesThatAreNoClipAreRefusedWithAReason() {
        assertThatThrownBy(() -> recogniser.recogniseClip("not a video".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] truncated = new byte[64];
        System.arraycopy(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, truncated, 0, 12);
        assertThatThrownBy(() -> recogniser.recogniseClip(truncated)).isInstanceOf(IllegalArgumentException.class);
    }
}
