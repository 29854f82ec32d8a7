package io.callcenter.crm.api;

import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Decision;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallEndCause;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.telephony.ClickToCall;
import io.callcenter.crm.telephony.ClickToCallResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/calls")
@Tag(name = "Calls")
class CallsController {

    /** A call as the API shows it (CONTRACT.md). */
    record CallJson(long id, CallDirection direction, CallStatus status, String remoteNumber, String localNumber,
                    String agent, String agentExtension, String queue, Instant startedAt, Instant answeredAt,
                    Instant endedAt, Long waitSeconds, Long talkSeconds, Long contactId, String recordingId,
                    String disposition, String note, boolean endApproximate, CallEndCause endCause) {

        static CallJson of(Call c) {
            return new CallJson(c.id(), c.direction(), c.status(), c.remoteNumber(), c.localNumber(), c.agent(),
                    c.agentExtension(), c.queue(), c.startedAt(), c.answeredAt(), c.endedAt(), c.waitSeconds(),
                    c.talkSeconds(), c.contactId(), c.recordingId(), c.disposition(), c.note(), c.endApproximate(), c.endCause());
        }
    }

    /** One page of calls, newest first. */
    record CallPage(List<CallJson> items, int offset, int limit, int total) {
    }

    record ClickToCallRequest(String number) {
    }

    /** The wrap-up of a call: its outcome (one of the dispositions admins keep) and a note. */
    record WrapUpRequest(String disposition, String note) {
    }

    private final CallLog callLog;
    private final ClickToCall clickToCall;
    private final Dispositions dispositions;
    private final AccessPolicy access;

    CallsController(CallLog callLog, ClickToCall clickToCall, Dispositions dispositions, AccessPolicy access) {
        this.callLog = callLog;
        this.clickToCall = clickToCall;
        this.dispositions = dispositions;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "Calls, newest first, paged; agents list their own calls, or every call with a contact (contactId)")
    CallPage list(@RequestParam(required = false) Long contactId, @RequestParam(required = false) String agent,
                  @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                  @RequestParam(required = false) CallDirection direction, @RequestParam(required = false) CallStatus status,
                  @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit,
                  @RequestParam(required = false) String wrapUp, Authentication auth) {
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > 200) {
            throw new InvalidInputException("limit", "must be between 1 and 200");
        }
        if (wrapUp != null) {
            if (!wrapUp.equals("pending")) {
                throw new InvalidInputException("wrapUp", "'" + wrapUp + "' is not a wrap-up state: the only one is pending");
            }
            // the caller's own answered calls still without an outcome
            String me = Forbidden.viewer(auth).username();
            return new CallPage(callLog.pendingWrapUps(me, offset, limit).stream().map(CallJson::of).toList(), offset, limit,
                    callLog.countPendingWrapUps(me));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("to", "must be after from");
        }
        Decision<CallFilter> decision = access.calls(Forbidden.viewer(auth),
                new CallFilter(contactId, agent, from, to, direction, status));
        if (decision instanceof Decision.Refused<CallFilter> refused) {
            throw new Forbidden(refused.reason());
        }
        CallFilter filter = ((Decision.Allowed<CallFilter>) decision).filter();
        return new CallPage(callLog.search(filter, offset, limit).stream().map(CallJson::of).toList(), offset, limit,
                callLog.count(filter));
    }

    @GetMapping("/{id}")
    CallJson get(@PathVariable long id, Authentication auth) {
        return CallJson.of(visible(id, Forbidden.viewer(auth)));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Wrap-up: the call's outcome and note, by the agent on the call or a supervisor")
    CallJson wrapUp(@PathVariable long id, @RequestBody WrapUpRequest request, Authentication auth) {
        Viewer viewer = Forbidden.viewer(auth);
        Call call = visible(id, viewer);
        if (!access.mayWrapUp(viewer, call)) {
            throw new Forbidden("only the agent on the call or a supervisor wraps it up");
        }
        if (request.disposition() == null || !dispositions.isActive(request.disposition())) {
            throw new InvalidInputException("disposition", request.disposition() == null ? "is required"
                    : "'" + request.disposition() + "' is not one of " + dispositions.active());
        }
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        if (note != null && note.length() > MAX_NOTE) {
            throw new InvalidInputException("note", "must be at most " + MAX_NOTE + " characters");
        }
        return CallJson.of(callLog.wrapUp(id, request.disposition(), note).orElseThrow());
    }

    private static final int MAX_NOTE = 10_000;

    /** The call, if it exists (404) and the viewer may see it (403). */
    private Call visible(long id, Viewer viewer) {
        Call call = callLog.find(id).orElseThrow(() -> new NotFoundException("No call " + id));
        if (!access.maySee(viewer, call)) {
            throw new Forbidden("agents see their own calls and the calls of contacts, not this one");
        }
        return call;
    }

    @PostMapping("/click-to-call")
    @Operation(summary = "Rings the calling user's own phone, then dials the number; 202 with the call's id")
    ResponseEntity<?> clickToCall(@RequestBody ClickToCallRequest request, Authentication auth) {
        if (request == null || request.number() == null || request.number().isBlank()) {
            throw new InvalidInputException("number", "is required");
        }
        if (!access.mayWorkWithContacts(Forbidden.viewer(auth))) {
            throw new Forbidden("your role does not include calling contacts");
        }
        ClickToCallResult result = clickToCall.call(auth.getName(), request.number());
        if (result instanceof ClickToCallResult.Started started) {
            return ResponseEntity.accepted().body(Map.of("callId", started.callId()));
        }
        ClickToCallResult.Rejected rejected = (ClickToCallResult.Rejected) result;
        return switch (rejected.kind()) {
            case INVALID_NUMBER -> throw new InvalidInputException("number", rejected.reason());
            case NO_EXTENSION -> problem(HttpStatus.CONFLICT, "No extension", rejected.reason());
            case PBX_UNAVAILABLE -> problem(HttpStatus.SERVICE_UNAVAILABLE, "PBX unavailable", rejected.reason());
            case PBX_REFUSED -> problem(HttpStatus.BAD_GATEWAY, "PBX refused the call", rejected.reason());
            case AGENT_BUSY -> problem(HttpStatus.CONFLICT, "On a call", rejected.reason());
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
