package dev.plateguard.simulator.device;

import java.util.List;

import dev.plateguard.simulator.network.DeployedCamera;
import dev.plateguard.simulator.render.Evidence;
import dev.plateguard.simulator.traffic.Sighting;

/**
 * A read ready to post: the camera whose key sends it, its metadata JSON and its images. Retries resend exactly
 * these bytes, so the server recognises a retry as a duplicate rather than a conflict.
 */
public record ReadUpload(DeployedCamera camera, String eventId, ReadMetadata metadata, byte[] metadataJson,
                         List<ImagePart> images, Sighting sighting, Evidence evidence) {

    public ReadUpload {
        images = List.copyOf(images);
    }
}
