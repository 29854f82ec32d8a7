package io.callcenter.crm.recordings.storage;

import io.callcenter.crm.shared.InvalidSettingException;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The bucket recordings are kept in. Checks the store and creates the bucket at start-up, so a wrong
 * endpoint or key stops the application with the property named instead of failing on the first call.
 */
@Component
@EnableConfigurationProperties(StorageProperties.class)
class ObjectStore {

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

    MinioClient client() {
        return client;
    }
}
