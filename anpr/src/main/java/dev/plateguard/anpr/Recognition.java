package dev.plateguard.anpr;

import java.util.List;

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
        StringBuilder b = new StringBuilder(256);
        b.append("{\"millis\":").append(millis)
                .append(",\"modelVersion\":").append(Json.quote(modelVersion))
                .append(",\"width\":").append(imageWidth)
                .append(",\"height\":").append(imageHeight)
                .append(",\"timings\":{")
                .append("\"decodeMs\":").append(Json.number(timings.decodeMs(), 3))
                .append(",\"detectorPrepMs\":").append(Json.number(timings.detectorPrepMs(), 3))
                .append(",\"detectorRunMs\":").append(Json.number(timings.detectorRunMs(), 3))
                .append(",\"detectorDecodeMs\":").append(Json.number(timings.detectorDecodeMs(), 3))
                .append(",\"refineMs\":").append(Json.number(timings.refineMs(), 3))
                .append(",\"readerPrepMs\":").append(Json.number(timings.readerPrepMs(), 3))
                .append(",\"readerRunMs\":").append(Json.number(timings.readerRunMs(), 3))
                .append(",\"readerDecodeMs\":").append(Json.number(timings.readerDecodeMs(), 3))
                .append("},\"plates\":[");
        for (int p = 0; p < plates.size(); p++) {
            PlateResult r = plates.get(p);
            if (p > 0) {
                b.append(',');
            }
            b.append("{\"text\":").append(Json.quote(r.text()))
                    .append(",\"confidence\":").append(Json.number(r.confidence(), 6))
                    .append(",\"box\":{\"x\":").append(r.box().x()).append(",\"y\":").append(r.box().y())
                    .append(",\"w\":").append(r.box().width()).append(",\"h\":").append(r.box().height()).append('}')
                    .append(",\"corners\":[");
            double[] c = r.corners();
            for (int k = 0; k < c.length; k++) {
                b.append(k > 0 ? "," : "").append(Json.number(c[k], 1));
            }
            b.append("],\"country\":").append(Json.quote(r.country()))
                    .append(",\"format\":").append(Json.quote(r.format()))
                    .append(",\"display\":").append(Json.quote(r.display()))
                    .append(",\"region\":").append(Json.quote(r.region()))
                    .append(",\"detectionScore\":").append(Json.number(r.detectionScore(), 4))
                    .append(",\"candidates\":[");
            for (int k = 0; k < r.candidates().size(); k++) {
                Candidate cand = r.candidates().get(k);
                b.append(k > 0 ? "," : "").append("{\"text\":").append(Json.quote(cand.text()))
                        .append(",\"confidence\":").append(Json.number(cand.confidence(), 6))
                        .append(",\"modelProbability\":").append(Json.number(cand.modelProbability(), 6))
                        .append(",\"format\":").append(Json.quote(cand.format())).append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }
}
