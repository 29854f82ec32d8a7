package io.callcenter.crm.telephony;

import io.callcenter.crm.telephony.tracker.CallUpdate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Where the tracker's updates go. Every node tracks the PBX's calls; the one that leads records them. A
 * node that follows keeps its recent updates, and records them (without announcing them again) when it
 * takes the lead, so a call that lived while the old leader was dying, or while no node led, is stored
 * all the same: recording is idempotent, so what the old leader recorded too changes nothing. Used from
 * the tracker's single thread.
 */
public final class LeaderGate implements Consumer<CallUpdate> {

    private final Consumer<CallUpdate> record;
    private final Consumer<CallUpdate> recordQuietly;
    private final Duration keep;
    private final int maxKept;
    private final Deque<CallUpdate> kept = new ArrayDeque<>();
    private boolean leading;
    private long dropped;

    /**
     * @param record        records and announces (the node leads)
     * @param recordQuietly records without announcing (catching up on taking the lead)
     * @param keep          how far back, by the PBX's clock, a follower keeps updates
     * @param maxKept       at most this many, the oldest going first
     */
    public LeaderGate(Consumer<CallUpdate> record, Consumer<CallUpdate> recordQuietly, Duration keep, int maxKept) {
        this.record = record;
        this.recordQuietly = recordQuietly;
        this.keep = keep;
        this.maxKept = maxKept;
    }

    @Override
    public void accept(CallUpdate update) {
        if (leading) {
            record.accept(update);
            return;
        }
        kept.addLast(update);
        Instant horizon = update.at().minus(keep);
        while (kept.size() > maxKept || !kept.isEmpty() && kept.peekFirst().at().isBefore(horizon)) {
            kept.removeFirst();
            dropped++;
        }
    }

    /** This node leads from now on: what it kept is recorded first, in order. */
    public void lead() {
        while (!kept.isEmpty()) {
            recordQuietly.accept(kept.removeFirst());
        }
        leading = true;
    }

    /** Another node leads (or none): keep updates instead of recording them. */
    public void follow() {
        leading = false;
    }

    /** Updates kept now, waiting for this node to lead. */
    public int kept() {
        return kept.size();
    }

    /** Updates a follower let go because they were too old or too many. */
    public long dropped() {
        return dropped;
    }
}
