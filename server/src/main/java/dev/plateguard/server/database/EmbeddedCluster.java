package dev.plateguard.server.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** What the files of an embedded PostgreSQL cluster say about it, for the server and for commands beside it. */
public final class EmbeddedCluster {

    private EmbeddedCluster() {
    }

    /**
     * The port of the PostgreSQL running on {@code clusterDir}, if one runs: its {@code postmaster.pid} (line 1 the
     * pid, line 4 the port) names a live process, and that port is in use. A server killed with -9 leaves such a
     * cluster behind; a stale file (process gone, or port free) answers empty.
     */
    public static OptionalInt runningPort(Path clusterDir) {
        try {
            List<String> pid = Files.readAllLines(clusterDir.resolve("postmaster.pid"));
            if (pid.size() <= 3) {
                return OptionalInt.empty();
            }
            long processId = Long.parseLong(pid.get(0).strip());
            int port = Integer.parseInt(pid.get(3).strip());
            boolean alive = ProcessHandle.of(processId).map(ProcessHandle::isAlive).orElse(false);
            return alive && !isFree(port) ? OptionalInt.of(port) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
