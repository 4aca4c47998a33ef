package dev.plateguard.anpr;

import ai.onnxruntime.OrtException;

/**
 * One step of a recognition ({@link Recogniser} runs them in order): it reads what the earlier stages left in the
 * {@link Call}, adds its own part, and charges its time to the call's {@link StageClock}.
 */
interface Stage {

    void run(Call call) throws OrtException;
}
