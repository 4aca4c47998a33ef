package dev.plateguard.anpr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 3, when the models have a corner refiner and it is not switched off: places each detection's corners more
 * exactly. Each pass cuts a view around the last pass's corners ({@link PlateContext}) and moves them to where the
 * refiner finds the plate's; weak detections, read only to be verified, get one pass. A refined quadrilateral that is
 * degenerate, or whose area is less than half or more than twice the detector's, is not trusted: that detection keeps
 * its corners.
 *
 * @param passes how many times each strong detection's corners are refined
 * @param strong the detection threshold: detections below it are weak
 */
record RefineStage(OrtEnvironment env, OnnxModel refiner, int passes, double strong) implements Stage {

    private static final int CONTEXT = PlateContext.WIDTH * PlateContext.HEIGHT;

    @Override
    public void run(Call call) throws OrtException {
        if (call.detections.isEmpty()) {
            return;
        }
        call.refined = refine(call.ws, call.rgb, call.width, call.height, call.detections);
        call.clock.charge(StageClock.Part.REFINE);
    }

    private List<DetectionDecoder.Detection> refine(Workspace ws, int[] rgb, int w, int h,
                                                    List<DetectionDecoder.Detection> detections) throws OrtException {
        int n = detections.size();
        int strongCount = 0; // detections come strongest first: the strong ones are a prefix
        while (strongCount < n && detections.get(strongCount).score() >= strong) {
            strongCount++;
        }
        double[][] corners = new double[n][];
        for (int i = 0; i < n; i++) {
            corners[i] = detections.get(i).corners();
        }
        for (int pass = 0; pass < passes; pass++) {
            int m = pass == 0 ? n : strongCount;
            if (m == 0) {
                break;
            }
            boolean[] usable = cutViews(ws, rgb, w, h, corners, m);
            float[] out = runRefiner(ws, m);
            for (int i = 0; i < m; i++) {
                if (usable[i]) {
                    double[] refined = PlateContext.toImage(corners[i], out, 8 * i);
                    double ratio = Recogniser.area(refined) / Math.max(1e-9, Recogniser.area(detections.get(i).corners()));
                    if (ratio >= 0.5 && ratio <= 2 && finite(refined)) {
                        corners[i] = refined;
                    }
                }
            }
        }
        List<DetectionDecoder.Detection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DetectionDecoder.Detection d = detections.get(i);
            out.add(corners[i] == d.corners() ? d
                    : new DetectionDecoder.Detection(d.score(), corners[i], Box.around(corners[i], w, h)));
        }
        return out;
    }

    /** Cuts the views of the first {@code m} detections into the refiner input; a degenerate one is left blank. */
    private static boolean[] cutViews(Workspace ws, int[] rgb, int w, int h, double[][] corners, int m) {
        if (ws.context == null || ws.context.length < m * CONTEXT) {
            ws.context = new float[m * CONTEXT];
        }
        boolean[] usable = new boolean[m];
        for (int i = 0; i < m; i++) {
            try {
                PlateContext.grey(rgb, w, h, corners[i], ws.context, i * CONTEXT);
                usable[i] = true;
            } catch (IllegalArgumentException degenerate) {
                Arrays.fill(ws.context, i * CONTEXT, (i + 1) * CONTEXT, 0f);
            }
        }
        ws.refinerInput(m * CONTEXT).put(0, ws.context, 0, m * CONTEXT);
        return usable;
    }

    /** Runs the refiner on {@code m} views; returns their corners, 8 per view, in view coordinates. */
    private float[] runRefiner(Workspace ws, int m) throws OrtException {
        float[] out = new float[8 * m];
        try (OnnxTensor input = OnnxTensor.createTensor(env, ws.refineIn.slice(0, m * CONTEXT),
                new long[] {m, 1, PlateContext.HEIGHT, PlateContext.WIDTH});
             OrtSession.Result result = refiner.session().run(Map.of("context", input), Set.of("corners"))) {
            OnnxTensor t = (OnnxTensor) result.get("corners").orElseThrow();
            long[] shape = t.getInfo().getShape();
            if (shape.length != 2 || shape[0] != m || shape[1] != 8) {
                throw new ModelException(refiner.what() + ": corners have shape " + Arrays.toString(shape)
                        + ", expected [" + m + ", 8]");
            }
            t.getFloatBuffer().get(out);
        } catch (OrtException e) {
            throw new ModelException(refiner.what() + ": run failed for input [" + m + ", 1, " + PlateContext.HEIGHT
                    + ", " + PlateContext.WIDTH + "]: " + e.getMessage(), e);
        }
        return out;
    }

    /** Runs the refiner once on a grey view, so that its one-time costs do not fall on the first image. */
    void warmUp(Workspace ws) throws OrtException {
        FloatBuffer in = ws.refinerInput(CONTEXT);
        for (int k = 0; k < CONTEXT; k++) {
            in.put(k, 0.5f);
        }
        runRefiner(ws, 1);
    }

    private static boolean finite(double[] q) {
        for (double v : q) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
