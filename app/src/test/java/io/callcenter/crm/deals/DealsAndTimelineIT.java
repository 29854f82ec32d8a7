package io.callcenter.crm.deals;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.contacts.ContactResult;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.notes.Notes;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.timeline.ContactTimeline;
import io.callcenter.crm.timeline.TimelineEntry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DealsAndTimelineIT extends ApplicationIT {

    @Autowired Contacts contacts;
    @Autowired Deals deals;
    @Autowired ContactTimeline timeline;
    @Autowired Tasks tasks;
    @Autowired Notes notes;

    @Test
    void aReminderInThePastIsRefusedNamingTheFieldAndNothingIsStored() {
        long contact = ((ContactResult.Saved) contacts.create(new ContactDraft("Late Reminder", null, List.of(), null, null, null)))
                .contact().id();
        Tasks.Result old = tasks.createReminder(contact, null, "bob", Instant.parse("2001-05-01T10:00:00Z"), "too late");

        assertThat(old).isInstanceOfSatisfying(Tasks.Result.Invalid.class, invalid -> assertThat(invalid.problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("dueAt");
                    assertThat(p.message()).contains("in the past");
                }));
        assertThat(tasks.list(new io.callcenter.crm.tasks.TaskFilter(null, contact, null), 0, 10)).isEmpty();
        Tasks.Result soon = tasks.createReminder(contact, null, "bob", Instant.now().plusSeconds(3600), "later");
        long id = ((Tasks.Result.Saved) soon).task().id();
        assertThat(tasks.update(id, null, Instant.parse("2001-05-01T10:00:00Z"), null, null))
                .as("nor moved into the past").isInstanceOf(Tasks.Result.Invalid.class);
    }

    @Test
    void dealMovesThroughTheStagesAndEveryMoveIsOnTheContactsTimeline() throws Exception {
        long contact = ((ContactResult.Saved) contacts.create(new ContactDraft("Deal Maker", "Big Co", List.of(), null, null, null)))
                .contact().id();
        List<Deals.StageTotal> before = deals.funnel();

        Deal deal = ((Deals.Result.Saved) deals.create(contact, "50 licences", new BigDecimal("12000.00"), "alice")).deal();
        deals.move(deal.id(), Deal.Stage.QUALIFIED, "alice");
        deals.move(deal.id(), Deal.Stage.PROPOSAL, "bob");
        assertThat(notes.add(contact, "bob", "Sent the proposal by e-mail")).isEmpty();
        tasks.createReminder(contact, null, "bob", Instant.now().plusSeconds(86_400), "Ask about the proposal");

        assertThat(deals.find(deal.id()).orElseThrow().stage()).isEqualTo(Deal.Stage.PROPOSAL);
        List<TimelineEntry> entries = timeline.of(contact, 20);
        assertThat(entries).extracting(TimelineEntry::kind).containsExactly(TimelineEntry.Kind.TASK, TimelineEntry.Kind.NOTE,
                TimelineEntry.Kind.DEAL, TimelineEntry.Kind.DEAL, TimelineEntry.Kind.DEAL);
        assertThat(entries.get(2).title()).isEqualTo("50 licences: Qualified → Proposal");
        assertThat(entries.get(2).by()).isEqualTo("bob");
        assertThat(entries.get(4).title()).isEqualTo("50 licences: Lead");
        assertThat(entries.get(1).detail()).isEqualTo("Sent the proposal by e-mail");
        int proposalsBefore = before.stream().filter(t -> t.stage() == Deal.Stage.PROPOSAL).findFirst().orElseThrow().count();
        assertThat(deals.funnel()).filteredOn(t -> t.stage() == Deal.Stage.PROPOSAL).singleElement()
                .satisfies(t -> assertThat(t.count()).isEqualTo(proposalsBefore + 1));
        assertThat(deals.funnel()).hasSize(5);
    }

    @Test
    void dealNeedsATitleAndNoNegativeAmount() {
        long contact = ((ContactResult.Saved) contacts.create(new ContactDraft("No Deal", null, List.of(), null, null, null)))
                .contact().id();

        assertThat(deals.create(contact, " ", new BigDecimal("-1"), "alice"))
                .isInstanceOfSatisfying(Deals.Result.Invalid.class, invalid ->
                        assertThat(invalid.problems()).extracting(p -> p.field()).containsExactly("title", "amount"));
        assertThat(deals.forContact(contact)).isEmpty();
    }
}
