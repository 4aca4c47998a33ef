package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.util.unit.DataSize;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy (its jar with dependencies, copied to {@code target/s3proxy} by the
 * build) in a process of its own on a free loopback port, keeping objects in a temporary directory, so that it can
 * be stopped and started again (the store going down and coming back) without losing them. Its Jetty, jclouds and
 * Guava stay out of the test JVM.
 */
public final class S3Server implements AutoCloseable {

    /** The largest object the server takes in one PUT. */
    public static final long MAX_SINGLE_PUT = 6L * 1024 * 1024;

    private static final Path JAR = Path.of("target/s3proxy/s3proxy.jar");

    private final String accessKey = "pg-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String secretKey = UUID.randomUUID().toString();
    private final String bucket = "evidence-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path dir;
    private final int port;
    private volatile Process process;
    private S3Client client;

    private S3Server() throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests through Maven (the "
                    + "build copies S3Proxy there at process-test-classes)");
        }
        dir = Files.createTempDirectory("plateguard-s3-");
        Files.createDirectories(dir.resolve("data").resolve(bucket)); // a directory of the base dir is a bucket
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                // A single PUT of more than this is refused, so that an object of more can only have gone up in parts.
                "s3proxy.max-single-part-object-size=" + MAX_SINGLE_PUT,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=local",
                "jclouds.credential=local",
                "jclouds.filesystem.basedir=" + dir.resolve("data")) + "\n");
        // Never outlive the tests, even when they end abruptly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }));
    }

    /** Starts a server with one empty bucket. */
    public static S3Server start() {
        try {
            S3Server server = new S3Server();
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startProcess() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(),
                "--properties", dir.resolve("s3proxy.properties").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Files.readString(dir.resolve("s3proxy.log"));
                throw new IllegalStateException("S3Proxy exited: " + log.substring(Math.max(0, log.length() - 2000)));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within 60 s");
    }

    /** Stops the server process (the store is down), keeping its objects. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts the stopped server again, on the same port and with the same objects. */
    public void restart() {
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The server's settings as PlateGuard takes them (plateguard.evidence.s3.*). */
    public EvidenceStorageSettings.S3 settings(String prefix, DataSize multipartThreshold) {
        return new EvidenceStorageSettings.S3(endpoint(), "us-east-1", bucket, prefix, true, accessKey, secretKey, null,
                multipartThreshold, DataSize.ofMegabytes(5), true, Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(20));
    }

    /** A client of its own, to look at (or tamper with) the bucket directly. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.US_EAST_1).forcePathStyle(true).endpointOverride(URI.create(endpoint()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
