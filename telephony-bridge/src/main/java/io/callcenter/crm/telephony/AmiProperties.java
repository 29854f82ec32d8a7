package io.callcenter.crm.telephony;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;

/** {@code crm.ami.*}: the Asterisk the CRM listens to and dials through. */
@Validated
@ConfigurationProperties("crm.ami")
public record AmiProperties(
        String host,
        @DefaultValue("5038") @Min(1) @Max(65535) int port,
        String username,
        String password,
        @DefaultValue("PJSIP/{extension}") @NotBlank
        @Pattern(regexp = ".*\\{extension}.*", message = "must contain {extension}") String agentChannel,
        @DefaultValue("from-internal") @NotBlank String originateContext,
        @DefaultValue("2s") Duration reconnectDelay,
        @DefaultValue("5s") Duration heartbeat,
        @DefaultValue("15s") Duration leaderLease,
        @DefaultValue("30s") Duration originateTimeout,
        @DefaultValue("parkedcalls") @NotBlank String parkingContext,
        @DefaultValue("5m") Duration holdTimeout,
        Map<String, String> transferQueues) {

    public AmiProperties {
        transferQueues = transferQueues == null ? Map.of() : Map.copyOf(transferQueues);
    }

    /** The leader proves it is alive every heartbeat; a lease of fewer than two would lose the lead to a slow one. */
    @AssertTrue(message = "crm.ami.leader-lease must be at least twice crm.ami.heartbeat")
    public boolean isLeaderLeaseAtLeastTwoHeartbeats() {
        return leaderLease.compareTo(heartbeat.multipliedBy(2)) >= 0;
    }

    /** Whether an Asterisk is configured; without one the bridge stays idle (or dials the simulator). */
    public boolean configured() {
        return host != null && !host.isBlank();
    }
}
