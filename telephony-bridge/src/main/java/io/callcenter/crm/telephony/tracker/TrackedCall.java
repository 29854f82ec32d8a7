package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One call as the tracker follows it, in named phases:
 *
 * <pre>
 *   NEW ──record──▶ WAITING ──ring──▶ RINGING ──answer──▶ TALKING ──end──▶ ENDED
 *                      ▲                 │                 │  ▲
 *                      └── rings stop ───┘   ring, transfer └──┘
 *   (any phase) ──end──▶ ENDED
 * </pre>
 *
 * NEW: seen on the PBX, not (yet) a call record: an agent's phone off hook, a caller not yet placed.
 * WAITING: a call record nobody is ringing for (in a queue, an IVR, dialing out). RINGING: one agent's
 * phone or more rings. TALKING: answered; a transfer may ring a colleague and hand the call over. ENDED:
 * its outcome is decided by {@link CallOutcome} from what was seen. Each transition tells its
 * {@link CallUpdate.Change}s to the tracker, which passes on those of call records only.
 */
final class TrackedCall {

    enum Phase { NEW, WAITING, RINGING, TALKING, ENDED }

    /** Where a transition's changes go. */
    interface Changes {
        void emit(TrackedCall call, CallUpdate.Change change, String agentExtension);
    }

    final String key;
    final Instant startedAt;
    /** the channels that make up the call now */
    final Set<String> channels = new LinkedHashSet<>();
    private final Set<String> ringing = new LinkedHashSet<>();
    private Phase phase = Phase.NEW;

    CallDirection direction;
    /** the first channel was an agent's phone: an outbound or internal call, once it dials */
    boolean rootIsAgent;
    String remoteNumber;
    String remoteName;
    String localNumber;
    String agent;
    String queue;
    String lastRang;
    String recordingFile;
    /** the parking space the caller waits in (ParkedCall), until retrieved or gone */
    String parkedSpace;
    Instant answeredAt;
    Instant endedAt;
    /** it ended while we were not connected: {@code endedAt} is when we saw it gone */
    boolean endApproximate;

    // what the outcome is decided from
    boolean abandoned;
    boolean missedEvidence;
    String dialFailure;
    boolean originateRefused;
    /** the Reason of a refused Originate (3: the phone rang until the timeout, 5: busy, 8: congestion) */
    String originateReason;

    TrackedCall(String key, Instant startedAt) {
        this.key = key;
        this.startedAt = startedAt;
    }

    Phase phase() {
        return phase;
    }

    /** Whether the call is a call record (told to the outside world). */
    boolean isRecord() {
        return phase != Phase.NEW;
    }

    /** NEW → WAITING once the direction is known: the call becomes a record. */
    void record(Changes out) {
        if (phase == Phase.NEW && direction != null) {
            phase = Phase.WAITING;
            out.emit(this, CallUpdate.Change.STARTED, null);
        }
    }

    /** A call our records already hold (a click-to-call registered up front, a call open in our records). */
    void alreadyRecorded() {
        if (phase == Phase.NEW) {
            phase = answeredAt != null ? Phase.TALKING : Phase.WAITING;
        }
    }

    /** An agent's phone rings for the call; before the answer, or after it when a transfer rings a colleague. */
    void ring(String ext, Changes out) {
        if (direction == null) {
            direction = CallDirection.INBOUND;
        }
        record(out);
        lastRang = ext;
        boolean rings = phase == Phase.TALKING ? !ext.equals(agent) && ringing.add(ext) : phase != Phase.ENDED && ringing.add(ext);
        if (rings) {
            if (phase == Phase.WAITING) {
                phase = Phase.RINGING;
            }
            out.emit(this, CallUpdate.Change.RINGING, ext);
        }
    }

    /** An agent's phone stopped ringing without answering (no answer, declined, hung up). */
    void ringStopped(String ext, Changes out) {
        if (ext != null && ringing.remove(ext)) {
            lastRang = ext;
            out.emit(this, CallUpdate.Change.RING_STOPPED, ext);
            if (phase == Phase.RINGING && ringing.isEmpty()) {
                phase = Phase.WAITING;
            }
        }
    }

    /**
     * The agent with {@code ext} talks with the caller: the answer (every other ringing phone stops), or,
     * once answered, an inbound call handed to another agent (a transfer).
     */
    void answer(String ext, Instant at, Changes out) {
        if (ext == null || phase == Phase.ENDED) {
            return;
        }
        if (direction == null) {
            direction = CallDirection.INBOUND;
        }
        record(out);
        if (answeredAt == null) {
            answeredAt = at;
            phase = Phase.TALKING;
            if (direction == CallDirection.INBOUND || agent == null) {
                agent = ext;
            }
            ringing.remove(ext);
            stopAllRinging(out);
            out.emit(this, CallUpdate.Change.ANSWERED, ext);
        } else if (direction == CallDirection.INBOUND && !ext.equals(agent)) {
            ringing.remove(ext);
            agent = ext;
            out.emit(this, CallUpdate.Change.TRANSFERRED, ext);
        }
    }

    /**
     * The call is over. A call that never became a record becomes one now if it was an inbound call with a
     * caller (an abandon before any queue); anything else unrecorded (an agent's phone that never dialed
     * out, a pickup code, a half-seen call) ends without a trace.
     */
    void end(Instant at, Changes out) {
        if (phase == Phase.ENDED) {
            return;
        }
        endedAt = at;
        stopAllRinging(out);
        if (phase == Phase.NEW) {
            if (direction != CallDirection.INBOUND || remoteNumber == null) {
                phase = Phase.ENDED;
                return;
            }
            record(out);
        }
        phase = Phase.ENDED;
        out.emit(this, CallUpdate.Change.ENDED, agent);
    }

    /** Every phone still ringing stops (the call was answered or is over); who rang last stays as it was. */
    private void stopAllRinging(Changes out) {
        for (String ext : List.copyOf(ringing)) {
            ringing.remove(ext);
            out.emit(this, CallUpdate.Change.RING_STOPPED, ext);
        }
        if (phase == Phase.RINGING) {
            phase = Phase.WAITING;
        }
    }

    CallStatus outcome() {
        return CallOutcome.of(new CallOutcome.Seen(direction, answeredAt != null, endedAt != null, abandoned,
                missedEvidence, dialFailure, originateRefused));
    }

    CallSnapshot snapshot() {
        return new CallSnapshot(key, direction, outcome(), remoteNumber, remoteName, localNumber, agent, queue, startedAt,
                answeredAt, endedAt, lastRang, recordingFile, endApproximate,
                endedAt == null ? null : CallOutcome.cause(direction, answeredAt != null, dialFailure, originateRefused, originateReason));
    }
}
