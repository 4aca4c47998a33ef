package dev.plateguard.anpr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateguard.anpr.AnprJson;
import dev.plateguard.anpr.OnnxTestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The command line end to end, on hand-written ONNX models that always read 01A123BC (see OnnxTestModels). */
class AnprCliTest {

    @TempDir
    static Path dir;
    static Path models;
    static Path bench;

    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AnprCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A 320 × 240 image with a white 48 × 12 "plate" centred on (cx, cy). */
    static void image(Path file, int cx, int cy) throws IOException {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(cx - 24, cy - 6, 48, 12);
        g.dispose();
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        ImageIO.write(img, name.substring(name.lastIndexOf('.') + 1), file.toFile());
    }

    static void label(Path image, int cx, int cy, String plate) throws IOException {
        String name = image.getFileName().toString();
        Files.writeString(image.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt"),
                name + "\t" + (cx - 24) + "\t" + (cy - 6) + "\t48\t12\t" + plate + "\n");
    }

    @BeforeAll
    static void setUp() throws IOException {
        models = dir.resolve("models");
        OnnxTestModels.write(models, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "cli-test");
        bench = dir.resolve("bench");
        image(bench.resolve("eu/a.png"), 122, 82);
        label(bench.resolve("eu/a.png"), 122, 82, "01A 123-bc");
        image(bench.resolve("eu/b.jpg"), 202, 162);
        label(bench.resolve("eu/b.jpg"), 202, 162, "ZZZ999");
        image(bench.resolve("us/c.png"), 62, 42);
        label(bench.resolve("us/c.png"), 62, 42, "01A123BC");
        image(bench.resolve("us/unlabelled.png"), 62, 42);
    }

