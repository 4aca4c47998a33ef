package dev.plateguard.anpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ONNX Runtime sessions of one set of models, each checked against the contract of docs/anpr-models.md as it is
 * loaded; when one fails to load or breaks the contract, those already open are closed again.
 *
 * @param refiner the corner refiner, or null when the models have none
 */
record ModelSessions(OnnxModel detector, OnnxModel reader, OnnxModel refiner) implements AutoCloseable {

    /**
     * @param refinerBytes null when the models have no refiner
     * @param source       where the models come from, for error messages
     */
    static ModelSessions load(ModelConfig config, byte[] detectorBytes, byte[] readerBytes, byte[] refinerBytes, String source,
                              int intraOpThreads) {
        List<OnnxModel> opened = new ArrayList<>(3);
        try {
            OnnxModel detector = open(opened, detectorBytes, "detector (" + source + "/" + config.detector().file() + ")",
                    intraOpThreads);
            detector.check(Map.of("image", new long[] {1, 3, -1, -1}),
                    Map.of("heatmap", new long[] {1, 1, -1, -1}, "corners", new long[] {1, 8, -1, -1}));
            OnnxModel reader = open(opened, readerBytes, "reader (" + source + "/" + config.reader().file() + ")", intraOpThreads);
            reader.check(Map.of("plate", new long[] {-1, 1, PlateCrop.HEIGHT, PlateCrop.WIDTH}),
                    Map.of("logits", new long[] {-1, -1, config.readerClasses()}));
            OnnxModel refiner = null;
            if (refinerBytes != null) {
                refiner = open(opened, refinerBytes, "refiner (" + source + "/" + config.refiner().file() + ")", intraOpThreads);
                refiner.check(Map.of("context", new long[] {-1, 1, PlateContext.HEIGHT, PlateContext.WIDTH}),
                        Map.of("corners", new long[] {-1, 8}));
            }
            return new ModelSessions(detector, reader, refiner);
        } catch (RuntimeException e) {
            for (OnnxModel m : opened) {
                m.close();
            }
            throw e;
        }
    }

    private static OnnxModel open(List<OnnxModel> opened, byte[] bytes, String what, int intraOpThreads) {
        OnnxModel m = OnnxModel.load(bytes, what, intraOpThreads);
        opened.add(m);
        return m;
    }

    @Override
    public void close() {
        try {
            detector.close();
        } finally {
            try {
                reader.close();
            } finally {
                if (refiner != null) {
                    refiner.close();
                }
            }
        }
    }
}
