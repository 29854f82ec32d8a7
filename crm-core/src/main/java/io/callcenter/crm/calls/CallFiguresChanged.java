package io.callcenter.crm.calls;

/**
 * A fact (outbox): something a finished call's figures are made of changed after its end (its wrap-up was
 * saved, its call-back was closed), so whatever sums them up recounts it.
 */
public record CallFiguresChanged(long callId) {
}
