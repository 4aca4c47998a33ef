package dev.plateguard.server.recognition;

import java.util.concurrent.atomic.AtomicReference;

import dev.plateguard.anpr.Recognition;

/**
 * The recogniser the test server uses ({@code @Primary}, see {@link RecognitionTestConfiguration}): the
 * {@link ScriptedPlateReader} unless a test switches to another one (the real {@link AnprPlateReader} on test or
 * bundled models, or one that fails) for a while.
 */
public final class SwitchablePlateReader implements PlateReader {

    private final ScriptedPlateReader scripted;
    private final AtomicReference<PlateReader> target = new AtomicReference<>();

    public SwitchablePlateReader(ScriptedPlateReader scripted) {
        this.scripted = scripted;
        target.set(scripted);
    }

    /** Uses {@code reader} until the returned handle is closed (then the scripted one again). */
    public AutoCloseable use(PlateReader reader) {
        target.set(reader);
        return () -> target.set(scripted);
    }

    @Override
    public String name() {
        return target.get().name();
    }

    @Override
    public State state() {
        return target.get().state();
    }

    @Override
    public Recognition recognise(byte[] encodedImage) {
        return target.get().recognise(encodedImage);
    }

    @Override
    public Recognition recogniseClip(byte[] mp4) {
        return target.get().recogniseClip(mp4);
    }

    @Override
    public Recognition recognise(byte[] encodedImage, dev.plateguard.plates.Country countryHint) {
        return target.get().recognise(encodedImage, countryHint);
    }

    @Override
    public Recognition recogniseClip(byte[] mp4, dev.plateguard.plates.Country countryHint) {
        return target.get().recogniseClip(mp4, countryHint);
    }
}
