package io.callcenter.crm;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Base of the integration tests that share one running application on the embedded real services.
 * Each test run gets a fresh data directory, so tests never see a previous run's rows. The built-in
 * PBX simulator is connected over AMI but makes no calls of its own: tests play the calls they need.
 */
// metrics as in production (Boot's tests turn their export off by default): /actuator/prometheus is tested
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"crm.demo.enabled=true", "crm.simulator.enabled=true", "crm.simulator.calls-per-minute=0",
                "crm.ami.heartbeat=1s", "crm.ami.reconnect-delay=200ms",
                "crm.ami.originate-timeout=3s",
                // after-call work pauses agents after each call: AfterCallWorkIT tests it, the others play calls freely
                "crm.agents.after-call-work=PT0S"})
public abstract class ApplicationIT {

    static {
        if (System.getProperty("crm.data-dir") == null) {
            System.setProperty("crm.data-dir", "target/it-data/run-" + System.currentTimeMillis());
        }
    }
}
