package io.callcenter.crm.deals;

import java.math.BigDecimal;
import java.time.Instant;

/** A sales opportunity with a contact, moving through the pipeline stages. */
public record Deal(long id, long contactId, String contactName, String title, BigDecimal amount, Stage stage,
                   String owner, Instant createdAt, Instant updatedAt) {

    public enum Stage {
        LEAD, QUALIFIED, PROPOSAL, WON, LOST;

        public boolean open() {
            return this != WON && this != LOST;
        }
    }
}
