package dev.plateguard.server.recognition;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.plateguard.anpr.Recogniser;
import dev.plateguard.anpr.RecogniserOptions;
import dev.plateguard.anpr.Recognition;
import dev.plateguard.plates.Country;

/**
 * The server's recogniser: module {@code anpr} (ONNX Runtime on the CPU) with the models of
 * {@code plateguard.recognition.models}, or the bundled ones when that is empty.
 *
 * <p>Missing or broken models do not stop the server: it logs one warning that says what is wrong and how to
 * provide them, reports it in {@link #state()} (shown by {@code /api/v1/recognition/status} and the health
 * endpoint), and image-only reads wait in the job table. While unavailable, the models are looked for again at most
 * every {@code model-retry}, so models copied into the models directory are picked up without a restart.
 */
@Component
public class AnprPlateReader implements PlateReader, DisposableBean {

    /** Recorded as the recogniser of every recognition it makes. */
    public static final String NAME = "plateguard-anpr";

    private static final Logger log = LoggerFactory.getLogger(AnprPlateReader.class);

    private final RecognitionSettings settings;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile Recogniser recogniser;
    private volatile String problem;
    private volatile Instant nextTry = Instant.MIN;

    @Autowired
    public AnprPlateReader(RecognitionSettings settings) {
        this(settings, Clock.systemUTC());
    }

    AnprPlateReader(RecognitionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        if (settings.enabled()) {
            load(true);
        } else {
            problem = "recognition is switched off (plateguard.recognition.enabled=false)";
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State state() {
        Recogniser current = recogniser;
        if (current == null && settings.enabled() && !clock.instant().isBefore(nextTry)) {
            current = load(false);
        }
        return current == null ? State.unavailable(problem) : State.ready(current.modelVersion(), current.source());
    }

    @Override
    public Recognition recognise(byte[] encodedImage) {
        return loaded().recognise(encodedImage);
    }

    @Override
    public Recognition recognise(byte[] encodedImage, Country countryHint) {
        return loaded().recognise(encodedImage, countryHint);
    }

    @Override
    public Recognition recogniseClip(byte[] mp4) {
        return recogniseClip(mp4, null);
    }

    @Override
    public Recognition recogniseClip(byte[] mp4, Country countryHint) {
        return loaded().recogniseClip(mp4, countryHint);
    }

    private Recogniser loaded() {
        Recogniser current = recogniser;
        if (current == null) {
            throw new Unavailable(problem);
        }
        return current;
    }

    private Recogniser load(boolean first) {
        synchronized (lock) {
            if (recogniser != null) {
                return recogniser;
            }
            nextTry = clock.instant().plus(settings.modelRetry());
            String where = settings.models().isEmpty() ? "the bundled models (classpath:" + Recogniser.BUNDLED_RESOURCES + ")"
                    : "the models directory " + settings.models();
            try {
                RecogniserOptions options = RecogniserOptions.defaults().withTopN(settings.topN())
                        .withDetectionThreshold(settings.detectionThreshold()).withIntraOpThreads(1);
                Recogniser opened = settings.models().isEmpty() ? Recogniser.bundled(options)
                        : Recogniser.open(Path.of(settings.models()), options);
                recogniser = opened;
                problem = null;
                log.info("Plate recognition ready: models {} from {}", opened.modelVersion(), opened.source());
                return opened;
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: ONNX Runtime's native library could not be loaded on this platform.
                problem = "no usable recogniser models in " + where + ": " + e.getMessage();
                if (first) {
                    log.warn("Plate recognition is unavailable: {}. The server runs without it: image-only reads are "
                            + "stored and wait for recognition, nothing is lost; models are looked for again every {}. "
                            + "Set plateguard.recognition.models (PLATEGUARD_RECOGNITION_MODELS) to a models directory, "
                            + "see docs/recognition.md.", problem, settings.modelRetry());
                } else {
                    log.debug("Recogniser models still unavailable: {}", problem);
                }
                return null;
            }
        }
    }

    @Override
    public void destroy() {
        Recogniser current = recogniser;
        recogniser = null;
        problem = "the server is shutting down";
        if (current != null) {
            current.close();
        }
    }
}
