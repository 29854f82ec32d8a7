package io.callcenter.crm.recordings.storage;

import io.callcenter.crm.shared.InvalidSettingException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.net.URISyntaxException;

/**
 * The bucket recordings are kept in. Checks the store and creates the bucket at start-up, so a wrong
 * endpoint or key stops the application with the property named instead of failing on the first call.
 */
@Component
@EnableConfigurationProperties(StorageProperties.class)
public class ObjectStore {

    /** What the store holds now under a key: as many bytes as the file had, with the same SHA-256. */
    public record Stored(String key, long size, String sha256) {
    }

    /** Streamed in parts of this size: memory stays flat whatever the file's size. */
    private static final long PART = 16L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final MinioClient client;
    private final String bucket;

    public ObjectStore(StorageProperties properties) {
        String endpoint = properties.endpoint();
        if (endpoint == null || endpoint.isBlank()) {
            throw new InvalidSettingException("crm.storage.endpoint", "is not set");
        }
        try {
            URI uri = new URI(endpoint);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new InvalidSettingException("crm.storage.endpoint",
                        "'" + endpoint + "' is not an http(s)://host:port URL");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("crm.storage.endpoint", "'" + endpoint + "' is not a URL", e);
        }
        if (properties.accessKey() == null || properties.accessKey().isBlank()) {
            throw new InvalidSettingException("crm.storage.access-key", "is required with crm.storage.endpoint");
        }
        if (properties.secretKey() == null || properties.secretKey().isBlank()) {
            throw new InvalidSettingException("crm.storage.secret-key", "is required with crm.storage.endpoint");
        }
        this.bucket = properties.bucket();
        this.client = MinioClient.builder()
                .endpoint(endpoint)
                .region(properties.region())
                .credentials(properties.accessKey(), properties.secretKey())
                .build();
        long timeout = properties.connectTimeout().toMillis();
        client.setTimeout(timeout, timeout, timeout);
        ensureBucket(endpoint);
    }

    private void ensureBucket(String endpoint) {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                log.info("Created bucket '{}' at {}", bucket, endpoint);
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            String property = code.contains("AccessDenied") || code.contains("Signature") || code.contains("AccessKey")
                    ? "crm.storage.access-key" : "crm.storage.bucket";
            throw new InvalidSettingException(property, "the store at " + endpoint + " refused bucket '" + bucket
                    + "': " + code + " " + e.errorResponse().message(), e);
        } catch (Exception e) {
            throw new InvalidSettingException("crm.storage.endpoint",
                    "cannot reach the object store at " + endpoint + " (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + ")", e);
        }
    }

    /** Whether the bucket can be reached now; used by the health endpoint. */
    public boolean reachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            log.debug("object store check failed", e);
            return false;
        }
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Streams the file into the bucket under {@code key} (in parts, so memory stays flat), then reads the
     * stored object back and checks its size and SHA-256 against the file's: only a verified copy is
     * reported stored. Putting the same key again replaces the object, so a retry never stores it twice.
     */
    public Stored put(String key, Path file, String contentType, Map<String, String> metadata) throws IOException {
        long size = Files.size(file);
        String sha256;
        try (InputStream in = Files.newInputStream(file)) {
            sha256 = sha256(in);
        }
        Map<String, String> meta = new HashMap<>(metadata);
        meta.put("sha256", sha256);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, PART)
                    .contentType(contentType).userMetadata(meta).build());
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            if (stat.size() != size) {
                throw new IOException("the store holds " + stat.size() + " bytes of " + key + ", the file has " + size);
            }
            String stored;
            try (InputStream back = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                stored = sha256(back);
            }
            if (!stored.equals(sha256)) {
                throw new IOException("the stored " + key + " is not the file: SHA-256 " + stored + " instead of " + sha256);
            }
            return new Stored(key, size, sha256);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the store did not take " + key + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the object (deleting one that is gone already is no error). */
    public void delete(String key) throws IOException {
        try {
            client.removeObject(io.minio.RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new IOException("the store did not delete " + key + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code length} bytes of the object from {@code offset} (a Range request), streamed from the store. */
    public InputStream open(String key, long offset, long length) throws IOException {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length).build());
        } catch (Exception e) {
            throw new IOException("the store did not give " + key + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    MinioClient client() {
        return client;
    }
}
