package dev.plateguard.simulator.render;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The typeface plate characters are drawn in. Real Uzbek plates use the German FE-Schrift (domain-uz.md §1.1),
 * a DIN 1451 derivative whose licence is not open. The default is OSP-DIN from Debian's {@code fonts-opendin}
 * (SIL Open Font License 1.1), a DIN 1451 revival; without it, DejaVu Sans Condensed Bold from
 * {@code fonts-dejavu-core} (Bitstream Vera licence plus public-domain changes). Both are read from
 * {@code /usr/share/fonts}; the renderer squeezes each glyph into a narrow fixed-pitch cell, which gives the
 * upright, condensed look of plate lettering. Any TrueType file can replace them ({@code --plate-font=PATH});
 * without any, AWT's logical bold sans-serif is used.
 */
public final class PlateFont {

    /** Preferred: OSP-DIN (Debian fonts-opendin), then DejaVu Sans Condensed Bold where Debian and Fedora put it. */
    static final List<Path> BUNDLED_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/opendin/OSP-DIN.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
            Path.of("/usr/share/fonts/dejavu/DejaVuSansCondensed-Bold.ttf"),
            Path.of("/usr/share/fonts/dejavu-sans-fonts/DejaVuSansCondensed-Bold.ttf"));

    private final Font font;
    private final String description;

    private PlateFont(Font font, String description) {
        this.font = font;
        this.description = description;
    }

    /**
     * @param override a TrueType file to use instead, or null
     * @throws IllegalArgumentException when {@code override} is given but cannot be read as a font
     */
    public static PlateFont load(Path override) {
        if (override != null) {
            return fromFile(override).orElseThrow(() -> new IllegalArgumentException("cannot read font " + override));
        }
        for (Path path : BUNDLED_FONTS) {
            var loaded = fromFile(path);
            if (loaded.isPresent()) {
                return loaded.get();
            }
        }
        return new PlateFont(new Font(Font.SANS_SERIF, Font.BOLD, 100), "AWT logical SansSerif bold (neither OSP-DIN nor DejaVu installed)");
    }

    private static Optional<PlateFont> fromFile(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            Font font = Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(100f);
            return Optional.of(new PlateFont(font, font.getFontName() + " (" + path + ")"));
        } catch (IOException | FontFormatException e) {
            return Optional.empty();
        }
    }

    /** The face at a nominal 100 pt; glyphs are scaled to their cells when drawn. */
    public Font font() {
        return font;
    }

    /** Which font this is and where it came from, for the startup log. */
    public String description() {
        return description;
    }
}
