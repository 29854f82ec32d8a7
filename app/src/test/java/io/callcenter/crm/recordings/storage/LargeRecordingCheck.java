package io.callcenter.crm.recordings.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Run in its own JVM by {@code LargeRecordingIT} (with a small heap): stores one file through the
 * {@link ObjectStore} and prints what the store verified and the most heap the JVM used meanwhile.
 * Arguments: endpoint, access key, secret key, bucket, file, key.
 */
public final class LargeRecordingCheck {

    private LargeRecordingCheck() {
    }

    public static void main(String[] args) throws Exception {
        ObjectStore store = new ObjectStore(new StorageProperties(args[0], args[1], args[2], args[3], "us-east-1",
                Duration.ofSeconds(60)));
        ObjectStore.Stored stored = store.put(args[5], Path.of(args[4]), "audio/wav", Map.of("call-id", "large"));
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("STORED " + stored.size() + " " + stored.sha256() + " PEAK-HEAP " + peak
                + " MAX-HEAP " + Runtime.getRuntime().maxMemory());
    }
}
