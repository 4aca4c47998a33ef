package dev.plateguard.server.users;

import java.util.List;

/**
 * Signed-in browser sessions were ended here (signed out, revoked, ended by an admin, timed out, account changed):
 * published inside the transaction that ended them, so that the session store deletes them with it and no node can
 * load them again.
 *
 * @param sessionHashes SHA-256 of each ended session's id (what {@code user_session} keeps)
 */
public record BrowserSessionsEnded(List<byte[]> sessionHashes) {
}
