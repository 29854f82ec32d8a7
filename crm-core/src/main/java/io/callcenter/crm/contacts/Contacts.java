package io.callcenter.crm.contacts;

import io.callcenter.crm.shared.FieldProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The contacts capability: create, change, find by any written form of a number, search. */
@Service
public class Contacts {

    public static final int MAX_PAGE_SIZE = 200;
    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 200;
    static final int MAX_NOTES = 10_000;
    static final int MAX_PHONES = 20;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final ContactRepository repository;
    private final PhoneNumbers phoneNumbers;
    private final TransactionTemplate tx;
    private final Clock clock;

    Contacts(ContactRepository repository, PhoneNumbers phoneNumbers, TransactionTemplate tx,
                    Optional<Clock> clock) {
        this.repository = repository;
        this.phoneNumbers = phoneNumbers;
        this.tx = tx;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public Optional<Contact> find(long id) {
        return repository.find(id);
    }

    public List<Contact> findByPhone(PhoneNumber phone) {
        return repository.findByPhone(phone);
    }

    /**
     * Contacts whose name, company or e-mail contains the text, or who own the number the text
     * spells; all contacts when the text is blank. Sorted by name.
     */
    public List<Contact> search(String text, int offset, int limit) {
        String q = blankToNull(text);
        return repository.search(q, q == null ? null : asPhone(q), Math.max(0, offset),
                Math.min(Math.max(1, limit), MAX_PAGE_SIZE));
    }

    public int count(String text) {
        String q = blankToNull(text);
        return repository.count(q, q == null ? null : asPhone(q));
    }

    public ContactResult create(ContactDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = required(draft.name(), "name", MAX_NAME, problems);
        Fields fields = optionalFields(draft, problems);
        List<PhoneNumber> phones = phones(draft.phones() == null ? List.of() : draft.phones(), problems);
        if (!problems.isEmpty()) {
            return new ContactResult.Invalid(problems);
        }
        return save(() -> {
            List<FieldProblem> taken = taken(phones, -1);
            if (!taken.isEmpty()) {
                return new ContactResult.Invalid(taken);
            }
            long id = repository.insert(name, fields.company, fields.email, fields.source, fields.notes, clock.instant());
            repository.replacePhones(id, phones);
            return new ContactResult.Saved(repository.find(id).orElseThrow());
        });
    }

    /** Changes the fields that are not {@code null} in the draft; phones, when given, replace the old ones. */
    public ContactResult update(long id, ContactDraft changes) {
        Optional<Contact> existing = repository.find(id);
        if (existing.isEmpty()) {
            return new ContactResult.NotFound(id);
        }
        Contact old = existing.get();
        List<FieldProblem> problems = new ArrayList<>();
        String name = changes.name() == null ? old.name() : required(changes.name(), "name", MAX_NAME, problems);
        ContactDraft merged = new ContactDraft(name,
                changes.company() == null ? old.company() : changes.company(), null,
                changes.email() == null ? old.email() : changes.email(),
                changes.source() == null ? old.source() : changes.source(),
                changes.notes() == null ? old.notes() : changes.notes());
        Fields fields = optionalFields(merged, problems);
        List<PhoneNumber> phones = changes.phones() == null ? old.phones() : phones(changes.phones(), problems);
        if (!problems.isEmpty()) {
            return new ContactResult.Invalid(problems);
        }
        return save(() -> {
            List<FieldProblem> taken = taken(phones, id);
            if (!taken.isEmpty()) {
                return new ContactResult.Invalid(taken);
            }
            repository.update(id, name, fields.company, fields.email, fields.source, fields.notes, clock.instant());
            repository.replacePhones(id, phones);
            return new ContactResult.Saved(repository.find(id).orElseThrow());
        });
    }

    /** Validates one phone as typed, for forms that check field by field. */
    public PhoneNumbers.Normalized checkPhone(String input) {
        return phoneNumbers.normalize(input);
    }

    private ContactResult save(java.util.function.Supplier<ContactResult> work) {
        try {
            return tx.execute(status -> {
                ContactResult result = work.get();
                if (!(result instanceof ContactResult.Saved)) {
                    status.setRollbackOnly();
                }
                return result;
            });
        } catch (DuplicateKeyException raced) {
            // another writer took one of the numbers between our check and our insert
            return new ContactResult.Invalid(List.of(new FieldProblem("phones",
                    "one of these numbers was just saved on another contact")));
        }
    }

    private List<FieldProblem> taken(List<PhoneNumber> phones, long contactId) {
        Map<PhoneNumber, Long> owners = repository.owners(phones, contactId);
        return owners.entrySet().stream()
                .map(e -> new FieldProblem("phones", phoneNumbers.format(e.getKey()) + " already belongs to "
                        + find(e.getValue()).map(c -> c.name() + (c.company() == null ? "" : " (" + c.company() + ")"))
                        .orElse("another contact")))
                .toList();
    }

    private record Fields(String company, String email, String source, String notes) {
    }

    private static Fields optionalFields(ContactDraft draft, List<FieldProblem> problems) {
        String company = optional(draft.company(), "company", MAX_TEXT, problems);
        String email = optional(draft.email(), "email", MAX_TEXT, problems);
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "'" + email + "' is not an e-mail address"));
        }
        String source = optional(draft.source(), "source", MAX_TEXT, problems);
        String notes = optional(draft.notes(), "notes", MAX_NOTES, problems);
        return new Fields(company, email, source, notes);
    }

    private List<PhoneNumber> phones(List<String> written, List<FieldProblem> problems) {
        if (written.size() > MAX_PHONES) {
            problems.add(new FieldProblem("phones", "at most " + MAX_PHONES + " numbers per contact"));
            return List.of();
        }
        Set<PhoneNumber> phones = new LinkedHashSet<>();
        for (String input : written) {
            PhoneNumbers.Normalized normalized = phoneNumbers.normalize(input);
            if (normalized instanceof PhoneNumbers.Valid valid) {
                phones.add(valid.number());
            } else if (normalized instanceof PhoneNumbers.Rejected rejected) {
                problems.add(new FieldProblem("phones", "'" + (input == null ? "" : input) + "' " + rejected.reason()));
            }
        }
        return List.copyOf(phones);
    }

    private static String required(String value, String field, int max, List<FieldProblem> problems) {
        String v = blankToNull(value);
        if (v == null) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (v.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
        return v;
    }

    private static String optional(String value, String field, int max, List<FieldProblem> problems) {
        String v = blankToNull(value);
        if (v != null && v.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
        return v;
    }

    private PhoneNumber asPhone(String text) {
        long digits = text.chars().filter(Character::isDigit).count();
        return digits >= 4 ? phoneNumbers.tryNormalize(text).orElse(null) : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
