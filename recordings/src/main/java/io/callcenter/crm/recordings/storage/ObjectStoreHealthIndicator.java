package io.callcenter.crm.recordings.storage;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component {@code storage}: the recordings bucket answers. */
@Component("storageHealthIndicator")
class ObjectStoreHealthIndicator extends AbstractHealthIndicator {

    private final ObjectStore store;

    ObjectStoreHealthIndicator(ObjectStore store) {
        super("object store check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("bucket", store.bucket());
        if (store.reachable()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
