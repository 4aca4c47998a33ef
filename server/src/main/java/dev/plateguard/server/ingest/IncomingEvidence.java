package dev.plateguard.server.ingest;

import dev.plateguard.server.evidence.MediaInspector;

/** One checked evidence part of a read, with its content hash. */
record IncomingEvidence(String kind, byte[] bytes, String sha256, MediaInspector.Inspection inspection) {
}
