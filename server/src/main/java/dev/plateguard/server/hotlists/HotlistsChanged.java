package dev.plateguard.server.hotlists;

/**
 * Published in the transaction of every change of a list or an entry: after commit this node's index is rebuilt
 * before the next plate is matched (other nodes notice {@code hotlist_version}).
 *
 * @param version the {@code hotlist_version} the change moved on to
 */
record HotlistsChanged(long version) {
}
