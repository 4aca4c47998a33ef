package dev.plateguard.anpr;

import java.util.ArrayList;
import java.util.List;

/**
 * In place of {@link DetectStage} for {@link Recogniser#readPlates}: the plates are given (their corners in image
 * pixels, say from a labelled box), so nothing is detected; each becomes a strong detection for the stages that cut,
 * read and rank. Reading the pixels is charged to the detector input, as {@link DetectStage} charges it.
 *
 * @param corners per plate x0, y0, ... x3, y3 for top-left, top-right, bottom-right, bottom-left
 */
record GivenPlatesStage(List<double[]> corners) implements Stage {

    @Override
    public void run(Call call) {
        Workspace ws = call.ws;
        int[] rgb = DetectorInput.Pixels.rgb(call.image, ws.rgb);
        if (rgb != ws.rgb && !(call.image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt)) {
            ws.rgb = rgb;
        }
        call.rgb = rgb;
        List<DetectionDecoder.Detection> given = new ArrayList<>(corners.size());
        for (double[] c : corners) {
            if (c.length != 8) {
                throw new IllegalArgumentException("plate corners must be 8 numbers, got " + c.length);
            }
            given.add(new DetectionDecoder.Detection(1.0, c.clone(), Box.around(c, call.width, call.height)));
        }
        call.detections = given;
        call.refined = given;
        call.clock.charge(StageClock.Part.DETECTOR_PREP);
    }
}
