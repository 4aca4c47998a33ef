package dev.plateguard.server.recognition;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether this node runs recognitions ({@code plateguard.recognition.worker.*}, docs/scaling.md). With several
 * nodes, recognition can run on nodes of its own: those keep it on, the nodes that serve people and cameras switch it
 * off. Jobs are rows of {@code recognition_job} claimed with a lease, so each runs on one node, and a job of a node
 * that died is taken by another once its lease passes.
 *
 * @param enabled run recognition workers on this node (PLATEGUARD_RECOGNITION_WORKER_ENABLED). Off, this node still
 *                stores the jobs of image-only reads and people's requests (with {@code plateguard.recognition.enabled}),
 *                and a node with the worker on takes them within its {@code poll-interval}
 */
@ConfigurationProperties("plateguard.recognition.worker")
public record RecognitionWorkerSettings(@DefaultValue("true") boolean enabled) {
}
