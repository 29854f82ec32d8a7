package io.callcenter.crm.benchmark;

import org.junit.jupiter.api.AfterEach;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak command, for a minute: it keeps working and writes its report (its figures mean nothing). */
class SoakSmokeIT extends SoakBenchmark {

    private static final Path REPORT = Path.of("target", "benchmarks", "soak-smoke.md");

    @Override
    Plan plan() {
        return new Plan(Duration.ofSeconds(30), Duration.ofSeconds(15), 2, 20, 6, Duration.ofSeconds(5), REPORT);
    }

    @AfterEach
    void theReportIsWritten() throws Exception {
        assertThat(Files.readString(REPORT)).contains("# Soak", "| soak |", "| database down |", "| database back |",
                "still open");
    }
}
