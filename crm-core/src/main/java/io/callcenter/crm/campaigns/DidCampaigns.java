package io.callcenter.crm.campaigns;

import io.callcenter.crm.shared.FieldProblem;
import io.callcenter.crm.shared.NumberForms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Call tracking: which campaign (lead source) each dialed number advertises. A contact created by a
 * call on a mapped DID gets that campaign as its source. DIDs are kept in E.164 like every other number
 * (a carrier may send {@code 8005551000}, {@code 18005551000} or {@code +18005551000} for the same line);
 * a dialed number that is no phone number (a short code) is kept as its digits.
 */
@Service
public class DidCampaigns {

    private static final Pattern DID = Pattern.compile("\\+?[0-9]{3,20}");

    public record Mapping(String did, String campaign) {
    }

    private static final Logger log = LoggerFactory.getLogger(DidCampaigns.class);

    private final JdbcClient jdbc;
    private final NumberForms numbers;

    DidCampaigns(JdbcClient jdbc, NumberForms numbers) {
        this.jdbc = jdbc;
        this.numbers = numbers;
    }

    /** The DID as the CRM keeps it: E.164 when it is a phone number, else its digits (optionally with '+'). */
    public String normalise(String did) {
        if (did == null) {
            return null;
        }
        String digits = did.replaceAll("[\\s().-]", "");
        return numbers.e164(digits).orElse(digits);
    }

    /** Mappings saved before DIDs were kept in E.164 are rewritten once (an E.164 mapping already there wins). */
    @EventListener(ApplicationReadyEvent.class)
    void keepEveryDidInOneForm() {
        for (Mapping m : list()) {
            String d = normalise(m.did());
            if (!d.equals(m.did())) {
                int moved = jdbc.sql("""
                                insert into did_campaigns (did, campaign) values (:d, :c) on conflict (did) do nothing""")
                        .param("d", d).param("c", m.campaign()).update();
                jdbc.sql("delete from did_campaigns where did = :old").param("old", m.did()).update();
                log.info("DID {} is now kept as {}{}", m.did(), d, moved == 0 ? " (a mapping of that number existed and was kept)" : "");
            }
        }
    }

    public Optional<String> campaignFor(String did) {
        return jdbc.sql("select campaign from did_campaigns where did = :did").param("did", normalise(did))
                .query(String.class).optional();
    }

    public List<Mapping> list() {
        return jdbc.sql("select did, campaign from did_campaigns order by did")
                .query((rs, n) -> new Mapping(rs.getString(1), rs.getString(2))).list();
    }

    /** Maps a DID to a campaign, replacing an earlier mapping; returns what is wrong instead, if anything. */
    public Optional<FieldProblem> put(String did, String campaign) {
        String d = normalise(did);
        if (d == null || !DID.matcher(d).matches()) {
            return Optional.of(new FieldProblem("did", "'" + did + "' is not a dialed number (digits, optionally starting with +)"));
        }
        if (campaign == null || campaign.isBlank() || campaign.length() > 200) {
            return Optional.of(new FieldProblem("campaign", "is required (at most 200 characters)"));
        }
        jdbc.sql("insert into did_campaigns (did, campaign) values (:d, :c) on conflict (did) do update set campaign = excluded.campaign")
                .param("d", d).param("c", campaign.strip()).update();
        return Optional.empty();
    }

    public void remove(String did) {
        jdbc.sql("delete from did_campaigns where did = :d").param("d", normalise(did)).update();
    }
}
