package dev.plateguard.anpr;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 4: cuts the plates out of the image, rectified to the reader input ({@link PlateCrop}). Each plate is cut
 * from its refined corners and, when they differ, from the detector's own: on real photographs unlike its training
 * data the refiner can be wrong, and the reader arbitrates. A weak detection is cut once, from its best corners: it is
 * only read to be verified. A plate that may have two rows is also cut with its rows side by side. Corners that span
 * no area cannot be a plate: a detection without a single cut is dropped.
 *
 * @param strong the detection threshold: detections below it are weak
 */
record CutStage(double strong) implements Stage {

    @Override
    public void run(Call call) {
        List<DetectionDecoder.Detection> detections = call.detections;
        List<DetectionDecoder.Detection> plates = new ArrayList<>(detections.size());
        CropReader.Cuts cuts = new CropReader.Cuts();
        call.ws.crops(4 * detections.size());
        for (int i = 0; i < detections.size(); i++) {
            DetectionDecoder.Detection d = detections.get(i);
            DetectionDecoder.Detection refined = call.refined.get(i);
            double[][] from = refined == d ? new double[][] {d.corners()}
                    : d.score() < strong ? new double[][] {refined.corners()}
                    : new double[][] {refined.corners(), d.corners()};
            int before = cuts.size();
            for (double[] c : from) {
                try {
                    PlateCrop.grey(call.rgb, call.width, call.height, c, call.ws.crops, cuts.size() * CropReader.CROP);
                    cuts.add(plates.size(), c, false);
                    if (PlateCrop.mayHaveTwoRows(c)) {
                        PlateCrop.greyTwoRows(call.rgb, call.width, call.height, c, call.ws.crops,
                                cuts.size() * CropReader.CROP);
                        cuts.add(plates.size(), c, true);
                    }
                } catch (IllegalArgumentException degenerate) {
                    // the first cut throws before anything is added
                }
            }
            if (cuts.size() > before) {
                plates.add(d);
            }
        }
        call.plates = plates;
        call.cuts = cuts;
        call.clock.charge(StageClock.Part.READER_PREP);
    }
}
