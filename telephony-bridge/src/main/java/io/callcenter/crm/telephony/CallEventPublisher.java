package io.callcenter.crm.telephony;

/** Announces call events to every application node (the application wires it to Redis pub/sub). */
public interface CallEventPublisher {

    void publish(CallEvent event);
}
