package io.callcenter.crm.api;

import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.contacts.ContactResult;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Instant;
import java.util.List;

@RestController
@RequestMapping("/api/contacts")
@Tag(name = "Contacts")
class ContactsController {

    /** A contact as the API shows it: phones always in E.164. */
    record ContactJson(long id, String name, String company, List<String> phones, String email, String source,
                       String notes, Instant createdAt, Instant updatedAt) {

        static ContactJson of(Contact c) {
            return new ContactJson(c.id(), c.name(), c.company(), c.phones().stream().map(PhoneNumber::e164).toList(),
                    c.email(), c.source(), c.notes(), c.createdAt(), c.updatedAt());
        }
    }

    /** A contact as a client sends it: phones in any written form. On PATCH, absent fields stay as they are. */
    record ContactRequest(String name, String company, List<String> phones, String email, String source, String notes) {

        ContactDraft draft() {
            return new ContactDraft(name, company, phones, email, source, notes);
        }
    }

    private final Contacts contacts;
    private final PhoneNumbers phoneNumbers;
    private final AccessPolicy access;

    ContactsController(Contacts contacts, PhoneNumbers phoneNumbers, AccessPolicy access) {
        this.contacts = contacts;
        this.phoneNumbers = phoneNumbers;
        this.access = access;
    }

    /** Contacts are for the people who work with callers; the administrator role alone does not. */
    private void mayWorkWithContacts(Authentication auth) {
        if (!access.mayWorkWithContacts(Forbidden.viewer(auth))) {
            throw new Forbidden("your role does not include contacts");
        }
    }

    @GetMapping
    @Operation(summary = "Contacts owning a number (any written form), or matching a text, or all; sorted by name")
    List<ContactJson> find(@Parameter(description = "a phone number in any common form") @RequestParam(required = false) String phone,
                           @Parameter(description = "text in name, company or e-mail, or a number") @RequestParam(required = false) String q,
                           @RequestParam(defaultValue = "0") int offset,
                           @RequestParam(defaultValue = "50") int limit, Authentication auth) {
        mayWorkWithContacts(auth);
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > Contacts.MAX_PAGE_SIZE) {
            throw new InvalidInputException("limit", "must be between 1 and " + Contacts.MAX_PAGE_SIZE);
        }
        if (phone != null) {
            PhoneNumbers.Normalized normalized = phoneNumbers.normalize(phone);
            if (normalized instanceof PhoneNumbers.Rejected rejected) {
                throw new InvalidInputException("phone", "'" + phone + "' " + rejected.reason());
            }
            return contacts.findByPhone(((PhoneNumbers.Valid) normalized).number()).stream().map(ContactJson::of).toList();
        }
        return contacts.search(q, offset, limit).stream().map(ContactJson::of).toList();
    }

    @GetMapping("/{id}")
    ContactJson get(@PathVariable long id, Authentication auth) {
        mayWorkWithContacts(auth);
        return contacts.find(id).map(ContactJson::of).orElseThrow(() -> new NotFoundException("No contact " + id));
    }

    @PostMapping
    @Operation(summary = "Create a contact; 400 naming the field when something is wrong, nothing stored")
    ResponseEntity<ContactJson> create(@RequestBody ContactRequest request, Authentication auth) {
        mayWorkWithContacts(auth);
        ContactJson created = saved(contacts.create(request.draft()));
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(created.id()).toUri()).body(created);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change the given fields; phones, when given, replace the contact's numbers")
    ContactJson update(@PathVariable long id, @RequestBody ContactRequest request, Authentication auth) {
        mayWorkWithContacts(auth);
        return saved(contacts.update(id, request.draft()));
    }

    private static ContactJson saved(ContactResult result) {
        if (result instanceof ContactResult.Invalid invalid) {
            throw new InvalidInputException(invalid.problems());
        }
        if (result instanceof ContactResult.NotFound notFound) {
            throw new NotFoundException("No contact " + notFound.id());
        }
        return ContactJson.of(((ContactResult.Saved) result).contact());
    }
}
