package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionDecoderTest {

    static final int GH = 10;
    static final int GW = 16;
    static final int STRIDE = 4;
    static final double CORNER_SCALE = 64;

    final float[] heat = new float[GH * GW];
    final float[] corners = new float[8 * GH * GW];

    /** A plate of w × h input pixels centred on cell (i, j)'s centre, predicted by that cell. */
    void plate(int i, int j, float score, double w, double h) {
        heat[i * GW + j] = score;
        double[][] c = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
        for (int k = 0; k < 4; k++) {
            corners[(2 * k) * GH * GW + i * GW + j] = (float) (c[k][0] / CORNER_SCALE);
            corners[(2 * k + 1) * GH * GW + i * GW + j] = (float) (c[k][1] / CORNER_SCALE);
        }
    }

    List<DetectionDecoder.Detection> decode(double scale, double threshold, double nms, int max) {
        return DetectionDecoder.decode(FloatBuffer.wrap(heat), FloatBuffer.wrap(corners), GH, GW,
                new DetectionDecoder.Params(STRIDE, CORNER_SCALE, scale, 1000, 1000, threshold, nms, max));
    }

    @Test
    void peaksAboveTheThresholdBecomePlatesStrongestFirst() {
        plate(2, 3, 0.7f, 20, 6);
        plate(7, 12, 0.9f, 16, 4);
        plate(5, 5, 0.2f, 16, 4); // below threshold
        List<DetectionDecoder.Detection> d = decode(1, 0.3, 0.3, 10);
        assertThat(d).hasSize(2);
        assertThat(d.get(0).score()).isCloseTo(0.9, within(1e-6));
        // cell (7, 12): centre (50, 30)
        assertThat(d.get(0).corners()).containsExactly(new double[] {42, 28, 58, 28, 58, 32, 42, 32}, within(1e-4));
        assertThat(d.get(0).box()).isEqualTo(new Box(42, 28, 16, 4));
        // cell (2, 3): centre (14, 10)
        assertThat(d.get(1).box()).isEqualTo(new Box(4, 7, 20, 6));
    }

    @Test
    void onlyLocalMaximaCount() {
        plate(4, 4, 0.9f, 20, 6);
        heat[4 * GW + 5] = 0.8f; // a weaker neighbour is not a peak, however high
        heat[3 * GW + 4] = 0.85f;
        assertThat(decode(1, 0.3, 0.3, 10)).hasSize(1);
    }

    @Test
    void overlappingCandidatesAreMergedByNms() {
        // a plateau: two equal neighbouring peaks predicting nearly the same plate
        plate(4, 4, 0.8f, 40, 10);
        plate(4, 5, 0.8f, 40, 10);
        assertThat(decode(1, 0.3, 0.3, 10)).hasSize(1);
        // far apart, both kept
        plate(8, 14, 0.8f, 20, 6);
        assertThat(decode(1, 0.3, 0.3, 10)).hasSize(2);
        // a loose NMS limit keeps overlapping ones
        assertThat(decode(1, 0.3, 0.99, 10)).hasSize(3);
    }

    @Test
    void cornersMapBackToImagePixels() {
        plate(7, 12, 0.9f, 16, 4);
        // the input was the image scaled by 0.25: everything is 4 times larger in the image
        DetectionDecoder.Detection d = decode(0.25, 0.3, 0.3, 10).get(0);
        assertThat(d.corners()).containsExactly(new double[] {168, 112, 232, 112, 232, 128, 168, 128}, within(1e-3));
        assertThat(d.box()).isEqualTo(new Box(168, 112, 64, 16));
    }

    @Test
    void boxesAreClippedToTheImage() {
        plate(0, 0, 0.9f, 40, 10);
        DetectionDecoder.Detection d = DetectionDecoder.decode(FloatBuffer.wrap(heat), FloatBuffer.wrap(corners), GH, GW,
                new DetectionDecoder.Params(STRIDE, CORNER_SCALE, 1, 30, 30, 0.3, 0.3, 10)).get(0);
        assertThat(d.box()).isEqualTo(new Box(0, 0, 22, 7));
        assertThat(d.corners()[0]).isCloseTo(-18, within(1e-4)); // corners are not clipped
    }

    @Test
    void keepsAtMostMaxDetections() {
        plate(1, 1, 0.5f, 8, 4);
        plate(5, 8, 0.9f, 8, 4);
        plate(8, 14, 0.7f, 8, 4);
        assertThat(decode(1, 0.3, 0.3, 2)).extracting(DetectionDecoder.Detection::score)
                .containsExactly(0.9f * 1.0, (double) 0.7f);
    }

    @Test
    void aHeatmapThatIsNotAProbabilityIsAModelError() {
        heat[17] = 3.5f;
        assertThatThrownBy(() -> decode(1, 0.3, 0.3, 10)).isInstanceOf(ModelException.class)
                .hasMessageContaining("heatmap").hasMessageContaining("sigmoid");
    }

    @Test
    void nothingAboveTheThresholdIsNothing() {
        assertThat(decode(1, 0.3, 0.3, 10)).isEmpty();
    }
}
