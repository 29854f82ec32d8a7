package io.callcenter.crm.telephony;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SpillingQueueTest {

    private static final SpillingQueue.Codec<String> TEXT = new SpillingQueue.Codec<>() {
        @Override
        public String write(String item) {
            return item;
        }

        @Override
        public String read(String line) {
            return line;
        }
    };

    @TempDir
    Path dir;

    @Test
    void beyondItsCapacityItemsWaitOnDiskAndComeOutInTheOrderTheyWentIn() throws Exception {
        SpillingQueue<String> queue = new SpillingQueue<>(3, dir.resolve("lane.jsonl"), TEXT);
        for (int i = 1; i <= 10; i++) {
            queue.add("u" + i);
        }
        assertThat(queue.inMemory()).isEqualTo(3);
        assertThat(queue.onDisk()).isEqualTo(7);

        List<String> out = new ArrayList<>();
        out.add(queue.poll(1, TimeUnit.SECONDS));
        queue.drainTo(out, 4);
        // what arrives while the file is being read goes behind it, not into memory ahead of it
        queue.add("u11");
        queue.drainTo(out, 100);

        assertThat(out).containsExactly("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "u10", "u11");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.spilled()).isEqualTo(8);
        assertThat(dir.resolve("lane.jsonl")).doesNotExist();

        queue.add("u12");
        assertThat(queue.inMemory()).as("memory again once the disk is read").isEqualTo(1);
    }

    @Test
    void whatWaitsWhenTheNodeStopsIsThereWhenItStarts() throws Exception {
        Path file = dir.resolve("lane.jsonl");
        SpillingQueue<String> before = new SpillingQueue<>(2, file, TEXT);
        for (int i = 1; i <= 5; i++) {
            before.add("u" + i);
        }
        List<String> taken = new ArrayList<>();
        before.drainTo(taken, 3);
        before.returnToHead(taken.subList(1, 3));
        before.close();

        SpillingQueue<String> after = new SpillingQueue<>(2, file, TEXT);
        List<String> out = new ArrayList<>();
        after.drainTo(out, 100);

        assertThat(out).containsExactly("u2", "u3", "u4", "u5");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void pollWaitsForAnItemAndGivesUpAtTheTimeout() throws Exception {
        SpillingQueue<String> queue = new SpillingQueue<>(2, dir.resolve("lane.jsonl"), TEXT);
        assertThat(queue.poll(50, TimeUnit.MILLISECONDS)).isNull();

        Thread producer = new Thread(() -> queue.add("late"));
        producer.start();
        assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo("late");
        producer.join();
    }
}
