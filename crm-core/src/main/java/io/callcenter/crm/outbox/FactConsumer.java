package io.callcenter.crm.outbox;

/**
 * Acts on one kind of fact from the {@link Outbox}. Delivery is at least once: a fact may come again
 * (after a failure, or a node stopping between acting and confirming), so acting twice must change
 * nothing more than acting once. Throwing means "not done": the fact is offered again later.
 */
public interface FactConsumer<T> {

    /** The fact this consumer acts on; facts are stored under the class's simple name. */
    Class<T> fact();

    void accept(T fact) throws Exception;
}
