package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.telephony.AgentChannels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long run: 100,000 calls replayed from the real captures, 20 at a time with their events interleaved,
 * each under ids of its own. Every call ends and the tracker holds nothing afterwards.
 */
class TrackerSoakTest {

    private static final List<String> CAPTURES = List.of("01-inbound-queue-answered.ami", "02-inbound-queue-abandoned.ami",
            "04-click-to-call.ami", "P01-pjsip-inbound-queue-answered.ami", "P04-pjsip-click-to-call.ami");
    /** Uniqueids and Linkedids (1795335347.0), ChannelIds of click-to-calls, bridge UUIDs. */
    private static final Pattern ID = Pattern.compile(
            "\\b\\d{9,11}\\.\\d+\\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|crm-[0-9a-zA-Z-]+");

    @Test
    void aHundredThousandCallsLeaveNothingBehind() throws IOException {
        List<List<Frame>> scripts = new ArrayList<>();
        for (String capture : CAPTURES) {
            scripts.add(frames(Files.readString(AmiTranscript.CAPTURES.resolve(capture), StandardCharsets.UTF_8)));
        }
        AtomicLong ended = new AtomicLong();
        CallTracker tracker = new CallTracker(new AgentChannels("PJSIP/{extension}"), Set.of("1001", "1002")::contains,
                u -> {
                    if (u.change() == CallUpdate.Change.ENDED) {
                        ended.incrementAndGet();
                    }
                });
        Random random = new Random(7);
        int calls = 100_000;
        int atOnce = 20;
        int maxEvents = 0;
        for (int round = 0; round < calls / atOnce; round++) {
            List<List<Frame>> playing = new ArrayList<>();
            for (int k = 0; k < atOnce; k++) {
                playing.add(scripts.get(random.nextInt(scripts.size())));
            }
            int longest = playing.stream().mapToInt(List::size).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                for (int k = 0; k < atOnce; k++) {
                    List<Frame> script = playing.get(k);
                    if (i < script.size()) {
                        tracker.handle(script.get(i).play("r" + round + "k" + k + "-"));
                    }
                }
            }
            maxEvents = Math.max(maxEvents, tracker.registry().channels());
        }

        assertThat(ended.get()).isEqualTo(calls);
        assertThat(tracker.registry()).isEqualTo(CallTracker.Registry.EMPTY);
        assertThat(maxEvents).as("channels held at once stay bounded by the calls in progress").isLessThan(atOnce * 10);
    }

    /** One frame of a capture, its values cut where ids are, so each play puts its own prefix there. */
    private record Frame(String name, List<String> keys, List<List<String>> parts) {

        AmiEvent play(String prefix) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (int h = 0; h < keys.size(); h++) {
                List<String> value = parts.get(h);
                if (value.size() == 1) {
                    headers.put(keys.get(h), value.get(0));
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < value.size(); i++) {
                        if (i % 2 == 1) {
                            sb.append(prefix);
                        }
                        sb.append(value.get(i));
                    }
                    headers.put(keys.get(h), sb.toString());
                }
            }
            return new AmiEvent(name, headers, Instant.EPOCH);
        }
    }

    /** The capture's frames (the AMI transcript's own format), ids marked. */
    private static List<Frame> frames(String text) {
        List<Frame> frames = new ArrayList<>();
        for (String frame : text.replace("\r\n", "\n").split("\n\n")) {
            List<String> keys = new ArrayList<>();
            List<List<String>> parts = new ArrayList<>();
            String name = null;
            for (String line : frame.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    String key = line.substring(0, colon);
                    String value = line.substring(colon + 2);
                    if (key.equals("Event")) {
                        name = value;
                    }
                    keys.add(key);
                    // text, id, text, id, ..., text
                    List<String> cut = new ArrayList<>();
                    // the PBX's clock looks like an id (1795335347.503391): it is not one
                    Matcher m = ID.matcher(key.equals("Timestamp") ? "" : value);
                    int from = 0;
                    while (m.find()) {
                        cut.add(value.substring(from, m.start()));
                        cut.add(m.group());
                        from = m.end();
                    }
                    cut.add(value.substring(from));
                    parts.add(cut);
                }
            }
            if (name != null) {
                frames.add(new Frame(name, keys, parts));
            }
        }
        return frames;
    }
}
