package dev.plateguard.anpr.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBenchSetTest {

    @Test
    void writesParseableBenchmarkFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("uz");
        WriteBenchSet.main(new String[] {"--out", out.toString(), "--count", "4", "--seed", "3", "--settings", "heldOut",
            "--styles", "uz", "--size", "320x240"});
        List<Path> txts;
        try (Stream<Path> s = Files.list(out)) {
            txts = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(txts).hasSize(4);
        for (Path txt : txts) {
            String name = txt.getFileName().toString().replace(".txt", ".jpg");
            BufferedImage img = ImageIO.read(out.resolve(name).toFile());
            assertThat(img.getWidth()).isEqualTo(320);
            assertThat(img.getHeight()).isEqualTo(240);
            List<String> lines = Files.readAllLines(txt, StandardCharsets.UTF_8);
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                String[] f = line.split("\t");
                assertThat(f).hasSize(6);
                assertThat(f[0]).isEqualTo(name);
                int x = Integer.parseInt(f[1]);
                int y = Integer.parseInt(f[2]);
                int w = Integer.parseInt(f[3]);
                int h = Integer.parseInt(f[4]);
                assertThat(x).isGreaterThanOrEqualTo(0);
                assertThat(y).isGreaterThanOrEqualTo(0);
                assertThat(w).isPositive();
                assertThat(h).isPositive();
                assertThat(x + w).isLessThanOrEqualTo(320);
                assertThat(y + h).isLessThanOrEqualTo(240);
                assertThat(f[5]).matches("[A-Z0-9]{2,10}");
                assertThat(dev.plateguard.plates.PlateClassifier.best(f[5]).country())
                        .isEqualTo(dev.plateguard.plates.Country.UZ);
            }
        }
    }

    @Test
    void sameSeedSameSet(@TempDir Path dir) throws Exception {
        String[] a = {"--out", dir.resolve("a").toString(), "--count", "2", "--seed", "9", "--size", "200x150"};
        String[] b = {"--out", dir.resolve("b").toString(), "--count", "2", "--seed", "9", "--size", "200x150"};
        WriteBenchSet.main(a);
        WriteBenchSet.main(b);
        for (String f : List.of("synth00001.txt", "synth00002.txt", "synth00001.jpg")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> WriteBenchSet.parse(new String[] {"--count", "3"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteBenchSet.parse(new String[] {"--out", "x", "--size", "big"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteBenchSet.parse(new String[] {"--out", "x", "--settings", "other"}))
                .isInstanceOf(IllegalArgumentException.class);
        var o = WriteBenchSet.parse(new String[] {"--out", "x", "--styles", "eu", "--size", "640x480"});
        assertThat(WriteBenchSet.settings(o).styles()).allMatch(s -> PlateRenderer.style(s).group().equals("eu"));
        assertThat(o.width()).isEqualTo(640);
    }
}
