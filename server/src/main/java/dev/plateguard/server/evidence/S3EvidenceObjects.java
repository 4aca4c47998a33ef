package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Evidence objects in an S3-compatible bucket, under {@code <prefix><sha256>}, through the AWS SDK. A PUT is
 * acknowledged only once the store holds the whole object durably, and readers never see part of one; objects
 * from {@code multipart-threshold} on (videos) go up in parts, and a positioned read (video seeking) fetches
 * byte ranges. Every failure to reach the store is an {@link EvidenceStoreUnavailable}.
 */
@Component
@ConditionalOnProperty(name = "plateguard.evidence.store", havingValue = "s3")
class S3EvidenceObjects implements EvidenceObjects, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3EvidenceObjects.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A positioned read fetches at least this much, so that decrypting a range segment by segment is a few GETs. */
    private static final int READ_WINDOW = 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long multipartThreshold;
    private final int partSize;
    private final boolean conditionalWrites;
    private final Duration retryAfter;

    @Autowired
    S3EvidenceObjects(EvidenceStorageSettings settings) {
        this(settings.s3(), settings.retryAfter());
    }

    S3EvidenceObjects(EvidenceStorageSettings.S3 settings, Duration retryAfter) {
        settings.check();
        this.s3 = client(settings);
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.multipartThreshold = settings.multipartThreshold().toBytes();
        this.partSize = Math.toIntExact(settings.partSize().toBytes());
        this.conditionalWrites = settings.conditionalWrites();
        this.retryAfter = retryAfter;
        try {
            s3.headBucket(b -> b.bucket(bucket));
            log.info("Evidence objects in bucket {} under prefix '{}'", bucket, prefix);
        } catch (SdkException e) {
            // Not fatal: the store may come up after the server. Until then ingest answers 503.
            log.error("Evidence bucket {} cannot be reached: {}", bucket, e.getMessage());
        }
    }

    private static S3Client client(EvidenceStorageSettings.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout()))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyleAccess())
                .credentialsProvider(credentials(settings))
                .overrideConfiguration(c -> c.apiCallTimeout(settings.callTimeout()))
                // The SDK's default trailing CRC checksums (aws-chunked uploads) are not understood by many
                // S3-compatible servers. Integrity does not depend on them: requests are signed (over TLS the
                // transport authenticates the bytes), and every read is authenticated and hashed end to end.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpointUri() != null) {
            builder.endpointOverride(settings.endpointUri());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(EvidenceStorageSettings.S3 settings) {
        if (settings.accessKeyId().isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().strip(), settings.secret()));
    }

    @Override
    public boolean exists(String sha256) throws IOException {
        return head(sha256) != null;
    }

    /** The object's metadata, or null when there is none. */
    private HeadObjectResponse head(String sha256) throws IOException {
        String key = key(sha256);
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null; // a HEAD has no body to name the error
            }
            throw failure("look up", sha256, e);
        } catch (SdkException e) {
            throw failure("look up", sha256, e);
        }
    }

    /**
     * Uploads at once, on the request's thread: an upload is a network round trip, and a group commit's one writer
     * must not make them one after another. An object without its read is an orphan the sweeper removes.
     */
    @Override
    public Staged stage(String sha256, byte[] bytes) throws IOException {
        return new Staged(sha256, null, null, put(sha256, bytes));
    }

    @Override
    public boolean put(String sha256, byte[] bytes) throws IOException {
        return write(sha256, bytes, conditionalWrites);
    }

    @Override
    public void replace(String sha256, byte[] bytes) throws IOException {
        write(sha256, bytes, false); // a PUT replaces a whole object atomically
    }

    /** Writes an object; with {@code createOnly}, false when one of that name was there first. */
    private boolean write(String sha256, byte[] bytes, boolean createOnly) throws IOException {
        String key = key(sha256);
        try {
            if (bytes.length >= multipartThreshold) {
                return writeInParts(key, bytes, createOnly);
            }
            s3.putObject(b -> {
                b.bucket(bucket).key(key).contentType("application/octet-stream").contentLength((long) bytes.length);
                if (createOnly) {
                    b.ifNoneMatch("*");
                }
            }, RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (createOnly && e.statusCode() == 412) {
                return false; // a concurrent upload of the same content stored it first
            }
            throw failure("store", sha256, e);
        } catch (SdkException e) {
            throw failure("store", sha256, e);
        }
    }

    private boolean writeInParts(String key, byte[] bytes, boolean createOnly) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/octet-stream"))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int offset = 0, number = 1; offset < bytes.length; offset += partSize, number++) {
                byte[] part = Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + partSize));
                int n = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n)
                        .contentLength((long) part.length), RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> {
                b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
                if (createOnly) {
                    b.ifNoneMatch("*");
                }
            });
            return true;
        } catch (SdkException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort); // the sweep aborts it later
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        String key = key(sha256);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw failure("read", sha256, e);
        }
    }

    @Override
    public SeekableByteChannel channel(String sha256) throws IOException {
        HeadObjectResponse head = head(sha256);
        if (head == null) {
            throw new NoSuchFileException(key(sha256));
        }
        return new RangedChannel(sha256, head.eTag(), head.contentLength());
    }

    @Override
    public void delete(String sha256) throws IOException {
        String key = key(sha256);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key)); // S3 answers 204 for a key that is already gone
        } catch (SdkException e) {
            throw failure("delete", sha256, e);
        }
    }

    @Override
    public void forEach(Consumer<String> each) throws IOException {
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String name = name(object.key());
                if (name != null) {
                    each.accept(name);
                }
            }
        } catch (SdkException e) {
            throw failure("list", "", e);
        }
    }

    @Override
    public int sweep(Duration grace, Predicate<String> referenced) throws IOException {
        Instant cutoff = Instant.now().minus(grace);
        int deleted = 0;
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String name = name(object.key());
                if (name != null && object.lastModified().isBefore(cutoff) && !referenced.test(name)) {
                    s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
                    deleted++;
                }
            }
            // Uploads in parts that never completed (the process died during one) hold storage until aborted.
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads()) {
                if (upload.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    deleted++;
                }
            }
        } catch (SdkException e) {
            throw failure("sweep", "", e);
        }
        return deleted;
    }

    @Override
    public void close() {
        s3.close();
    }

    String key(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return prefix + sha256;
    }

    /** The object name of a key under the prefix, or null for a key that is not an evidence object. */
    private String name(String key) {
        String name = key.substring(prefix.length());
        return SHA256.matcher(name).matches() ? name : null;
    }

    /**
     * An SDK failure as an IOException: a store that cannot be reached or answers with a server error is
     * unavailable (retry later); anything else (access denied, no such bucket) is a plain I/O error. Neither message
     * holds credentials: the SDK never puts them in its exceptions.
     */
    private IOException failure(String what, String sha256, SdkException e) {
        String message = "cannot " + what + " evidence " + sha256 + " in bucket " + bucket + ": " + e.getMessage();
        if (e instanceof SdkClientException || e instanceof S3Exception s && (s.statusCode() >= 500 && s.statusCode() != 501 || s.statusCode() == 429)) {
            return new EvidenceStoreUnavailable(message, retryAfter, e);
        }
        return new IOException(message, e);
    }

    /**
     * Positioned reads of one object by ranged GETs, each made on condition that the object is still the one
     * whose length was taken ({@code If-Match} its ETag): a replaced object fails the read rather than mix bytes.
     */
    private final class RangedChannel implements SeekableByteChannel {
        private final String sha256;
        private final String etag;
        private final long size;
        private long position;
        private boolean open = true;
        private byte[] window = new byte[0];
        private long windowStart;

        RangedChannel(String sha256, String etag, long size) {
            this.sha256 = sha256;
            this.etag = etag;
            this.size = size;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            ensureOpen();
            if (position >= size) {
                return -1;
            }
            if (position < windowStart || position >= windowStart + window.length) {
                fetch(position, Math.max(READ_WINDOW, dst.remaining()));
            }
            int offset = (int) (position - windowStart);
            int n = Math.min(dst.remaining(), window.length - offset);
            dst.put(window, offset, n);
            position += n;
            return n;
        }

        private void fetch(long start, int length) throws IOException {
            long end = Math.min(size, start + length) - 1;
            String key = key(sha256);
            try {
                window = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + start + "-" + end)
                        .ifMatch(etag)).asByteArrayUnsafe();
                windowStart = start;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    throw new IOException("evidence " + sha256 + " was replaced while it was read", e);
                }
                throw failure("read", sha256, e);
            } catch (SdkException e) {
                throw failure("read", sha256, e);
            }
            if (window.length != end - start + 1) {
                throw new IOException("evidence " + sha256 + ": range " + start + "-" + end + " came back with "
                        + window.length + " bytes");
            }
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            ensureOpen();
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            ensureOpen();
            if (newPosition < 0) {
                throw new IllegalArgumentException("negative position");
            }
            position = newPosition;
            return this;
        }

        @Override
        public long size() throws IOException {
            ensureOpen();
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long newSize) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            window = new byte[0];
        }

        private void ensureOpen() throws ClosedChannelException {
            if (!open) {
                throw new ClosedChannelException();
            }
        }
    }
}
