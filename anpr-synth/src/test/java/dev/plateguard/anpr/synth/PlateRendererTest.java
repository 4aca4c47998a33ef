package dev.plateguard.anpr.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateFormat;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlateRendererTest {

    /** Text patterns of styles that have no PlateFormat in module plates. */
    private static final Map<String, String> PATTERNS = Map.ofEntries(
            Map.entry("eu-sk", "[A-Z]{2}\\d{3}[A-Z]{2}"),
            Map.entry("eu-hr", "[A-Z]{2}\\d{3,4}[A-Z]{1,2}"),
            Map.entry("eu-rs", "[A-Z]{2}\\d{3,5}[A-Z]{2}"),
            Map.entry("eu-de", "[A-Z]{1,3}[A-Z]{1,2}[1-9]\\d{0,3}[EH]?"),
            Map.entry("eu-es", "\\d{4}[B-DF-HJ-NP-TV-Z]{3}"),
            Map.entry("eu-fr", "[A-Z]{2}\\d{3}[A-Z]{2}"),
            Map.entry("eu-it", "[A-Z]{2}\\d{3}[A-Z]{2}"),
            Map.entry("uk-front", "[A-Z]{2}\\d{2}[A-Z]{3}"),
            Map.entry("uk-rear", "[A-Z]{2}\\d{2}[A-Z]{3}"),
            Map.entry("br-old", "[A-Z]{3}\\d{4}"),
            Map.entry("br-mercosur", "[A-Z]{3}\\d[A-Z]\\d{2}"),
            Map.entry("us-ca", "\\d[A-Z]{3}\\d{3}"),
            Map.entry("ua", "[A-Z]{2}\\d{4}[A-Z]{2}"),
            Map.entry("ge", "[A-Z]{2}\\d{3}[A-Z]{2}"),
            Map.entry("az", "\\d{2}[A-Z]{2}\\d{3}"),
            Map.entry("in", "[A-Z]{2}\\d{2}[A-Z]{1,2}\\d{4}"),
            Map.entry("tr", "\\d{2}[A-Z]{1,3}\\d{2,4}"));

    static java.util.List<String> styles() {
        return PlateRenderer.styles();
    }

    @Test
    void stylesCoverEveryUzbekFormatAndTheRequiredGroups() {
        var covered = EnumSet.noneOf(PlateFormat.class);
        for (String s : PlateRenderer.styles()) {
            PlateRenderer.format(s).ifPresent(covered::add);
        }
        for (PlateFormat f : PlateFormat.values()) {
            if (f != PlateFormat.GENERIC) {
                assertThat(covered).as("a style for %s", f).contains(f);
            }
        }
        assertThat(new HashSet<>(PlateRenderer.styles())).hasSameSizeAs(PlateRenderer.styles());
        assertThat(PlateRenderer.styles("uz")).hasSizeGreaterThanOrEqualTo(13);
        assertThat(PlateRenderer.styles("neighbour")).contains("kz", "kg", "kg-legacy", "tj", "ru", "tm");
        assertThat(PlateRenderer.styles("eu")).contains("eu-de", "eu-hr", "eu-rs", "eu-si", "eu-cz", "eu-pl", "eu-fr", "eu-it",
                "eu-es", "eu-nl", "uk-front", "uk-rear", "eu-generic", "eu-vanity", "eu-sk");
        assertThat(PlateRenderer.styles("us")).hasSizeGreaterThanOrEqualTo(15).contains("us-ca", "us-tx", "us-ny", "us-fl");
        assertThat(PlateRenderer.styles("br")).containsExactlyInAnyOrder("br-old", "br-mercosur");
        assertThat(PlateRenderer.styles("other")).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("styles")
    void everyStyleRendersTextOfItsFormat(String style) {
        var r = new PlateRenderer(style.hashCode());
        for (int i = 0; i < 6; i++) {
            PlateSample p = r.render(style);
            assertThat(p.style()).isEqualTo(style);
            assertThat(p.country()).isEqualTo(PlateRenderer.country(style));
            assertThat(p.text()).matches("[A-Z0-9]{2,10}");
            BufferedImage img = p.image();
            assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            assertThat(contrast(img)).as("plate %s has visible characters", style).isGreaterThan(40);
            PlateRenderer.format(style).ifPresent(f -> {
                assertThat(f.matches(p.text())).as("%s matches %s", p.text(), f).isTrue();
                if (f.country() == Country.UZ) {
                    assertThat(PlateClassifier.best(p.text()).format()).as("%s is read as %s", p.text(), f).isEqualTo(f);
                }
            });
            if (PATTERNS.containsKey(style)) {
                assertThat(p.text()).matches(Pattern.compile(PATTERNS.get(style)));
            }
            if (style.startsWith("uz-")) {
                assertThat(p.country()).isEqualTo("UZ");
            }
            if (style.startsWith("us-")) {
                assertThat(p.text().length()).isBetween(4, 8);
            }
        }
    }

    @Test
    void uzbekPlatesNeverUseTheLetterIExceptVanityAndLegacy() {
        var r = new PlateRenderer(5);
        for (String s : PlateRenderer.styles("uz")) {
            if (s.equals("uz-vanity") || s.equals("uz-legacy")) {
                continue;
            }
            for (int i = 0; i < 20; i++) {
                assertThat(r.render(s).text()).doesNotContain("I");
            }
        }
    }

    @Test
    void sameSeedSamePixels() {
        var a = new PlateRenderer(42);
        var b = new PlateRenderer(42);
        for (int i = 0; i < 8; i++) {
            PlateSample x = a.render();
            PlateSample y = b.render();
            assertThat(y.text()).isEqualTo(x.text());
            assertThat(y.style()).isEqualTo(x.style());
            assertThat(pixels(y.image())).isEqualTo(pixels(x.image()));
        }
        var c = new PlateRenderer(43);
        assertThat(c.render("uz-private").text()).isNotEqualTo(new PlateRenderer(42).render("uz-private").text());
    }

    @Test
    void renderIsWeightedOverTheSettingsStyles() {
        var uz = new PlateRenderer(3, SceneRenderer.Settings.training().withStyles(PlateRenderer.styles("uz")));
        for (int i = 0; i < 40; i++) {
            assertThat(uz.render().style()).startsWith("uz-");
        }
        var all = new PlateRenderer(3);
        var seen = new HashSet<String>();
        for (int i = 0; i < 400; i++) {
            seen.add(PlateRenderer.style(all.render().style()).group());
        }
        assertThat(seen).contains("uz", "neighbour", "eu", "us", "br", "other");
    }

    @Test
    void resolutionFollowsPixelsPerMillimetre() {
        var r = new PlateRenderer(1);
        PlateSample small = r.render("eu-de", 0.2);
        PlateSample big = r.render("eu-de", 1.0);
        assertThat(big.image().getHeight()).isEqualTo(110);
        assertThat(small.image().getHeight()).isEqualTo(22);
        assertThat(r.render("us-ca").image().getWidth()).isEqualTo((int) Math.round(305 * PlateRenderer.DEFAULT_PX_PER_MM));
    }

    @Test
    void unknownStylesAreRejected() {
        assertThatThrownBy(() -> new PlateRenderer(1).render("xx-nowhere")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SceneRenderer.Settings.training().withStyles(java.util.List.of("nope")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFontKindHasAFaceEvenWithoutOptionalFonts() {
        for (Fonts.Kind k : Fonts.Kind.values()) {
            assertThat(Fonts.faces(k)).isNotEmpty();
            for (Fonts.Face f : Fonts.faces(k)) {
                for (char c : "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
                    assertThat(f.glyph(c).advance()).isPositive();
                }
            }
        }
        // the fallback face works for a character no plate font has
        assertThat(Fonts.FALLBACK.glyph('A').outline().getBounds2D().getHeight()).isPositive();
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** Difference between the 5th and 95th percentile of luma. */
    static int contrast(BufferedImage img) {
        int[] px = pixels(img);
        int[] l = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            l[i] = Pixels.luma(px[i]);
        }
        Arrays.sort(l);
        return l[(int) (l.length * 0.95)] - l[(int) (l.length * 0.05)];
    }
}
