package io.callcenter.crm.campaigns;

import io.callcenter.crm.shared.FieldProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Call tracking: which campaign (lead source) each dialed number advertises. A contact created by a
 * call on a mapped DID gets that campaign as its source.
 */
@Service
public class DidCampaigns {

    private static final Pattern DID = Pattern.compile("\\+?[0-9]{3,20}");

    public record Mapping(String did, String campaign) {
    }

    private final JdbcClient jdbc;

    DidCampaigns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The DID as the PBX dials it (digits, optionally with '+'). */
    public static String normalise(String did) {
        return did == null ? null : did.replaceAll("[\\s().-]", "");
    }

    public Optional<String> campaignFor(String did) {
        String d = normalise(did);
        return jdbc.sql("select campaign from did_campaigns where did = :did or did = :alt")
                .param("did", d).param("alt", d.startsWith("+") ? d.substring(1) : "+" + d)
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
