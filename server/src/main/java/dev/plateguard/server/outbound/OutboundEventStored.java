package dev.plateguard.server.outbound;

/**
 * Published in the transaction that stored an outbound event: delivery listens for it after commit, so that a
 * stored event goes out at once rather than at the next poll.
 */
public record OutboundEventStored(long id, String type) {
}
