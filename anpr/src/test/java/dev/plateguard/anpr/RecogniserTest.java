package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.plateguard.plates.Country;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on hand-written ONNX models (see {@link OnnxTestModels}). */
class RecogniserTest {

    @TempDir
    static Path dir;

    static Recogniser recogniser;

    @BeforeAll
    static void open() {
        // a 48 x 12 plate in the detector input; images up to 320 px are not scaled
        OnnxTestModels.write(dir.resolve("m"), 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "test-1");
        recogniser = Recogniser.open(dir.resolve("m"));
    }

    @AfterAll
    static void close() {
        recogniser.close();
    }

    static BufferedImage scene(int w, int h, int cx, int cy, int pw, int ph) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillRect(cx - pw / 2, cy - ph / 2, pw, ph);
        g.dispose();
        return img;
    }

    @Test
    void findsAndReadsThePlate() {
        // centre on a cell centre (4j + 2, 4i + 2)
        Recognition r = recogniser.recognise(scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12));
        assertThat(r.modelVersion()).isEqualTo("test-1");
        assertThat(r.plates()).hasSize(1);
        PlateResult p = r.plates().get(0);
        assertThat(p.box()).isEqualTo(new Box(122 - 24, 82 - 6, 48, 12));
        assertThat(p.text()).isEqualTo("01A123BC");
        assertThat(p.country()).isEqualTo("UZ");
        assertThat(p.format()).isEqualTo("UZ_PRIVATE");
        assertThat(p.display()).isEqualTo("01 A 123 BC");
        assertThat(p.region()).isEqualTo("Tashkent city");
        assertThat(p.detectionScore()).isGreaterThan(0.9);
        assertThat(p.candidates()).hasSizeLessThanOrEqualTo(10).first().extracting(Candidate::text).isEqualTo("01A123BC");
        assertThat(p.confidence()).isEqualTo(p.candidates().get(0).confidence());
        assertThat(p.candidates().stream().mapToDouble(Candidate::confidence).sum()).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(r.imageWidth()).isEqualTo(320);
        assertThat(r.timings().detectorRunMs()).isPositive();
        assertThat(r.timings().readerRunMs()).isPositive();
        assertThat(r.toJson()).startsWith("{\"millis\":").contains("\"text\":\"01A123BC\"", "\"format\":\"UZ_PRIVATE\"");
        assertThat(AnprJson.MAPPER.readTree(r.toJson()).isObject()).isTrue();
    }

    @Test
    void scalesLargeImagesDownAndMapsCornersBack() throws Exception {
        // 640 x 480 with maxSide 320: scale 0.5, so a 96 x 24 plate is 48 x 12 in the detector input
        BufferedImage img = scene(640, 480, 2 * (4 * 30 + 2), 2 * (4 * 20 + 2), 96, 24);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        Recognition r = recogniser.recognise(png.toByteArray());
        assertThat(r.plates()).hasSize(1);
        double[] c = r.plates().get(0).corners();
        assertThat(c[0]).isCloseTo(244 - 48, within(0.01));
        assertThat(c[1]).isCloseTo(164 - 12, within(0.01));
        assertThat(c[4]).isCloseTo(244 + 48, within(0.01));
        assertThat(c[5]).isCloseTo(164 + 12, within(0.01));
        assertThat(r.plates().get(0).box()).isEqualTo(new Box(196, 152, 96, 24));
        assertThat(r.timings().decodeMs()).isPositive();
    }

    @Test
    void readsSeveralPlates() {
        BufferedImage img = scene(320, 240, 4 * 10 + 2, 4 * 10 + 2, 48, 12);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(4 * 50 + 2 - 24, 4 * 45 + 2 - 6, 48, 12);
        g.dispose();
        Recognition r = recogniser.recognise(img);
        assertThat(r.plates()).hasSize(2);
        assertThat(r.plates()).extracting(PlateResult::text).containsOnly("01A123BC");
    }

    /** A plate 1.5 times as wide as tall is cut both ways (one row, two rows); it is still one plate, read once. */
    @Test
    void aTallPlateIsCutTwoWaysAndReportedOnce() {
        Path models = dir.resolve("tall");
        OnnxTestModels.write(models, 320, 36, 24, OnnxTestModels.spelling("01123BC", 0.9), "test-tall");
        try (Recogniser tall = Recogniser.open(models)) {
            Recognition r = tall.recognise(scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 36, 24));
            assertThat(r.plates()).hasSize(1);
            PlateResult p = r.plates().get(0);
            assertThat(PlateCrop.mayHaveTwoRows(p.corners())).isTrue();
            assertThat(p.box()).isEqualTo(new Box(122 - 18, 82 - 12, 36, 24));
            assertThat(p.text()).isEqualTo("01123BC");
            assertThat(p.format()).isEqualTo("UZ_MOTORCYCLE");
        }
    }

    @Test
    void emptySceneHasNoPlates() {
        BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Recognition r = recogniser.recognise(img, Country.KZ);
        assertThat(r.plates()).isEmpty();
        assertThat(r.timings().readerRunMs()).isZero();
    }

    @Test
    void isThreadSafe() throws Exception {
        BufferedImage img = scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Recognition>>();
            for (int k = 0; k < 12; k++) {
                futures.add(pool.submit(() -> recogniser.recognise(img)));
            }
            for (var f : futures) {
                assertThat(f.get().plates()).extracting(PlateResult::text).containsExactly("01A123BC");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void warmUpRunsBothModels() {
        recogniser.warmUp();
    }

    @Test
    void undecodableBytesAreAClearError() {
        assertThatThrownBy(() -> recogniser.recognise(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image");
    }

    @Test
    void missingModelsAreAClearError() {
        assertThatThrownBy(() -> Recogniser.open(dir.resolve("nowhere")))
                .isInstanceOf(ModelException.class).hasMessageContaining("models.json").hasMessageContaining("does not exist");
        if (!Recogniser.bundledAvailable()) {
            assertThatThrownBy(Recogniser::bundled).isInstanceOf(ModelException.class)
                    .hasMessageContaining("No bundled recogniser models");
        }
    }

    @Test
    void aModelThatBreaksTheContractIsRejectedAtLoad() throws Exception {
        Path bad = dir.resolve("bad");
        OnnxTestModels.write(bad, 320, 48, 12, OnnxTestModels.spelling("AB", 0.9), "bad");
        // the reader where the detector should be: wrong input name
        Files.copy(bad.resolve("reader.onnx"), bad.resolve("detector.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Recogniser.open(bad)).isInstanceOf(ModelException.class)
                .hasMessageContaining("detector").hasMessageContaining("[image]");
        // reader classes that disagree with the alphabet
        Path bad2 = dir.resolve("bad2");
        float[][] lp = new float[4][10];
        OnnxTestModels.write(bad2, 320, 48, 12, lp, "bad2");
        assertThatThrownBy(() -> Recogniser.open(bad2)).isInstanceOf(ModelException.class)
                .hasMessageContaining("logits").hasMessageContaining("37");
    }

    /**
     * A refiner that finds the plate 20 % shorter than the detector said, about the same centre: its corners are
     * used, once per pass, and the crop the reader reads is cut from them.
     */
    @Test
    void theCornerRefinerMovesTheCornersOncePerPass() {
        BufferedImage img = scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12);
        for (int passes : new int[] {1, 2}) {
            Path models = dir.resolve("refine" + passes);
            OnnxTestModels.write(models, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "refine");
            OnnxTestModels.writeRefiner(models, OnnxTestModels.unchanged(1, 0.8), passes);
            try (Recogniser r = Recogniser.open(models)) {
                assertThat(r.models().refiner().passes()).isEqualTo(passes);
                PlateResult p = r.recognise(img).plates().get(0);
                double h = 12 * Math.pow(0.8, passes);
                double[] c = p.corners();
                assertThat(c[0]).isCloseTo(122 - 24, within(1e-3));
                assertThat(c[1]).isCloseTo(82 - h / 2, within(1e-3));
                assertThat(c[4]).isCloseTo(122 + 24, within(1e-3));
                assertThat(c[5]).isCloseTo(82 + h / 2, within(1e-3));
                assertThat(p.box().height()).isLessThan(12);
                assertThat(p.text()).isEqualTo("01A123BC");
                Recognition withTimings = r.recognise(img);
                assertThat(withTimings.timings().refineMs()).isPositive();
                assertThat(withTimings.toJson()).contains("\"refineMs\":");

                // switched off by option: the detector's corners stand
                try (Recogniser off = Recogniser.open(models, RecogniserOptions.defaults().withRefineCorners(false))) {
                    PlateResult q = off.recognise(img).plates().get(0);
                    assertThat(q.box()).isEqualTo(new Box(122 - 24, 82 - 6, 48, 12));
                    assertThat(off.recognise(img).timings().refineMs()).isZero();
                }
            }
        }
    }

    /**
     * The plate is cut from the refined corners and from the detector's, and the reading decides: a refiner that
     * slides the quadrilateral half off the plate loses to the detector's corners, one that trims the black margin
     * wins (the test reader is surer of brighter crops).
     */
    @Test
    void theReaderArbitratesBetweenRefinedAndDetectedCorners() {
        BufferedImage img = scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12);
        Box detected = new Box(122 - 24, 82 - 6, 48, 12);
        Path off = dir.resolve("refine-off-plate");
        OnnxTestModels.write(off, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "refine-off");
        OnnxTestModels.writeBrightnessReader(off, OnnxTestModels.spelling("01A123BC", 0.9));
        OnnxTestModels.writeRefiner(off, OnnxTestModels.moved(0.5), 1);
        try (Recogniser r = Recogniser.open(off, RecogniserOptions.defaults().withRetryBelow(0))) {
            PlateResult p = r.recognise(img).plates().get(0);
            assertThat(p.text()).isEqualTo("01A123BC");
            assertThat(p.box()).isEqualTo(detected);
        }
        Path trim = dir.resolve("refine-trim");
        OnnxTestModels.write(trim, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "refine-trim");
        OnnxTestModels.writeBrightnessReader(trim, OnnxTestModels.spelling("01A123BC", 0.9));
        OnnxTestModels.writeRefiner(trim, OnnxTestModels.unchanged(0.9, 0.8), 1);
        try (Recogniser r = Recogniser.open(trim, RecogniserOptions.defaults().withRetryBelow(0))) {
            PlateResult p = r.recognise(img).plates().get(0);
            assertThat(p.box().height()).isLessThan(12);
            assertThat(p.box().width()).isLessThan(48);
            assertThat(p.corners()[1]).isCloseTo(82 - 0.8 * 6, within(1e-3));
        }
    }

    /** A refined quadrilateral with under half the detector's area is not trusted: the detector's corners stand. */
    @Test
    void anImplausibleRefinementIsIgnored() {
        Path models = dir.resolve("refine-bad");
        OnnxTestModels.write(models, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "refine-bad");
        OnnxTestModels.writeRefiner(models, OnnxTestModels.unchanged(0.5, 0.5), 1);
        try (Recogniser r = Recogniser.open(models)) {
            PlateResult p = r.recognise(scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12)).plates().get(0);
            assertThat(p.box()).isEqualTo(new Box(122 - 24, 82 - 6, 48, 12));
        }
    }

    @Test
    void aRefinerWithTheWrongInputIsRejectedWhenOpened() throws Exception {
        Path models = dir.resolve("refine-wrong");
        OnnxTestModels.write(models, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "refine-wrong");
        OnnxTestModels.writeRefiner(models, OnnxTestModels.unchanged(1, 1), 1);
        // the reader's file where the refiner's should be: input "plate", not "context"
        Files.copy(models.resolve("reader.onnx"), models.resolve("refiner.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Recogniser.open(models)).isInstanceOf(ModelException.class).hasMessageContaining("refiner");
        Files.delete(models.resolve("refiner.onnx"));
        assertThatThrownBy(() -> Recogniser.open(models)).isInstanceOf(ModelException.class)
                .hasMessageContaining("refiner.onnx does not exist");
    }

    @Test
    void optionsRejectARetryThresholdOutsideZeroToOne() {
        assertThatThrownBy(() -> RecogniserOptions.defaults().withRetryBelow(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryBelow");
        assertThat(RecogniserOptions.defaults().retryBelow()).isEqualTo(0.3);
        assertThat(RecogniserOptions.defaults().refineCorners()).isTrue();
    }

    /** A light grey plate: the fake detector's heat at its centre is about 0.16, under the 0.3 threshold. */
    static BufferedImage faintPlate() {
        BufferedImage img = scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(219, 219, 219));
        g.fillRect(4 * 30 + 2 - 24, 4 * 20 + 2 - 6, 48, 12);
        g.dispose();
        return img;
    }

    /** Of five equally weak detections, only the first four are read to be verified. */
    @Test
    void atMostFourWeakDetectionsAreRead() {
        BufferedImage img = scene(320, 240, -100, -100, 48, 12);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(219, 219, 219));
        int[][] centres = {{4 * 10 + 2, 4 * 8 + 2}, {4 * 30 + 2, 4 * 8 + 2}, {4 * 50 + 2, 4 * 8 + 2}, {4 * 10 + 2, 4 * 40 + 2},
            {4 * 30 + 2, 4 * 40 + 2}};
        for (int[] c : centres) {
            g.fillRect(c[0] - 24, c[1] - 6, 48, 12);
        }
        g.dispose();
        Path sure = dir.resolve("verify-five");
        OnnxTestModels.write(sure, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.99), "verify-five");
        try (Recogniser r = Recogniser.open(sure)) {
            Recognition rec = r.recognise(img);
            assertThat(rec.plates()).hasSize(Recogniser.MAX_WEAK);
            assertThat(rec.plates()).allSatisfy(p -> assertThat(p.detectionScore()).isBetween(0.1, 0.3));
        }
        try (Recogniser strongOnly = Recogniser.open(sure, RecogniserOptions.defaults().withDetectionThreshold(0.1))) {
            assertThat(strongOnly.recognise(img).plates()).hasSize(5); // at the detection threshold, all are plates
        }
    }

    /** A weak detection is reported when its reading is long and sure enough, and only then. */
    @Test
    void aWeakDetectionNeedsAReadingThatVerifiesIt() {
        Path sure = dir.resolve("verify-sure");
        OnnxTestModels.write(sure, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.99), "verify-sure");
        try (Recogniser r = Recogniser.open(sure)) {
            Recognition rec = r.recognise(faintPlate());
            assertThat(rec.plates()).hasSize(1);
            PlateResult p = rec.plates().get(0);
            assertThat(p.detectionScore()).isBetween(0.1, 0.3);
            assertThat(p.text()).isEqualTo("01A123BC");
            assertThat(p.candidates().get(0).modelProbability()).isGreaterThanOrEqualTo(0.5);
        }
        try (Recogniser off = Recogniser.open(sure, RecogniserOptions.defaults().withVerifyThreshold(0.3))) {
            assertThat(off.recognise(faintPlate()).plates()).isEmpty();
        }
        // an unsure reader: the same weak detection is dropped, a strong one is still reported
        Path unsure = dir.resolve("verify-unsure");
        OnnxTestModels.write(unsure, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "verify-unsure");
        try (Recogniser r = Recogniser.open(unsure)) {
            assertThat(r.recognise(faintPlate()).plates()).isEmpty();
            PlateResult strong = r.recognise(scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12)).plates().get(0);
            assertThat(strong.candidates().get(0).modelProbability()).isLessThan(0.5);
            assertThat(strong.text()).isEqualTo("01A123BC");
        }
        // a short text does not verify a weak detection however sure the reader is
        Path shortText = dir.resolve("verify-short");
        OnnxTestModels.write(shortText, 320, 48, 12, OnnxTestModels.spelling("01A", 0.999), "verify-short");
        try (Recogniser r = Recogniser.open(shortText)) {
            assertThat(r.recognise(faintPlate()).plates()).isEmpty();
        }
        assertThatThrownBy(() -> RecogniserOptions.defaults().withVerifyThreshold(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verifyThreshold");
    }

    /**
     * A reading shorter than {@code minCharacters} is mostly lettering, not a plate: it is reported only when the reader
     * is sure of it (short Uzbek personalised plates exist), however strong the detection.
     */
    @Test
    void aShortReadingMustBeSure() {
        BufferedImage strongPlate = scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12);
        Path unsure = dir.resolve("short-unsure");
        OnnxTestModels.write(unsure, 320, 48, 12, OnnxTestModels.spelling("01A", 0.9), "short-unsure");
        try (Recogniser r = Recogniser.open(unsure)) {
            assertThat(r.recognise(strongPlate).plates()).isEmpty();
        }
        try (Recogniser r = Recogniser.open(unsure, RecogniserOptions.defaults().withMinCharacters(3))) {
            Recognition rec = r.recognise(strongPlate);
            assertThat(rec.plates()).hasSize(1);
            assertThat(rec.plates().get(0).text()).isEqualTo("01A");
            assertThat(rec.plates().get(0).candidates().get(0).modelProbability()).isLessThan(Recogniser.SURE_PROBABILITY);
            assertThat(rec.plates().get(0).detectionScore()).isGreaterThanOrEqualTo(0.3);
        }
        Path sure = dir.resolve("short-sure");
        OnnxTestModels.write(sure, 320, 48, 12, OnnxTestModels.spelling("AKA", 0.999), "short-sure");
        try (Recogniser r = Recogniser.open(sure)) {
            Recognition rec = r.recognise(strongPlate);
            assertThat(rec.plates()).extracting(PlateResult::text).containsExactly("AKA");
            assertThat(rec.plates().get(0).candidates().get(0).modelProbability()).isGreaterThanOrEqualTo(0.5);
        }
        assertThatThrownBy(() -> RecogniserOptions.defaults().withMinCharacters(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minCharacters");
        assertThatThrownBy(() -> RecogniserOptions.defaults().withMinCharacters(17))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minCharacters");
    }

    /**
     * Plates come most likely first: a confidently read plate from a weaker detection before a strong detection that
     * reads as nothing plausible, because the first plate is the one a single-plate consumer keeps.
     */
    @Test
    void platesAreOrderedByDetectionScoreTimesConfidence() {
        PlateResult strongJunk = plate("2E2773", 0.009, 0.57);
        PlateResult weakButSure = plate("M5XSX", 0.99, 0.11);
        PlateResult strongAndSure = plate("01A123BC", 0.95, 0.8);
        java.util.List<PlateResult> plates = new java.util.ArrayList<>(java.util.List.of(strongJunk, weakButSure, strongAndSure));
        plates.sort(Recogniser.MOST_LIKELY_FIRST);
        assertThat(plates).extracting(PlateResult::text).containsExactly("01A123BC", "M5XSX", "2E2773");
    }

    private static PlateResult plate(String text, double confidence, double detectionScore) {
        return new PlateResult(new Box(0, 0, 10, 5), new double[] {0, 0, 10, 0, 10, 5, 0, 5}, text, confidence,
                java.util.List.of(new Candidate(text, confidence, confidence, null)), null, null, text, null, detectionScore);
    }
}
