package io.callcenter.crm.api;

import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.recordings.Recordings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/recordings/{id}/audio}: a call's recording, streamed from the private bucket through the
 * application (never a public link), with HTTP Range for seeking. Only the agent of the call, supervisors
 * and managers hear it; every attempt, refused ones too, is in the access log.
 */
@RestController
@RequestMapping("/api/recordings")
@Tag(name = "Recordings")
class RecordingsController {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Recordings recordings;
    private final CallLog callLog;
    private final AccessPolicy access;
    private final io.callcenter.crm.recordings.RecordingRetention retention;

    RecordingsController(Recordings recordings, CallLog callLog, AccessPolicy access,
                         io.callcenter.crm.recordings.RecordingRetention retention) {
        this.retention = retention;
        this.recordings = recordings;
        this.callLog = callLog;
        this.access = access;
    }

    /** A recording as the API shows it. */
    record RecordingJson(String id, long callId, long sizeBytes, String sha256, String contentType, java.time.Instant storedAt) {
    }

    @GetMapping("/{id}")
    @Operation(summary = "A recording's metadata, for whoever may hear it")
    RecordingJson get(@PathVariable String id, Authentication auth) {
        Recordings.Recording recording = recording(id);
        Call call = callLog.find(recording.callId()).orElseThrow();
        if (!access.mayHearRecordingOf(Forbidden.viewer(auth), call)) {
            throw new Forbidden("only the agent of the call, supervisors and managers hear its recording");
        }
        return new RecordingJson(recording.id().toString(), call.id(), recording.size(), recording.sha256(),
                recording.contentType(), recording.storedAt());
    }

    record LegalHold(boolean held) {
    }

    /** Places or lifts a legal hold on a call: while held its recording is never deleted by retention. */
    @org.springframework.web.bind.annotation.PutMapping("/calls/{callId}/legal-hold")
    @Operation(summary = "Place or lift a legal hold on a call's recording (supervisors and managers)")
    LegalHold legalHold(@PathVariable long callId, @org.springframework.web.bind.annotation.RequestBody LegalHold hold,
                        Authentication auth) {
        if (!access.seesTheWholeFloor(Forbidden.viewer(auth))) {
            throw new Forbidden("legal holds are placed by supervisors and managers");
        }
        if (!retention.hold(callId, hold.held())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no call " + callId);
        }
        return hold;
    }

    private Recordings.Recording recording(String id) {
        UUID recordingId;
        try {
            recordingId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("id", "'" + id + "' is not a recording id");
        }
        return recordings.find(recordingId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no recording " + id));
    }

    @GetMapping("/{id}/audio")
    @Operation(summary = "A call's recording (Range for seeking; download=true to save it), for the agent of the call, supervisors and managers")
    void audio(@PathVariable String id, @RequestParam(defaultValue = "false") boolean download, Authentication auth,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        Recordings.Recording recording = recording(id);
        UUID recordingId = recording.id();
        Viewer viewer = Forbidden.viewer(auth);
        Call call = callLog.find(recording.callId()).orElseThrow();
        Recordings.Action action = download ? Recordings.Action.DOWNLOAD : Recordings.Action.LISTEN;
        boolean allowed = access.mayHearRecordingOf(viewer, call);
        recordings.logAccess(viewer.username(), recordingId, call.id(), action, allowed, request.getRemoteAddr());
        if (!allowed) {
            throw new Forbidden("only the agent of the call, supervisors and managers hear its recording");
        }
        if (recording.deletedAt() != null) {
            throw new ResponseStatusException(HttpStatus.GONE, "the recording was deleted at the end of its retention, "
                    + recording.deletedAt());
        }

        long size = recording.size();
        long start = 0;
        long end = size - 1;
        String range = request.getHeader(HttpHeaders.RANGE);
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                throw new ResponseStatusException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "unreadable Range '" + range + "'");
            }
            if (m.group(1).isEmpty()) { // the last N bytes
                start = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            }
            if (start >= size || start > end) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                throw new ResponseStatusException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "Range '" + range + "' is beyond the "
                        + size + " bytes of the recording");
            }
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        }
        long length = end - start + 1;
        response.setContentType(recording.contentType());
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        response.setContentLengthLong(length);
        if (download) {
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"call-" + call.id() + ".wav\"");
        }
        try (InputStream in = recordings.open(recording, start, length); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
