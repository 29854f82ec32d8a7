package io.callcenter.crm.telephony.ami;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads AMI frames off a byte stream: {@code Key: Value} lines ending in CRLF, a frame ending at an empty
 * line. Bounded whatever the peer sends: a line longer than {@link #MAX_LINE} bytes or a frame of more
 * than {@link #MAX_HEADERS} headers is cut, and a line that is no header is skipped; each is counted as
 * malformed, and reading goes on with the next line. Header names come back as the tracker matches them
 * (lower case, no dashes); values as sent, decoded as UTF-8.
 */
final class AmiFrameReader {

    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADERS = 512;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean lineCut;
    private long malformed;
    private volatile long lastReadNanos = System.nanoTime();

    AmiFrameReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its CRLF, or null at the end of the stream. */
    String readLine() throws IOException {
        if (!fillLine()) {
            return null;
        }
        return new String(line, 0, lineLength, StandardCharsets.UTF_8);
    }

    /**
     * The next frame's headers, or null at the end of the stream. Empty lines between frames are skipped;
     * a frame whose lines were all malformed comes back empty.
     */
    Map<String, String> next() throws IOException {
        Map<String, String> headers = null;
        while (fillLine()) {
            if (lineLength == 0 && !lineCut) {
                if (headers != null) {
                    return headers;
                }
                continue;
            }
            if (headers == null) {
                headers = new HashMap<>(32);
            }
            int colon = indexOfColon();
            if (lineCut || colon <= 0) {
                malformed++;
                continue;
            }
            if (headers.size() >= MAX_HEADERS) {
                malformed++;
                continue;
            }
            int valueStart = colon + 1;
            while (valueStart < lineLength && line[valueStart] == ' ') {
                valueStart++;
            }
            int valueEnd = lineLength;
            while (valueEnd > valueStart && line[valueEnd - 1] == ' ') {
                valueEnd--;
            }
            String key = new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim();
            headers.putIfAbsent(io.callcenter.crm.telephony.tracker.AmiEvent.normalise(key),
                    new String(line, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8));
        }
        return headers; // the stream ended, in a frame or not
    }

    /** Lines skipped or cut so far. */
    long malformed() {
        return malformed;
    }

    /** When bytes last came in. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    private int indexOfColon() {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    /** Reads up to the next LF into {@code line} (without CR LF); false at the end of the stream. */
    private boolean fillLine() throws IOException {
        lineLength = 0;
        lineCut = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any && lineLength > 0;
                }
                lastReadNanos = System.nanoTime();
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == MAX_LINE) {
                lineCut = true;
                continue;
            }
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
            }
            line[lineLength++] = b;
        }
    }
}
