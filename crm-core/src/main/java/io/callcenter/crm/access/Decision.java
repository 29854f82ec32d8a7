package io.callcenter.crm.access;

/**
 * The policy's answer to a request for a list: allowed, with the filter narrowed to what the viewer may
 * see, or refused with the reason in words for the person who asked.
 */
public sealed interface Decision<T> {

    record Allowed<T>(T filter) implements Decision<T> {
    }

    record Refused<T>(String reason) implements Decision<T> {
    }
}
