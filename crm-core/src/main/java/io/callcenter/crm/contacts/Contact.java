package io.callcenter.crm.contacts;

import java.time.Instant;
import java.util.List;

/** A person or company the call center talks to. Phones are unique across contacts. */
public record Contact(long id, String name, String company, List<PhoneNumber> phones, String email,
                     String source, String notes, Instant createdAt, Instant updatedAt) {

    public Contact {
        phones = List.copyOf(phones);
    }
}
