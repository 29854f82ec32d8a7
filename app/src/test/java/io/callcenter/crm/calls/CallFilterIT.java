package io.callcenter.crm.calls;

import io.callcenter.crm.ApplicationIT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The call list's filters (the supervisors' recordings view uses them all), each against calls of known figures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallFilterIT extends ApplicationIT {

    @Autowired CallLog callLog;
    @Autowired JdbcClient jdbc;

    /** A queue name of this run only, so other tests' calls never match. */
    private final String queue = "filters-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final String digits = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
    private Call short20;
    private Call exactly30;
    private Call long300;
    private Call missed;

    @BeforeAll
    void givenFourCallsOfKnownTalkOutcomeAndRecording() {
        Instant start = Instant.now().minusSeconds(3600);
        short20 = record("555" + digits, "Imogen Filterby", start, 20);
        exactly30 = record("556" + digits, "Otto Filterby", start.plusSeconds(60), 30);
        long300 = record("557" + digits, "Imogen Otherby", start.plusSeconds(120), 300);
        missed = record("558" + digits, "Nobody Filterby", start.plusSeconds(180), -1);
        callLog.wrapUp(exactly30.id(), "Sale", "took three");
        recorded(short20, false);
        recorded(long300, true);
    }

    @Test
    void talkTimeRangesMeetWithoutGapOrOverlap() {
        assertThat(ids(base().withTalkBetween(null, 30))).containsExactly(short20.id());
        assertThat(ids(base().withTalkBetween(30, 120))).as("30 s exactly is in the upper range").containsExactly(exactly30.id());
        assertThat(ids(base().withTalkBetween(120, 600))).containsExactly(long300.id());
        assertThat(ids(base().withTalkBetween(600, null))).isEmpty();
        assertThat(ids(base())).as("an unanswered call has no talk time, and no range holds it")
                .containsExactlyInAnyOrder(short20.id(), exactly30.id(), long300.id(), missed.id());
    }

    @Test
    void numberContactAndOutcomeNarrowTheList() {
        assertThat(ids(base().withNumber("(556) " + digits.substring(0, 3) + "-" + digits.substring(3)))).containsExactly(exactly30.id());
        assertThat(ids(base().withNumber(digits))).hasSize(4);
        assertThat(ids(base().withContactName("imogen"))).as("any part, any case").containsExactlyInAnyOrder(short20.id(), long300.id());
        assertThat(ids(base().withContactName("100%_"))).as("wildcards are taken literally").isEmpty();
        assertThat(ids(base().withDisposition("Sale"))).containsExactly(exactly30.id());
    }

    @Test
    void recordedOnlyLeavesOutCallsWithoutOrWithADeletedRecording() {
        assertThat(ids(base().recorded())).containsExactly(short20.id());
        assertThat(callLog.count(base().recorded())).isEqualTo(1);
        assertThat(callLog.queuesSince(Instant.now().minusSeconds(7200))).contains(queue);
    }

    private CallFilter base() {
        return CallFilter.all().withQueue(queue);
    }

    private List<Long> ids(CallFilter f) {
        return callLog.search(f, 0, 50).stream().map(Call::id).toList();
    }

    private Call record(String number, String name, Instant start, int talkSeconds) {
        boolean answered = talkSeconds >= 0;
        Instant answeredAt = answered ? start.plusSeconds(5) : null;
        Instant end = answered ? answeredAt.plusSeconds(talkSeconds) : start.plusSeconds(25);
        Call call = callLog.record(new CallSnapshot("filter-" + UUID.randomUUID(), CallDirection.INBOUND,
                answered ? CallStatus.ANSWERED : CallStatus.MISSED, number, name, "8005551000", answered ? "1001" : null, queue,
                start, answeredAt, end, "1001", null)).call();
        jdbc.sql("update contacts set name = :n where id = :c").param("n", name).param("c", call.contactId()).update();
        return call;
    }

    private void recorded(Call call, boolean deleted) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into recordings (id, call_id, object_key, size_bytes, sha256, content_type, stored_at, deleted_at)
                values (:id, :call, :key, 44, :sha, 'audio/wav', now(), :deleted)""")
                .param("id", id).param("call", call.id()).param("key", "calls/" + call.id() + "/filter.wav")
                .param("sha", "0".repeat(64)).param("deleted", deleted ? java.sql.Timestamp.from(Instant.now()) : null).update();
        jdbc.sql("update calls set recording_id = :id where id = :call").param("id", id).param("call", call.id()).update();
    }
}
