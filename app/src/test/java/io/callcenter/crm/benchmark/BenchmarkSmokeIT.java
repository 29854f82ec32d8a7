package io.callcenter.crm.benchmark;

import org.junit.jupiter.api.AfterAll;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark command, small: it keeps working and writes its report (its figures mean nothing). */
class BenchmarkSmokeIT extends PerformanceBenchmark {

    private static final Path REPORT = Path.of("target", "benchmarks", "smoke.md");

    @Override
    Scale scale() {
        return new Scale(1, 2_000, 40, 20, 10, 5, 20, 5, REPORT);
    }

    @AfterAll
    @Override
    void writeTheReport() throws Exception {
        super.writeTheReport();
        assertThat(Files.readString(REPORT)).contains("# Benchmarks", "## Contact lookup", "## AMI events to stored call records",
                "## Screen-pop latency", "| 1 |");
    }
}
