package io.callcenter.crm.recordings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the PBX's recording files are, as this application reaches them: a spool folder (the PBX's own,
 * mounted) or, with {@code crm.recordings.fetch=ari}, a local spool filled over ARI. Maps the names
 * Asterisk gives files ({@code MIXMONITOR_FILENAME}) to local paths and lists what the PBX holds.
 */
final class RecordingFiles {

    /** A recording file the PBX holds: its name as Asterisk gives it; size and time when the listing tells them. */
    record Found(String asteriskFile, long sizeBytes, Instant modifiedAt) {
    }

    private final Path spool;
    private final String asteriskDir;
    private final AriRecordings ari;

    RecordingFiles(RecordingsProperties properties, Path dataDir) {
        this.spool = (properties.spoolDir() != null ? properties.spoolDir() : dataDir.resolve("spool")).normalize();
        this.asteriskDir = properties.asteriskDir().endsWith("/") ? properties.asteriskDir() : properties.asteriskDir() + "/";
        RecordingsProperties.Ari a = properties.ari();
        this.ari = properties.fetch() == RecordingsProperties.Fetch.ARI
                ? new AriRecordings(a.url(), a.username(), a.password(), a.connectTimeout(), a.readTimeout()) : null;
    }

    /** The ARI client when files are fetched over ARI; null for a shared folder. */
    AriRecordings ari() {
        return ari;
    }

    /** The local path of a file the PBX names (its path under {@code crm.recordings.asterisk-dir}). */
    Path local(String asteriskFile) {
        String relative = asteriskFile.startsWith(asteriskDir) ? asteriskFile.substring(asteriskDir.length())
                : Path.of(asteriskFile).getFileName().toString();
        Path file = spool.resolve(relative).normalize();
        if (!file.startsWith(spool)) {
            throw new IllegalArgumentException("'" + asteriskFile + "' is outside crm.recordings.asterisk-dir");
        }
        return file;
    }

    /** The stored recording's name on the PBX, for ARI. */
    String ariName(String asteriskFile) {
        return AriRecordings.nameOf(asteriskFile, asteriskDir);
    }

    /**
     * The recording files the PBX holds now: the spool folder's files (a fetch in progress left out) or
     * ARI's stored recordings (without size or time: ARI does not tell them).
     */
    List<Found> list() throws IOException {
        List<Found> found = new ArrayList<>();
        if (ari != null) {
            for (String name : ari.list()) {
                found.add(new Found(asteriskDir + name, -1, null));
            }
            return found;
        }
        if (!Files.isDirectory(spool)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(spool)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".part")).toList()) {
                try {
                    found.add(new Found(asteriskDir + spool.relativize(p).toString().replace('\\', '/'), Files.size(p),
                            Files.getLastModifiedTime(p).toInstant()));
                } catch (IOException e) {
                    // gone meanwhile (stored and deleted by the ingest): not there any more
                }
            }
        }
        return found;
    }

    /** The Asterisk Uniqueid a file is named after ({@code 1795435295.26} for {@code …/1795435295.26.wav}). */
    static String uniqueidOf(String asteriskFile) {
        String name = asteriskFile.substring(asteriskFile.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
