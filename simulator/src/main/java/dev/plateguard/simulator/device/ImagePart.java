package dev.plateguard.simulator.device;

/** One {@code image} part of a read. */
public record ImagePart(String filename, String contentType, byte[] bytes) {
}
