package io.callcenter.crm.telephony.ami;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AmiFrameReaderTest {

    private static AmiFrameReader reader(String wire) {
        return new AmiFrameReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsFramesWithHeaderNamesAsTheTrackerMatchesThemAndValuesAsSent() throws IOException {
        AmiFrameReader r = reader("Asterisk Call Manager/9.0.0\r\n"
                + "Event: Newchannel\r\nUniqueid: 1795.1\r\nCallerIDName: Zoë Ångström: VIP\r\nExten:  s \r\n\r\n"
                + "\r\n"
                + "Response: Success\nActionID: crm-1-1\n\n");

        assertThat(r.readLine()).isEqualTo("Asterisk Call Manager/9.0.0");
        assertThat(r.next()).containsExactlyInAnyOrderEntriesOf(Map.of("event", "Newchannel", "uniqueid", "1795.1",
                "calleridname", "Zoë Ångström: VIP", "exten", "s"));
        assertThat(r.next()).as("LF alone ends lines too").containsEntry("actionid", "crm-1-1");
        assertThat(r.next()).isNull();
        assertThat(r.malformed()).isZero();
    }

    @Test
    void skipsLinesThatAreNoHeaderAndCutsLinesBeyondTheLimitCountingEach() throws IOException {
        String huge = "X-Junk: " + "a".repeat(AmiFrameReader.MAX_LINE * 3);
        AmiFrameReader r = reader("Event: Hangup\r\nno colon here\r\n: no name\r\n" + huge + "\r\nUniqueid: 7\r\n\r\n"
                + "Event: Newstate\r\n\r\n");

        Map<String, String> first = r.next();
        assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of("event", "Hangup", "uniqueid", "7"));
        assertThat(r.next()).containsEntry("event", "Newstate");
        assertThat(r.malformed()).isEqualTo(3);
    }

    @Test
    void aFrameOfTooManyHeadersKeepsTheFirstOnes() throws IOException {
        StringBuilder sb = new StringBuilder("Event: Flood\r\n");
        for (int i = 0; i < AmiFrameReader.MAX_HEADERS + 10; i++) {
            sb.append("H").append(i).append(": v\r\n");
        }
        AmiFrameReader r = reader(sb + "\r\n");

        assertThat(r.next()).hasSize(AmiFrameReader.MAX_HEADERS).containsEntry("event", "Flood");
        assertThat(r.malformed()).isEqualTo(11);
    }

    @Test
    void aStreamCutInTheMiddleOfAFrameGivesWhatCameAndThenTheEnd() throws IOException {
        AmiFrameReader r = reader("Event: Hangup\r\nUniqueid: 9\r\nCause: 1");

        assertThat(r.next()).containsEntry("uniqueid", "9").containsEntry("cause", "1");
        assertThat(r.next()).isNull();
    }

    @Test
    void readsEveryFrameOfTheRealCapturesHoweverTheBytesArrive() throws IOException {
        try (var files = Files.list(Path.of("src/test/resources/ami-transcripts"))) {
            for (Path capture : files.filter(p -> p.toString().endsWith(".ami")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(capture);
                List<Map<String, String>> whole = frames(new ByteArrayInputStream(bytes));
                List<Map<String, String>> trickled = frames(new Trickle(bytes));
                assertThat(whole).as(capture.toString()).isNotEmpty().isEqualTo(trickled);
                assertThat(whole).as(capture + ": every frame is an event or a response")
                        .allMatch(f -> f.containsKey("event") || f.containsKey("response"));
            }
        }
    }

    private static List<Map<String, String>> frames(InputStream in) throws IOException {
        AmiFrameReader r = new AmiFrameReader(in);
        r.readLine(); // the banner
        List<Map<String, String>> frames = new ArrayList<>();
        Map<String, String> f;
        while ((f = r.next()) != null) {
            frames.add(f);
        }
        return frames;
    }

    /** Hands out one to seven bytes per read, as a slow network would. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private int at;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + at % 7), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
