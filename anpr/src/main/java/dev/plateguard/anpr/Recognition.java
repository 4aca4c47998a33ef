package dev.plateguard.anpr;

import static dev.plateguard.anpr.AnprJson.rounded;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the recogniser found in one image.
 *
 * @param plates       the plates found, most likely first (detection score × reading confidence); empty when none
 * @param millis       wall-clock time of the whole recognition, decoding of an encoded image included
 * @param modelVersion the {@code version} of the models that produced it ({@code models.json})
 * @param imageWidth   width of the image as decoded, in pixels (0 when unknown)
 * @param imageHeight  height of the image as decoded, in pixels (0 when unknown)
 * @param timings      the time per stage
 */
public record Recognition(List<PlateResult> plates, long millis, String modelVersion, int imageWidth, int imageHeight,
                          Timings timings) {

    public Recognition {
        plates = List.copyOf(plates);
    }

    public Recognition(List<PlateResult> plates, long millis, String modelVersion) {
        this(plates, millis, modelVersion, 0, 0, Timings.NONE);
    }

    /** The most likely plate (highest detection score × reading confidence), if any. */
    public java.util.Optional<PlateResult> best() {
        return plates.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(plates.get(0));
    }

    /**
     * This recognition as one line of JSON: {@code {"millis":..,"modelVersion":..,"width":..,"height":..,
     * "timings":{..},"plates":[{"text":..,"confidence":..,"box":{"x":..,"y":..,"w":..,"h":..},"corners":[..],
     * "country":..,"format":..,"display":..,"region":..,"detectionScore":..,"candidates":[{"text":..,
     * "confidence":..,"modelProbability":..,"format":..}]}]}}.
     */
    public String toJson() {
        return AnprJson.MAPPER.writeValueAsString(toJsonTree());
    }

    /** The object that {@link #toJson()} writes, for callers that add to it (the CLI puts the file name first). */
    public ObjectNode toJsonTree() {
        ObjectNode root = AnprJson.MAPPER.createObjectNode().put("millis", millis).put("modelVersion", modelVersion)
                .put("width", imageWidth).put("height", imageHeight);
        root.putObject("timings")
                .set("decodeMs", rounded(timings.decodeMs(), 3))
                .set("detectorPrepMs", rounded(timings.detectorPrepMs(), 3))
                .set("detectorRunMs", rounded(timings.detectorRunMs(), 3))
                .set("detectorDecodeMs", rounded(timings.detectorDecodeMs(), 3))
                .set("refineMs", rounded(timings.refineMs(), 3))
                .set("readerPrepMs", rounded(timings.readerPrepMs(), 3))
                .set("readerRunMs", rounded(timings.readerRunMs(), 3))
                .set("readerDecodeMs", rounded(timings.readerDecodeMs(), 3));
        ArrayNode platesNode = root.putArray("plates");
        for (PlateResult r : plates) {
            ObjectNode p = platesNode.addObject().put("text", r.text()).set("confidence", rounded(r.confidence(), 6));
            p.putObject("box").put("x", r.box().x()).put("y", r.box().y()).put("w", r.box().width()).put("h", r.box().height());
            ArrayNode corners = p.putArray("corners");
            for (double c : r.corners()) {
                corners.add(rounded(c, 1));
            }
            p.put("country", r.country()).put("format", r.format()).put("display", r.display()).put("region", r.region())
                    .set("detectionScore", rounded(r.detectionScore(), 4));
            ArrayNode candidates = p.putArray("candidates");
            for (Candidate c : r.candidates()) {
                candidates.addObject().put("text", c.text()).set("confidence", rounded(c.confidence(), 6))
                        .set("modelProbability", rounded(c.modelProbability(), 6)).put("format", c.format());
            }
        }
        return root;
    }
}
