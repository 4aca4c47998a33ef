package dev.plateguard.server.recognition;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.plateguard.anpr.Box;
import dev.plateguard.anpr.Candidate;
import dev.plateguard.anpr.PlateResult;
import dev.plateguard.anpr.Recognition;
import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateInterpretation;
import dev.plateguard.server.evidence.ContentHash;

/**
 * A deterministic recogniser for tests: it answers what the test scripted for an image (by the image's SHA-256),
 * and "no plate" for every other image. A closed gate holds every call, so tests can fill the queue or order
 * recognition against detection.
 */
public final class ScriptedPlateReader implements PlateReader {

    public static final String NAME = "scripted";
    public static final String VERSION = "scripted-1";

    private final Map<String, Recognition> script = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    /** The country hint of each image recognised, by the image's SHA-256 ("none" for null). */
    private final Map<String, String> hints = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate;

    /** From now on, {@code image} reads as {@code text} (a 0.93 confidence, one look-alike candidate). */
    public void script(byte[] image, String text) {
        script.put(ContentHash.of(image), recognition(text));
    }

    public static Recognition recognition(String text) {
        PlateInterpretation reading = PlateClassifier.classify(text).getFirst();
        String alternative = text.replace('8', 'B').equals(text) ? text + "1" : text.replace('8', 'B');
        PlateResult plate = new PlateResult(new Box(40, 20, 120, 30), new double[] {40, 20, 160, 20, 160, 50, 40, 50},
                text, 0.93, List.of(new Candidate(text, 0.93), new Candidate(alternative, 0.04)),
                reading.country().name(), reading.format().name(), reading.display(), reading.region(), 0.99);
        return new Recognition(List.of(plate), 7, VERSION);
    }

    /** Every call waits until {@link #open()}. */
    public void close() {
        gate = new CountDownLatch(1);
    }

    public void open() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    public int calls() {
        return calls.get();
    }

    /** The country hint the image was last recognised with: an ISO code, "none", or null when never recognised. */
    public String hintFor(byte[] image) {
        return hints.get(ContentHash.of(image));
    }

    @Override
    public Recognition recognise(byte[] encodedImage, dev.plateguard.plates.Country countryHint) {
        hints.put(ContentHash.of(encodedImage), countryHint == null ? "none" : countryHint.name());
        return recognise(encodedImage);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State state() {
        return State.ready(VERSION, "test script");
    }

    @Override
    public Recognition recognise(byte[] encodedImage) {
        calls.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Recognition r = script.get(ContentHash.of(encodedImage));
        return r != null ? r : new Recognition(List.of(), 3, VERSION);
    }
}
