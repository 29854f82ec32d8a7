package io.callcenter.crm.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AMI byte stream of many concurrent calls, made from the real Asterisk 20 captures (noise included):
 * each call is a capture played under ids and a caller number of its own, {@code atOnce} of them with
 * their events interleaved as a PBX carrying that many calls would send them.
 */
final class RecordedStream {

    static final Path CAPTURES = Path.of("..", "telephony-bridge", "src", "test", "resources", "ami-transcripts");
    private static final List<String> INBOUND = List.of("01-inbound-queue-answered.ami", "02-inbound-queue-abandoned.ami",
            "P01-pjsip-inbound-queue-answered.ami");
    private static final Pattern ID = Pattern.compile(
            "\\b\\d{9,11}\\.\\d+\\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CALLER = Pattern.compile("\\b5550123456\\b");

    /** The frames of each chunk, as bytes on the wire. */
    final List<byte[]> chunks = new ArrayList<>();
    final int calls;
    int events;

    private RecordedStream(int calls) {
        this.calls = calls;
    }

    /** {@code calls} inbound calls, {@code atOnce} at a time; each chunk holds about a round of them. */
    static RecordedStream of(int calls, int atOnce, String tag) throws IOException {
        List<List<String>> scripts = new ArrayList<>();
        for (String capture : INBOUND) {
            scripts.add(frames(Files.readString(CAPTURES.resolve(capture), StandardCharsets.UTF_8)));
        }
        RecordedStream stream = new RecordedStream(calls);
        for (int first = 0; first < calls; first += atOnce) {
            int n = Math.min(atOnce, calls - first);
            StringBuilder chunk = new StringBuilder();
            int longest = scripts.stream().mapToInt(List::size).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                for (int k = 0; k < n; k++) {
                    int call = first + k;
                    List<String> script = scripts.get(call % scripts.size());
                    if (i < script.size()) {
                        chunk.append(rewrite(script.get(i), tag + call + "-", number(tag, call)));
                        stream.events++;
                    }
                }
            }
            stream.chunks.add(chunk.toString().getBytes(StandardCharsets.UTF_8));
        }
        return stream;
    }

    /** The caller number of call {@code call}: 10 digits, unique within a stream. */
    static String number(String tag, int call) {
        return "55" + String.format("%08d", Math.floorMod((tag.hashCode() * 31L + call), 100_000_000L));
    }

    private static String rewrite(String frame, String prefix, String number) {
        StringBuilder out = new StringBuilder();
        for (String line : frame.split("\r\n")) {
            int colon = line.indexOf(':');
            String header = colon < 0 ? "" : line.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            // ids are in the *Uniqueid and *Linkedid headers (and bridges'); Timestamp and SentNTP only look like them
            if (header.endsWith("uniqueid") || header.endsWith("linkedid") || header.startsWith("bridge")) {
                Matcher m = ID.matcher(line);
                line = m.replaceAll(r -> Matcher.quoteReplacement(prefix + r.group()));
            }
            line = CALLER.matcher(line).replaceAll(number);
            out.append(line).append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    private static List<String> frames(String text) {
        List<String> frames = new ArrayList<>();
        for (String frame : text.replace("\r\n", "\n").split("\n\n")) {
            if (frame.startsWith("Event:") || frame.contains("\nEvent:")) {
                String event = frame.substring(frame.indexOf("Event:"));
                frames.add(event.replace("\n", "\r\n"));
            }
        }
        return frames;
    }
}
