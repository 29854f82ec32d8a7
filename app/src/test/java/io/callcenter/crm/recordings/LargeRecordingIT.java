package io.callcenter.crm.recordings;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.recordings.storage.LargeRecordingCheck;
import io.callcenter.crm.recordings.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 500 MB recording (a long call at high quality) goes into the store and is verified by a JVM whose heap is
 * capped at 256 MB: the upload and the verification stream, nothing holds the file in memory.
 */
class LargeRecordingIT extends ApplicationIT {

    private static final long SIZE = 500L * 1024 * 1024;

    @Autowired Environment env;
    @Autowired ObjectStore store;

    @Test
    void aFiveHundredMegabyteFileIsStoredAndVerifiedWithA256MegabyteHeap() throws Exception {
        Path file = Files.createTempFile("large-recording", ".wav");
        String key = "large/" + file.getFileName();
        try {
            String sha = write(file);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), LargeRecordingCheck.class.getName(),
                    env.getProperty("crm.storage.endpoint"), env.getProperty("crm.storage.access-key"),
                    env.getProperty("crm.storage.secret-key"), store.bucket(), file.toString(), key));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();

            assertThat(child.exitValue()).as(output).isZero();
            String line = output.lines().filter(l -> l.startsWith("STORED ")).findFirst().orElseThrow();
            System.out.println("LargeRecordingIT: " + line);
            String[] parts = line.split(" ");
            assertThat(Long.parseLong(parts[1])).isEqualTo(SIZE);
            assertThat(parts[2]).as("the store's copy, read back, has the file's SHA-256").isEqualTo(sha);
            assertThat(Long.parseLong(parts[6])).as("the child's heap really was capped").isLessThanOrEqualTo(256L * 1024 * 1024);
        } finally {
            Files.deleteIfExists(file);
            store.delete(key);
        }
    }

    /** 500 MB of varied bytes behind a WAV header; returns their SHA-256. */
    private static String write(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long written = 0; written < SIZE; written += block.length) {
                random.nextBytes(block);
                if (written == 0) {
                    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, block, 0, 4);
                }
                out.write(block);
                digest.update(block);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
