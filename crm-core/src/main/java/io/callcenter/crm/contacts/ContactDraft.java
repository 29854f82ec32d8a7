package io.callcenter.crm.contacts;

import java.util.List;

/**
 * A contact as a person typed it: phones in any written form. {@link Contacts} validates it.
 * On update, a {@code null} field means "leave as it is"; an empty text clears an optional field.
 */
public record ContactDraft(String name, String company, List<String> phones, String email, String source,
                           String notes) {
}
