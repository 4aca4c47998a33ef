package dev.plateguard.server.evidence;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where evidence objects are kept ({@code plateguard.evidence.*} beside the keys of
 * {@link dev.plateguard.server.PlateGuardProperties.Evidence}; docs/evidence-storage.md).
 *
 * @param store      {@code file} (under the data directory, the default) or {@code s3} (an S3-compatible object
 *                   store: AWS S3, MinIO, Ceph RGW, S3Proxy) (PLATEGUARD_EVIDENCE_STORE)
 * @param retryAfter what ingest tells a camera to wait (Retry-After of its 503) when the evidence store cannot take
 *                   an upload
 * @param s3         the object store, when {@code store=s3}
 */
@ConfigurationProperties("plateguard.evidence")
public record EvidenceStorageSettings(
        @DefaultValue("file") Store store,
        @DefaultValue("15s") Duration retryAfter,
        @DefaultValue S3 s3) {

    /** The kinds of evidence store. */
    public enum Store {
        FILE, S3
    }

    /**
     * @param endpoint           the S3 API's base URL, e.g. https://minio.example.org:9000; empty for AWS S3 in
     *                           {@code region}. https anywhere; plain http only to a loopback address
     *                           (PLATEGUARD_EVIDENCE_S3_ENDPOINT)
     * @param region             the bucket's region (any value for most S3-compatible servers)
     * @param bucket             the bucket, created beforehand (PLATEGUARD_EVIDENCE_S3_BUCKET)
     * @param prefix             prefix of every object key, e.g. {@code evidence/}
     * @param pathStyleAccess    {@code https://host/bucket/key} instead of {@code https://bucket.host/key}; most
     *                           self-hosted servers (MinIO, Ceph, S3Proxy) need it
     * @param accessKeyId        the access key; empty: the AWS SDK's default chain (AWS_ACCESS_KEY_ID and
     *                           AWS_SECRET_ACCESS_KEY, ~/.aws, an instance or pod role) (PLATEGUARD_EVIDENCE_S3_ACCESS_KEY_ID)
     * @param secretAccessKey    the secret key belonging to {@code accessKeyId}; prefer {@code secret-access-key-file}
     *                           (PLATEGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY)
     * @param secretAccessKeyFile a file holding the secret key alone (PLATEGUARD_EVIDENCE_S3_SECRET_ACCESS_KEY_FILE)
     * @param multipartThreshold objects from this size on (videos) go up as multipart uploads
     * @param partSize           size of each part of a multipart upload (5 MB at least, an S3 rule)
     * @param conditionalWrites  create new objects with {@code If-None-Match: *}, so that of two concurrent uploads
     *                           of the same content exactly one reports it new; off for a server that rejects the
     *                           header (the race is then harmless: both write the same content under one data key)
     * @param connectTimeout     TCP/TLS connect timeout
     * @param socketTimeout      longest wait for data on an open connection
     * @param callTimeout        longest time for one S3 call, retries included (when the store is down, ingest
     *                           answers 503 after at most this)
     */
    public record S3(
            @DefaultValue("") String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("") String bucket,
            @DefaultValue("evidence/") String prefix,
            @DefaultValue("false") boolean pathStyleAccess,
            @DefaultValue("") String accessKeyId,
            @DefaultValue("") String secretAccessKey,
            Path secretAccessKeyFile,
            @DefaultValue("8MB") DataSize multipartThreshold,
            @DefaultValue("8MB") DataSize partSize,
            @DefaultValue("true") boolean conditionalWrites,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration socketTimeout,
            @DefaultValue("2m") Duration callTimeout) {

        /** Without the secret key, which must never reach a log. */
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix
                    + ", pathStyleAccess=" + pathStyleAccess + ", accessKeyId=" + accessKeyId + "]";
        }

        /** The endpoint as a URI, or null for AWS S3 itself; refuses plain http beyond loopback and credentials in it. */
        URI endpointUri() {
            if (endpoint.isBlank()) {
                return null;
            }
            URI uri;
            try {
                uri = URI.create(endpoint.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("plateguard.evidence.s3.endpoint is not a URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new IllegalStateException("plateguard.evidence.s3.endpoint must be an absolute http(s) URL");
            }
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                throw new IllegalStateException("plateguard.evidence.s3.endpoint must not carry credentials or a query");
            }
            if (scheme.equals("http") && !loopback(uri.getHost())) {
                // Objects are encrypted, but their names (content hashes), sizes and the signed requests are not.
                throw new IllegalStateException("plateguard.evidence.s3.endpoint: plain http is allowed only to a "
                        + "loopback address; use https");
            }
            return uri;
        }

        /** The secret key from the property or its file; empty when neither is set. */
        String secret() {
            if (secretAccessKeyFile != null) {
                try {
                    return Files.readString(secretAccessKeyFile).strip();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read plateguard.evidence.s3.secret-access-key-file "
                            + secretAccessKeyFile + ": " + e.getMessage(), e);
                }
            }
            return secretAccessKey.strip();
        }

        void check() {
            if (bucket.isBlank()) {
                throw new IllegalStateException("plateguard.evidence.s3.bucket is required when plateguard.evidence.store=s3");
            }
            if (partSize.toBytes() < 5L * 1024 * 1024 || partSize.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalStateException("plateguard.evidence.s3.part-size must be between 5MB and 2GB");
            }
            if (multipartThreshold.toBytes() < 1) {
                throw new IllegalStateException("plateguard.evidence.s3.multipart-threshold must be positive");
            }
            if (!accessKeyId.isBlank() && secret().isEmpty()) {
                throw new IllegalStateException("plateguard.evidence.s3.access-key-id is set but no secret key: set "
                        + "plateguard.evidence.s3.secret-access-key-file (or secret-access-key)");
            }
            endpointUri();
        }

        private static boolean loopback(String host) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (h.equalsIgnoreCase("localhost")) {
                return true;
            }
            if (!h.matches("[0-9.]+") && !h.contains(":")) {
                return false; // a name other than localhost: not resolved here
            }
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