    @Test
    void benchPrintsTheTableAndEndsWithTheJsonLine() {
        Run r = cli("bench", "--models", models.toString(), "--details", "--warmup", "1", bench.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipping").contains("unlabelled.png");
        assertThat(r.out()).contains("eu/a.png\ttruth 01A123BC\tread 01A123BC").contains("eu/b.jpg\ttruth ZZZ999\tread 01A123BC");
        assertThat(r.out()).contains("hit", "miss", "peak memory", "JPEG decoding included", "warm-up");
        String last = r.lines().get(r.lines().size() - 1);
        JsonNode json = AnprJson.MAPPER.readTree(last);
        JsonNode overall = json.get("overall");
        assertThat(overall.get("images").asInt()).isEqualTo(3);
        assertThat(overall.get("detectionRate").asDouble()).isEqualTo(1.0);
        assertThat(overall.get("top1").asDouble()).isEqualTo(0.6667);
        assertThat(overall.get("topN").asDouble()).isEqualTo(0.6667);
        assertThat(overall.get("msMedian").asDouble()).isPositive();
        assertThat(overall.get("peakMemoryMb").asDouble()).isPositive();
        JsonNode sets = json.get("sets");
        assertThat(sets.propertyNames()).containsExactly("eu", "us");
        assertThat(sets.get("us").get("images").asInt()).isEqualTo(1);
        assertThat(sets.get("us").get("top1").asDouble()).isEqualTo(1.0);
        // issue 13: width bins, confusions and time by stage, per set and overall
        assertThat(r.out()).contains("time by stage", "plate width (labelled box), detected and top-1 per bin:",
                "<80 px: 2 plates", "1 misread: 0 same length, 0 lost characters, 1 gained characters");
        assertThat(overall.get("widthBins").get("<80").get("plates").asInt()).isEqualTo(3);
        assertThat(overall.get("confusions").get("gained").asInt()).isEqualTo(1);
        assertThat(sets.get("eu").get("msByStage").get("detector").asDouble()).isPositive();
        assertThat(json.has("mode")).isFalse();
    }

    @Test
    void benchReaderOnlyReadsTheLabelledBoxesWithoutDetection() throws IOException {
        // a plate the detector cannot find (grey on black, not white) is still read from its labelled box
        Path folder = dir.resolve("reader-only");
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(100, 100, 48, 12);
        g.dispose();
        Files.createDirectories(folder.resolve("uz"));
        ImageIO.write(img, "png", folder.resolve("uz/dark.png").toFile());
        label(folder.resolve("uz/dark.png"), 124, 106, "01A123BC");
        image(folder.resolve("uz/b.png"), 202, 162);
        label(folder.resolve("uz/b.png"), 202, 162, "01A128BC");

        Run whole = cli("bench", "--models", models.toString(), folder.toString());
        assertThat(whole.status()).as(whole.err()).isZero();
        JsonNode wholeJson = AnprJson.MAPPER.readTree(whole.lines().get(whole.lines().size() - 1));
        assertThat(wholeJson.get("overall").get("detectionRate").asDouble()).isEqualTo(0.5);

        Run r = cli("bench", "--reader-only", "--models", models.toString(), "--details", folder.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("reader only", "uz/dark.png\ttruth 01A123BC\tread 01A123BC", "the reader's part only",
                "read and top-1 per bin", "<80 px: 2 plates, read 100.0%, top-1 50.0%", "1 misread: 1 same length (8→3 1), 0 lost characters, 0 gained characters");
        JsonNode json = AnprJson.MAPPER.readTree(r.lines().get(r.lines().size() - 1));
        assertThat(json.get("mode").asString()).isEqualTo("reader-only");
        JsonNode overall = json.get("overall");
        assertThat(overall.get("images").asInt()).isEqualTo(2);
        assertThat(overall.get("detectionRate").asDouble()).isEqualTo(1.0);
        assertThat(overall.get("top1").asDouble()).isEqualTo(0.5);
        assertThat(overall.get("confusions").get("top").get("8→3").asInt()).isEqualTo(1);
        assertThat(overall.get("msByStage").get("detector").asDouble()).isZero();
        assertThat(overall.get("msByStage").get("reader").asDouble()).isPositive();
        assertThat(json.get("sets").propertyNames()).containsExactly("uz");
    }

    @Test
    void recognizePrintsCandidatesLikeAlpr() {
        Run r = cli("recognize", "--models", models.toString(), "-n", "3", bench.resolve("eu/a.png").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 plate").contains("plate0: ").contains("box 98,76 48x12")
                .contains("UZ_PRIVATE, UZ, \"01 A 123 BC\", Tashkent city").contains("    - 01A123BC");
        assertThat(r.lines().stream().filter(l -> l.startsWith("    - "))).hasSizeLessThanOrEqualTo(3);
    }

    /** With a corner refiner in the models, --no-refine keeps the detector's corners. */
    @Test
    void noRefineKeepsTheDetectorsCorners() throws IOException {
        Path refined = dir.resolve("refined-models");
        OnnxTestModels.write(refined, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "cli-refine");
        OnnxTestModels.writeRefiner(refined, OnnxTestModels.unchanged(1, 0.8), 1);
        String image = bench.resolve("eu/a.png").toString();
        Run on = cli("recognize", "--models", refined.toString(), "--retry-below", "0", image);
        assertThat(on.status()).as(on.err()).isZero();
        assertThat(on.out()).doesNotContain("box 98,76 48x12").contains("01A123BC");
        Run off = cli("recognize", "--models", refined.toString(), "--no-refine", image);
        assertThat(off.status()).as(off.err()).isZero();
        assertThat(off.out()).contains("box 98,76 48x12");
    }

    /** An unsure three-character reading is not a plate by default; --min-chars 3 reports it. */
    @Test
    void minCharsSetsTheShortestReportedReading() {
        Path shortModels = dir.resolve("short-models");
        OnnxTestModels.write(shortModels, 320, 48, 12, OnnxTestModels.spelling("01A", 0.9), "cli-short");
        String image = bench.resolve("eu/a.png").toString();
        Run byDefault = cli("recognize", "--models", shortModels.toString(), image);
        assertThat(byDefault.status()).as(byDefault.err()).isZero();
        assertThat(byDefault.out()).doesNotContain("01A").doesNotContain("1 plate");
        Run three = cli("recognize", "--models", shortModels.toString(), "--min-chars", "3", image);
        assertThat(three.status()).as(three.err()).isZero();
        assertThat(three.out()).contains("1 plate").contains("    - 01A");
    }

    @Test
    void recognizeFramesFusesOnePlateFollowedAcrossTheFrames() {
        Run r = cli("recognize", "--frames", "--models", models.toString(), bench.resolve("eu/a.png").toString(),
                bench.resolve("us/c.png").toString(), bench.resolve("eu/a.png").toString());
        assertThat(r.status()).as(r.err()).isZero();
        // a.png and c.png hold their plate in different places: two tracks, the first seen in two of three frames
        assertThat(r.out()).contains("plate0: 01A123BC").contains("read in 2 of 3 frames, 2 of them alone agree")
                .contains("plate1: 01A123BC");
        Run json = cli("recognize", "--frames", "--json", "--models", models.toString(), bench.resolve("eu/a.png").toString(),
                bench.resolve("eu/a.png").toString());
        assertThat(json.lines()).hasSize(1);
        assertThat(json.out()).contains("\"text\":\"01A123BC\"").contains("\"frames\":2");
        assertThat(cli("bench", "--frames", bench.toString()).err()).contains("--frames is for recognize");
    }

    @Test
    void recognizeReadsAClipAsFramesOfOneVehicle() throws IOException {
        java.awt.image.BufferedImage frame = javax.imageio.ImageIO.read(bench.resolve("eu/a.png").toFile());
        Path clip = dir.resolve("clip.mp4");
        java.nio.file.Files.write(clip, dev.plateguard.anpr.ClipRecognitionTest.encode(java.util.Collections.nCopies(6, frame)));
        Run r = cli("recognize", "--models", models.toString(), clip.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 plate").contains("01A123BC");
        Path broken = dir.resolve("broken.mp4");
        java.nio.file.Files.write(broken, "not a clip at all".getBytes());
        Run bad = cli("recognize", "--models", models.toString(), broken.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("broken.mp4").contains("not a readable MP4 clip");
    }

    @Test
    void benchMotionFramesComparesOneFrameWithTheFusedReading() {
        Run r = cli("bench", "--models", models.toString(), "--motion-frames", "2", bench.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines().getLast()).startsWith("{\"plates\": 3, \"frames\": 2");
        assertThat(cli("bench", "--models", models.toString(), "--motion-frames", "0", bench.toString()).status())
                .isEqualTo(2);
    }

    @Test
    void recognizeJsonPrintsOneObjectPerImage() {
        Run r = cli("recognize", "--json", "--models", models.toString(), "--country", "uz", bench.resolve("us").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).startsWith("{\"file\":\"").contains("c.png\",\"millis\":");
        JsonNode first = AnprJson.MAPPER.readTree(r.lines().get(0));
        assertThat(first.get("file").asString()).endsWith("c.png");
        assertThat(first.get("modelVersion").asString()).isEqualTo("cli-test");
        JsonNode plate = first.get("plates").get(0);
        assertThat(plate.get("text").asString()).isEqualTo("01A123BC");
        assertThat(plate.get("country").asString()).isEqualTo("UZ");
        assertThat(plate.get("candidates").isEmpty()).isFalse();
    }

    @Test
    void wrongArgumentsAreClearErrorsWithoutStackTraces() {
        assertError(cli(), 2, "no command given");
        assertError(cli("read", "x.jpg"), 2, "unknown command 'read'");
        assertError(cli("recognize", "--bogus", "x.jpg"), 2, "unknown option '--bogus'");
        assertError(cli("recognize", "-n"), 2, "-n needs a value");
        assertError(cli("recognize", "-n", "0", "x.jpg"), 2, "-n must be 1..50");
        assertError(cli("recognize", "--country", "eu", "x.jpg"), 2, "unknown country 'eu'");
        assertError(cli("bench", "--json", "x"), 2, "--json is for recognize");
        assertError(cli("bench", "--retry-below", "2", "x"), 2, "--retry-below must be");
        assertError(cli("bench", "--retry-below"), 2, "--retry-below needs a value");
        assertError(cli("recognize", "--verify-threshold", "x", "a.jpg"), 2, "--verify-threshold");
        assertError(cli("recognize", "--min-chars", "0", "a.jpg"), 2, "--min-chars");
        assertError(cli("bench", "--min-chars", "17", "dir"), 2, "--min-chars");
        assertError(cli("recognize", "--models", models.toString(), dir.resolve("missing.jpg").toString()), 1, "no such file");
        assertError(cli("recognize", "--models", dir.resolve("nomodels").toString(), bench.resolve("eu/a.png").toString()), 1,
                "models folder not found");
        assertError(cli("bench", "--models", models.toString(), dir.resolve("nothing").toString()), 1, "not a folder");
    }

    /** What a reading prints, without the header line and its time. */
    static List<String> plates(Run r) {
        return r.lines().stream().filter(l -> l.startsWith("plate") || l.startsWith("    - ")).toList();
    }

    @Test
    void optionsTakeTheirValueAsTheNextArgumentOrAfterAnEqualsSign() {
        String image = bench.resolve("eu/a.png").toString();
        Run spaced = cli("recognize", "--models", models.toString(), "-n", "2", "--country", "uz", "--retry-below", "0.5", image);
        Run joined = cli("recognize", "--models=" + models, "--top=2", "--country=uz", "--retry-below=0.5", image);
        Run attached = cli("recognise", "--models=" + models, "-n2", "-cUZ", image);
        for (Run r : List.of(spaced, joined, attached)) {
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
        }
        assertThat(plates(spaced)).isNotEmpty().isEqualTo(plates(joined)).isEqualTo(plates(attached));
        assertThat(plates(spaced).stream().filter(l -> l.startsWith("    - "))).hasSizeLessThanOrEqualTo(2);
        assertError(cli("recognize", "--top=0", image), 2, "--top must be 1..50, got 0");
        assertError(cli("recognize", "-n=abc", image), 2, "-n needs a whole number, got 'abc'");
        assertError(cli("bench", "--threshold=high", "dir"), 2, "--threshold needs a number, got 'high'");
        assertError(cli("bench", "--warmup", "-1", "dir"), 2, "--warmup must be 0..1000, got -1");
        assertError(cli("recognize", "--country="), 2, "unknown country ''");
    }

    @Test
    void unknownOptionsAreNamedAndTheUsageFollows() {
        Run r = cli("bench", "--bogus=1", "dir");
        assertError(r, 2, "unknown option '--bogus'");
        assertThat(r.err()).contains("Usage: anpr bench").contains("--warmup");
        assertError(cli("recognize", "-x", "a.jpg"), 2, "unknown option '-x'");
        assertError(cli("recognize", "--details", "a.jpg"), 2, "--details is for bench");
        assertError(cli("bench", "--threads=2", "dir"), 2, "--threads is for recognize");
        assertError(cli("bench"), 2, "no benchmark folder given");
        assertError(cli("recognize", "--json"), 2, "no image or folder given");
    }

    @Test
    void helpListsTheCommandsAndTheirOptions() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            Run r = cli(args);
            assertThat(r.status()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("Usage: anpr", "recognize", "bench", "--opt=X", "Exit status");
        }
        Run recognize = cli("recognize", "--help");
        assertThat(recognize.status()).isZero();
        assertThat(recognize.out()).contains("Usage: anpr recognize", "IMAGE|DIR", "--json", "-n, --top=N", "--country=CC",
                "--verify-threshold=V", "--no-refine").doesNotContain("--warmup");
        Run bench = cli("help", "bench");
        assertThat(bench.status()).isZero();
        assertThat(bench.out()).contains("Usage: anpr bench", "--details", "--warmup=K", "--models=DIR").doesNotContain("--json");
    }

    @Test
    void unreadableInputsAreClearErrors() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/set"));
        assertError(cli("bench", "--models", models.toString(), empty.getParent().toString()), 1, "no labelled images");
        Path bad = dir.resolve("bad");
        image(bad.resolve("eu/x.png"), 100, 100);
        Files.writeString(bad.resolve("eu/x.txt"), "x.png 1 2 3\n");
        assertError(cli("bench", "--models", models.toString(), bad.toString()), 1, "x.txt line 1: expected 'file x y width height plate'");
        Path notImage = Files.writeString(dir.resolve("fake.jpg"), "hello");
        assertError(cli("recognize", "--models", models.toString(), notImage.toString()), 1, "fake.jpg");
    }

    static void assertError(Run r, int status, String message) {
        assertThat(r.status()).as(r.err()).isEqualTo(status);
        assertThat(r.err()).contains("anpr: ").contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
