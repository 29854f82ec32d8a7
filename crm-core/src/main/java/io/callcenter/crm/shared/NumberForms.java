package io.callcenter.crm.shared;

import java.util.Optional;

/**
 * Writes a phone number as every part of the CRM stores it (E.164), so capabilities that hold numbers
 * without owning contacts (dialed numbers, campaigns) compare them the same way. Implemented by
 * {@code contacts.PhoneNumbers}.
 */
public interface NumberForms {

    /** The number in E.164 ({@code +18005551000}), if it is a phone number at all. */
    Optional<String> e164(String written);
}
