package io.callcenter.crm.telephony.tracker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a raw AMI capture (banner, then frames of "Key: Value" lines ending with an empty line). */
final class AmiTranscript {

    /** Real Asterisk 20 captures, copied from the team's shared reference set (see their README). */
    static final Path CAPTURES = Path.of("src", "test", "resources", "ami-transcripts");

    private AmiTranscript() {
    }

    static List<AmiEvent> events(Path file) throws IOException {
        return events(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    static List<AmiEvent> events(String text) {
        List<AmiEvent> events = new ArrayList<>();
        for (String frame : text.replace("\r\n", "\n").split("\n\n")) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : frame.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    headers.put(line.substring(0, colon), line.substring(colon + 2));
                } else if (line.endsWith(":")) {
                    headers.put(line.substring(0, line.length() - 1), "");
                }
            }
            String name = headers.get("Event");
            if (name != null) {
                events.add(new AmiEvent(name, headers, Instant.EPOCH));
            }
        }
        return events;
    }
}
