package io.callcenter.crm.timeline;

import java.time.Instant;

/** One thing that happened with a contact: a call, a note, a task, a deal moving. */
public record TimelineEntry(Instant at, Kind kind, String title, String detail, String by, Long callId) {

    public enum Kind {
        CALL, NOTE, TASK, DEAL
    }
}
