package io.callcenter.crm.platform;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What operators watch, at /actuator/prometheus: the call path's state as a scraper reads it. */
class OperatorMetricsIT extends ApplicationIT {

    @LocalServerPort int port;
    @Autowired PbxSimulator pbx;
    @Autowired AmiConnector ami;

    @Test
    void theCallPathIsScrapedAsPrometheusMetrics() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(ami::connected);
        String number = "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
        pbx.play(() -> pbx.calls().queueAnswered(number, "Metered", "8005551000", "sales", "1001", 0.3, 0.3));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape().statusCode()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(scrape().body()).contains("crm_screenpop_latency_seconds_count"));
        String metrics = scrape().body();

        assertThat(metrics).contains("crm_ami_connected 1.0", "crm_leader 1.0", "crm_lanes_depth ", "crm_lanes_oldest_seconds ",
                "crm_tracker_queue ", "crm_follower_kept ", "crm_announce_failures_total ",
                "crm_ami_events_total{type=\"Newchannel\"}", "crm_outbox_backlog ", "crm_outbox_oldest_seconds ", "crm_screenpop_latency_seconds_bucket{le=");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("not without a login").isEqualTo(401);
    }

    private HttpResponse<String> scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("sam:demo".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
