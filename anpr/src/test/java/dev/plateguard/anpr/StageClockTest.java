package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageClockTest {

    @Test
    void eachChargeGoesToItsPartAndThePartsAddUpToTheWhole() throws InterruptedException {
        StageClock clock = new StageClock();
        Thread.sleep(5);
        clock.charge(StageClock.Part.DETECTOR_RUN);
        Thread.sleep(5);
        clock.charge(StageClock.Part.READER_DECODE);
        Thread.sleep(2);
        clock.charge(StageClock.Part.READER_DECODE);
        Timings t = clock.timings();
        assertThat(t.detectorRunMs()).isGreaterThanOrEqualTo(5);
        assertThat(t.readerDecodeMs()).isGreaterThanOrEqualTo(7);
        assertThat(t.decodeMs() + t.detectorPrepMs() + t.detectorDecodeMs() + t.refineMs() + t.readerPrepMs()
                + t.readerRunMs()).isZero();
        assertThat(clock.elapsedMillis()).isGreaterThanOrEqualTo(Math.round(t.totalMs()) - 1);
    }

    @Test
    void aRecognitionsTimingsCoverItsStages(@TempDir Path dir) {
        OnnxTestModels.write(dir, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "clock");
        try (Recogniser r = Recogniser.open(dir)) {
            Recognition rec = r.recognise(RecogniserTest.scene(320, 240, 4 * 30 + 2, 4 * 20 + 2, 48, 12));
            assertThat(rec.plates()).hasSize(1);
            Timings t = rec.timings();
            assertThat(t.decodeMs()).as("a decoded image was passed in").isZero();
            assertThat(t.detectorPrepMs()).isPositive();
            assertThat(t.readerPrepMs()).isPositive();
            assertThat(t.readerDecodeMs()).isPositive();
            assertThat(t.totalMs()).isLessThanOrEqualTo(rec.millis() + 1.0);
        }
    }
}
