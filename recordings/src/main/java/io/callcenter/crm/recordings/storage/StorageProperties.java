package io.callcenter.crm.recordings.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code crm.storage.*}: the S3-compatible store recordings live in. When the endpoint is not set
 * the application starts an embedded store and fills these in before this module starts.
 */
@Validated
@ConfigurationProperties("crm.storage")
record StorageProperties(String endpoint, String accessKey, String secretKey,
                                @DefaultValue("recordings") String bucket,
                                @DefaultValue("us-east-1") String region,
                                @DefaultValue("5s") Duration connectTimeout) {
}
