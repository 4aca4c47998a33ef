package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateguard.anpr.synth.PlateRenderer;
import dev.plateguard.anpr.synth.PlateSample;
import dev.plateguard.plates.Country;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The plate's colours as a country cue, on plates the project renders, and what the ranker makes of it. */
class LayoutCuesTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** The cue of a rendered plate of {@code style}, drawn 260 px wide on a grey frame, cut at its true corners. */
    private static LayoutCues cue(String style, long seed, boolean grey) {
        PlateSample plate = new PlateRenderer(seed).render(style);
        int w = 260;
        int h = (int) Math.round(w * plate.image().getHeight() / (double) plate.image().getWidth());
        BufferedImage frame = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(90, 94, 98));
        g.fillRect(0, 0, 640, 360);
        g.drawImage(plate.image(), 190, 150, w, h, null);
        g.dispose();
        int[] rgb = frame.getRGB(0, 0, 640, 360, null, 0, 640);
        if (grey) {
            for (int i = 0; i < rgb.length; i++) {
                int y = ((rgb[i] >> 16 & 0xff) * 299 + (rgb[i] >> 8 & 0xff) * 587 + (rgb[i] & 0xff) * 114) / 1000;
                rgb[i] = y << 16 | y << 8 | y;
            }
        }
        return LayoutCues.of(rgb, 640, 360, new double[] {190, 150, 190 + w, 150, 190 + w, 150 + h, 190, 150 + h});
    }

    @Test
    void theBlueBandsOfEuropeanAndMercosurPlatesAreSeen() {
        int eu = 0;
        int mercosur = 0;
        for (long seed = 1; seed <= 10; seed++) {
            eu += cue("eu-de", seed, false) == LayoutCues.EU_BAND ? 1 : 0;
            mercosur += cue("br-mercosur", seed, false) == LayoutCues.MERCOSUR_BAND ? 1 : 0;
            assertThat(cue("uz-private", seed, false)).as("an Uzbek plate has no band").isEqualTo(LayoutCues.NONE);
            assertThat(cue("br-old", seed, false)).as("an old grey Brazilian plate has no band").isEqualTo(LayoutCues.NONE);
            assertThat(cue("eu-de", seed, true)).as("an infrared (grey) image gives no cue").isEqualTo(LayoutCues.NONE);
        }
        assertThat(eu).as("EU bands seen").isGreaterThanOrEqualTo(8);
        assertThat(mercosur).as("Mercosur bands seen").isGreaterThanOrEqualTo(8);
    }

    @Test
    void aBlueMiddleIsNoBand() {
        int[] blue = new int[100 * 40];
        java.util.Arrays.fill(blue, 0x2040c0);
        assertThat(LayoutCues.of(blue, 100, 40, new double[] {0, 0, 100, 0, 100, 40, 0, 40})).isEqualTo(LayoutCues.NONE);
        assertThat(LayoutCues.of(null, 0, 0, new double[8])).isEqualTo(LayoutCues.NONE);
    }

    @Test
    void theLayoutDecidesBetweenCountriesWhoseFormatsTheTextFits() {
        // ABC1234 is an old grey Brazilian plate or a German one (A BC 1234)
        assertThat(new CandidateRanker(ALPHABET, 20, null).info("ABC1234").countryCode()).isEqualTo("BR");
        assertThat(new CandidateRanker(ALPHABET, 20, null, LayoutCues.EU_BAND.plausible()).info("ABC1234").countryCode())
                .isEqualTo("DE");
        // an Uzbek private text on a plate with the EU band: no country the layout allows fits it
        var eu = new CandidateRanker(ALPHABET, 20, null, LayoutCues.EU_BAND.plausible());
        assertThat(eu.info("01A123BC").countryCode()).isNull();
        assertThat(eu.info("01A123BC").weight()).as("no format boost for a country the layout rules out").isEqualTo(1);
        var none = new CandidateRanker(ALPHABET, 20, null, LayoutCues.NONE.plausible());
        assertThat(none.info("01A123BC").countryCode()).isEqualTo(Country.UZ.name());
        assertThat(none.info("01A123BC").weight()).isEqualTo(20);
        assertThat(new CandidateRanker(ALPHABET, 20, null, LayoutCues.MERCOSUR_BAND.plausible()).info("BRA2E19")
                .countryCode()).isEqualTo("BR");
    }
}
