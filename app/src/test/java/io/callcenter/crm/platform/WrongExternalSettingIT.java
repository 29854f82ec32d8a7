package io.callcenter.crm.platform;

import io.callcenter.crm.shared.InvalidSettingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A wrong external setting stops start-up naming the property; it never falls back to an embedded service. */
class WrongExternalSettingIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "spring.datasource.url   | --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/crm",
            "spring.datasource.url   | --spring.datasource.url=jdbc:mysql://127.0.0.1/crm",
            "crm.redis.url           | --crm.redis.url=redis://127.0.0.1:1",
            "crm.redis.url           | --crm.redis.url=localhost:6379",
            "crm.storage.endpoint    | --crm.storage.endpoint=http://127.0.0.1:1, --crm.storage.access-key=k, --crm.storage.secret-key=s",
            "crm.storage.access-key  | --crm.storage.endpoint=http://127.0.0.1:9000",
            "crm.phone.default-region| --crm.phone.default-region=XX"})
    void startUpStopsNamingTheProperty(String property, String settings) throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "wrong-setting-");

        Throwable failure = catchThrowable(() -> DataSurvivesRestartIT.start(dataDir, settings.split(",\\s*")).close());

        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (cause != null && !(cause instanceof InvalidSettingException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("cause naming %s in %s", property, failure).isNotNull();
        assertThat(((InvalidSettingException) cause).property()).isEqualTo(property);
        if (property.startsWith("crm.redis")) {
            assertThat(dataDir.resolve("redis")).as("no embedded Redis instead").doesNotExist();
        }
        if (property.startsWith("spring.datasource")) {
            assertThat(dataDir.resolve("postgres")).as("no embedded PostgreSQL instead").doesNotExist();
        }
        if (property.startsWith("crm.storage")) {
            assertThat(dataDir.resolve("objects")).as("no embedded store instead").doesNotExist();
        }
    }
}
