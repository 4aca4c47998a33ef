package dev.plateguard.server.http;

/** One rejected input field, named by its JSON path (e.g. {@code plate.confidence}, {@code reads[3].eventId}). */
public record FieldProblem(String field, String message) {
}
