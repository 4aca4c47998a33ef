package dev.plateguard.anpr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;

/**
 * Stage 2: finds the plates. The image is scaled into the detector input ({@link DetectorInput}), the detector runs,
 * and its heat map and corners become detections ({@link DetectionDecoder}), down to the verification threshold:
 * those below the detection threshold, at most {@link Recogniser#MAX_WEAK}, are kept as weak detections, to be
 * reported only if their reading verifies them.
 *
 * @param maxSide the detector input's longest side
 */
record DetectStage(OrtEnvironment env, OnnxModel detector, ModelConfig.Detector config, RecogniserOptions options,
                   int maxSide) implements Stage {

    @Override
    public void run(Call call) throws OrtException {
        DetectorInput.Layout layout = prepare(call);
        call.clock.charge(StageClock.Part.DETECTOR_PREP);
        int gridH = layout.height() / config.stride();
        int gridW = layout.width() / config.stride();
        runDetector(call.ws, layout, gridH, gridW);
        call.clock.charge(StageClock.Part.DETECTOR_RUN);
        call.detections = detections(call, layout, gridH, gridW);
        call.refined = call.detections;
        call.clock.charge(StageClock.Part.DETECTOR_DECODE);
    }

    /** Reads the pixels and fills the workspace's detector input. */
    private DetectorInput.Layout prepare(Call call) {
        Workspace ws = call.ws;
        int[] rgb = DetectorInput.Pixels.rgb(call.image, ws.rgb);
        if (rgb != ws.rgb && !(call.image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt)) {
            ws.rgb = rgb; // a fresh conversion buffer: keep it for the next image (never keep an image's own pixels)
        }
        call.rgb = rgb;
        DetectorInput.Layout layout = DetectorInput.layout(call.width, call.height, maxSide);
        DetectorInput.fill(rgb, call.width, call.height, maxSide, ws.detectorInput(layout.size()));
        return layout;
    }

    /** Runs the detector; its outputs land in the workspace's pinned heat-map and corner buffers. */
    private void runDetector(Workspace ws, DetectorInput.Layout layout, int gridH, int gridW) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, ws.detIn.slice(0, layout.size()),
                new long[] {1, 3, layout.height(), layout.width()})) {
            ws.pinDetectorOutputs(env, gridH, gridW);
            try (OrtSession.Result ignored = detector.session().run(Map.of("image", input),
                    Map.of("heatmap", ws.heatT, "corners", ws.cornT))) {
                // the outputs were written into the pinned buffers
            } catch (OrtException e) {
                throw new ModelException(detector.what() + ": run failed for input [1, 3, " + layout.height() + ", "
                        + layout.width() + "] (expected outputs heatmap [1, 1, " + gridH + ", " + gridW + "] and corners [1, 8, "
                        + gridH + ", " + gridW + "] for stride " + config.stride() + "): " + e.getMessage(), e);
            }
        }
    }

    /** Peaks down to the verification threshold, strongest first, with at most {@link Recogniser#MAX_WEAK} weak ones. */
    private List<DetectionDecoder.Detection> detections(Call call, DetectorInput.Layout layout, int gridH, int gridW) {
        double strong = options.detectionThreshold();
        List<DetectionDecoder.Detection> detections = DetectionDecoder.decode(call.ws.heat, call.ws.corn, gridH, gridW,
                new DetectionDecoder.Params(config.stride(), config.cornerScale(), layout.scale(), call.width, call.height,
                        Math.min(strong, options.verifyThreshold()), options.nmsIou(), options.maxPlates()));
        int weakSeen = 0;
        for (int i = 0; i < detections.size(); i++) {
            if (detections.get(i).score() < strong && ++weakSeen > Recogniser.MAX_WEAK) {
                return detections.subList(0, i); // strongest first: everything after is weaker still
            }
        }
        return detections;
    }
}
