package dev.plateguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay that stands for an object store going down: it passes bytes, then cuts and refuses, then passes again. */
class ObjectStoreProxyTest {

    private ServerSocket echo;
    private ObjectStoreProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // closed
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = new ObjectStoreProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void relaysThenCutsAndRefusesWhileDownThenRelaysAgain() throws Exception {
        try (Socket open = connect()) {
            assertThat(roundTrip(open)).isTrue();
            proxy.down(true);
            assertThat(open.getInputStream().read()).isEqualTo(-1); // the open connection is cut
            try (Socket refused = connect()) {
                assertThat(refused.getInputStream().read()).isEqualTo(-1);
            }
        }
        proxy.down(false);
        try (Socket again = connect()) {
            assertThat(roundTrip(again)).isTrue();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static boolean roundTrip(Socket s) throws IOException {
        s.getOutputStream().write("ping".getBytes());
        InputStream in = s.getInputStream();
        return new String(in.readNBytes(4)).equals("ping");
    }
}
