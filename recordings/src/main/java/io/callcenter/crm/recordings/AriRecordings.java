package io.callcenter.crm.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;

/**
 * Asterisk's stored recordings over ARI ({@code http.conf}, {@code ari.conf}), for a PBX whose recording
 * folder this application cannot mount: {@code GET /ari/recordings/stored/{name}/file} streams one file to
 * disk, {@code DELETE /ari/recordings/stored/{name}} removes it from the PBX once it is safe in the store.
 * A stored recording's name is its path under Asterisk's recording folder without the extension
 * ({@code 1795435295.26} for {@code /var/spool/asterisk/recording/1795435295.26.wav}).
 *
 * <p>A file is first written beside its target and moved into place only when every byte the PBX announced
 * has arrived, so a slow or cut-off answer never leaves a partial file where a complete one is expected.
 */
public final class AriRecordings {

    /** The PBX has no such stored recording (404): not written yet, or already fetched and deleted. */
    public static final class NotFound extends IOException {
        NotFound(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String authorization;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * @param base        ARI's address, e.g. {@code http://pbx:8088/ari}
     * @param readTimeout the longest wait for the next bytes of an answer before the fetch is given up
     */
    public AriRecordings(URI base, String username, String password, Duration connectTimeout, Duration readTimeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** The stored recording's name for a file in Asterisk's recording folder ({@code asteriskDir}). */
    public static String nameOf(String asteriskFile, String asteriskDir) {
        String dir = asteriskDir.endsWith("/") ? asteriskDir : asteriskDir + "/";
        if (!asteriskFile.startsWith(dir)) {
            throw new IllegalArgumentException("'" + asteriskFile + "' is not in Asterisk's recording folder " + dir
                    + " (crm.recordings.asterisk-dir), the only one ARI serves");
        }
        String relative = asteriskFile.substring(dir.length());
        int dot = relative.lastIndexOf('.');
        if (dot <= relative.lastIndexOf('/') + 1) {
            throw new IllegalArgumentException("'" + asteriskFile + "' has no extension: ARI serves only media files");
        }
        return relative.substring(0, dot);
    }

    /**
     * Streams the stored recording into {@code target} (memory flat whatever its size) and returns its size.
     *
     * @throws NotFound   when the PBX has no such recording
     * @throws IOException when it cannot be fetched whole: refused credentials, a PBX error, a timeout or a
     *                     cut-off answer (the message says which); {@code target} is then left untouched
     */
    public long fetch(String name, Path target) throws IOException {
        HttpURLConnection http = open(name, "/file", "GET");
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            int status = http.getResponseCode();
            if (status != 200) {
                throw failure(status, http, name);
            }
            long announced = http.getContentLengthLong();
            long received = 0;
            Files.createDirectories(target.getParent());
            try (InputStream in = http.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    out.write(buffer, 0, n);
                    received += n;
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new IOException("ARI sent nothing for " + readTimeout.toSeconds() + " s while sending recording '" + name
                        + "' (" + received + " bytes so far; crm.recordings.ari.read-timeout)", e);
            } catch (IOException e) {
                throw new IOException("ARI's answer for recording '" + name + "' was cut off after " + received + " bytes: "
                        + e.getMessage(), e);
            }
            if (announced >= 0 && received != announced) {
                throw new IOException("ARI's answer for recording '" + name + "' was cut off after " + received + " of "
                        + announced + " bytes");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return received;
        } catch (java.net.SocketTimeoutException e) {
            throw new IOException("ARI did not answer within " + readTimeout.toSeconds() + " s for recording '" + name
                    + "' (crm.recordings.ari.read-timeout)", e);
        } finally {
            Files.deleteIfExists(part);
            http.disconnect();
        }
    }

    /** The names of every stored recording with its format ({@code 1795435295.26.wav}): {@code GET /ari/recordings/stored}. */
    public java.util.List<String> list() throws IOException {
        HttpURLConnection http = open("", "", "GET");
        try {
            int status = http.getResponseCode();
            if (status != 200) {
                throw failure(status, http, "(the list)");
            }
            com.fasterxml.jackson.databind.JsonNode stored;
            try (InputStream in = http.getInputStream()) {
                stored = JSON.readTree(in);
            }
            if (stored == null || !stored.isArray()) {
                throw new IOException("ARI's list of stored recordings is not a JSON array");
            }
            java.util.List<String> names = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode r : stored) {
                String name = r.path("name").asText("");
                String format = r.path("format").asText("");
                if (!name.isEmpty() && !format.isEmpty()) {
                    names.add(name + "." + format);
                }
            }
            return names;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("ARI's list of stored recordings is not valid JSON: " + e.getOriginalMessage(), e);
        } finally {
            http.disconnect();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Removes the stored recording from the PBX; true when it is gone (deleted now, or not there any more). */
    public boolean delete(String name) throws IOException {
        HttpURLConnection http = open(name, "", "DELETE");
        try {
            int status = http.getResponseCode();
            if (status == 204 || status == 200 || status == 404) {
                return true;
            }
            throw failure(status, http, name);
        } finally {
            http.disconnect();
        }
    }

    private HttpURLConnection open(String name, String suffix, String method) throws IOException {
        String path = name.isEmpty() ? "recordings/stored"
                : "recordings/stored/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + suffix;
        URI uri = base.resolve(path);
        HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
        http.setRequestMethod(method);
        http.setRequestProperty("Authorization", authorization);
        http.setConnectTimeout((int) connectTimeout.toMillis());
        http.setReadTimeout((int) readTimeout.toMillis());
        http.setUseCaches(false);
        http.setInstanceFollowRedirects(false);
        return http;
    }

    private IOException failure(int status, HttpURLConnection http, String name) {
        String body = errorBody(http);
        return switch (status) {
            case 404 -> new NotFound("the PBX has no stored recording '" + name + "' (ARI 404" + body + ")");
            case 401 -> new IOException("ARI refused the credentials (401): check crm.recordings.ari.username and "
                    + "crm.recordings.ari.password against ari.conf");
            case 403 -> new IOException("ARI may not open recording '" + name + "' (403" + body + "): the file's permissions on the PBX");
            default -> new IOException("ARI answered " + status + " for recording '" + name + "'" + body);
        };
    }

    private static String errorBody(HttpURLConnection http) {
        try (InputStream err = http.getErrorStream()) {
            if (err == null) {
                return "";
            }
            String text = new String(err.readNBytes(300), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return "";
        }
    }
}
