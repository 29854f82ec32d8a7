package io.callcenter.crm.contacts;

import io.callcenter.crm.campaigns.DidCampaigns;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a call becomes a contact: the caller's number, in whatever form the trunk sends it, is matched
 * to the contact who owns it, or a contact is created (named from the caller id when that is a real
 * name, with the campaign of the dialed number as its source). Never two contacts for one number.
 */
@Service
public class CallerMatching {

    private static final Pattern REAL_NAME = Pattern.compile(".*\\p{L}.*");
    private static final List<String> NOT_NAMES = List.of("unknown", "anonymous", "private", "restricted",
            "unavailable", "withheld", "out of area", "wireless caller", "cell phone", "toll free",
            "pstn caller", "caller id", "phone caller");

    private final ContactRepository repository;
    private final PhoneNumbers phoneNumbers;
    private final DidCampaigns campaigns;
    private final TransactionTemplate tx;
    private final Clock clock;

    CallerMatching(ContactRepository repository, PhoneNumbers phoneNumbers, DidCampaigns campaigns,
                   TransactionTemplate tx, Optional<Clock> clock) {
        this.repository = repository;
        this.phoneNumbers = phoneNumbers;
        this.campaigns = campaigns;
        this.tx = tx;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * The contact of the other party of an outside call, found or created; empty when the number is
     * not a phone number (anonymous, garbage). Joins the caller's transaction.
     *
     * @param callerIdName what the trunk sent as the caller's name, if anything
     * @param dialedNumber the DID an inbound caller dialed (its campaign becomes a new contact's source), or null
     */
    public Optional<Long> contactFor(String remoteNumber, String callerIdName, String dialedNumber) {
        Optional<PhoneNumber> number = remoteNumber == null ? Optional.empty() : phoneNumbers.tryNormalize(remoteNumber);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        String source = dialedNumber == null ? null : campaigns.campaignFor(dialedNumber).orElse(null);
        return Optional.of(idForCaller(number.get(), callerName(callerIdName), source));
    }

    /** The contact who owns this number, created (named after the number) when there is none. */
    public long contactFor(PhoneNumber number) {
        return idForCaller(number, null, null);
    }

    /**
     * The contact who owns this number, created when there is none (named from the caller id when it is
     * a real name, else after the number). Never makes two contacts for one number, even when two calls
     * from it are recorded at the same moment on two nodes. Joins the caller's transaction.
     */
    private long idForCaller(PhoneNumber number, String callerName, String source) {
        return tx.execute(status -> {
            Optional<Long> owner = repository.ownerOf(number);
            if (owner.isPresent()) {
                return owner.get();
            }
            String name = callerName != null ? callerName : phoneNumbers.format(number);
            long id = repository.insert(name, null, null, source, null, clock.instant());
            Optional<Long> claimed = repository.claimPhone(id, number);
            if (claimed.isPresent()) {
                return id;
            }
            repository.delete(id); // another call created the contact first: use theirs
            return repository.ownerOf(number).orElseThrow();
        });
    }

    /** A caller-id name that names a person or company, not a placeholder or a number. */
    static String callerName(String name) {
        if (name == null || name.isBlank() || !REAL_NAME.matcher(name).matches()) {
            return null;
        }
        String n = name.strip();
        String lower = n.toLowerCase(Locale.ROOT);
        if (NOT_NAMES.stream().anyMatch(lower::startsWith) || lower.startsWith("cid:") || n.length() > 200) {
            return null;
        }
        return n;
    }
}
