package io.callcenter.crm.ui.admin;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.callcenter.crm.recordings.Recordings;
import io.callcenter.crm.ui.Formats;
import io.callcenter.crm.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;

/** Who heard or downloaded which recording, when and from where, refused attempts included: newest first. */
@Route(value = "admin/recording-access", layout = MainLayout.class)
@PageTitle("Recording access · Call-Center CRM")
@RolesAllowed("ADMIN")
public class RecordingAccessView extends VerticalLayout {

    final Grid<Recordings.Access> grid = new Grid<>(Recordings.Access.class, false);

    final Grid<io.callcenter.crm.recordings.RecordingOrphans.Orphan> orphans =
            new Grid<>(io.callcenter.crm.recordings.RecordingOrphans.Orphan.class, false);

    public RecordingAccessView(Recordings recordings, io.callcenter.crm.recordings.RecordingRetention retention,
                               io.callcenter.crm.recordings.RecordingOrphans unclaimed) {
        setSizeFull();
        grid.setId("recording-access-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(a -> Formats.dateTime(a.at())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Recordings.Access::username).setHeader("Who").setAutoWidth(true);
        grid.addColumn(a -> a.action() == Recordings.Action.DOWNLOAD ? "Downloaded" : "Listened").setHeader("What").setAutoWidth(true);
        grid.addComponentColumn(a -> {
            Span result = new Span(a.allowed() ? "Allowed" : "Refused");
            result.getElement().getThemeList().add(a.allowed() ? "badge success" : "badge error");
            return result;
        }).setHeader("Result").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(a -> a.callId() == null ? "" : "call " + a.callId()).setHeader("Call").setAutoWidth(true);
        grid.addColumn(a -> a.recordingId().toString()).setHeader("Recording").setFlexGrow(2);
        grid.addColumn(Recordings.Access::remoteAddress).setHeader("From").setAutoWidth(true);
        grid.setItems(q -> recordings.accessLog(q.getOffset(), q.getLimit()).stream());
        grid.setEmptyStateText("Nobody has listened to a recording yet.");
        var usage = retention.usage();
        Paragraph stored = new Paragraph("Stored now: %,d recording(s), %.1f MB.".formatted(usage.recordings(), usage.bytes() / 1e6));
        stored.setId("recordings-storage-used");
        orphans.setId("recording-orphans-grid");
        orphans.addThemeVariants(GridVariant.LUMO_COMPACT);
        orphans.addColumn(o -> Formats.dateTime(o.firstSeenAt())).setHeader("Since").setAutoWidth(true).setFlexGrow(0);
        orphans.addColumn(io.callcenter.crm.recordings.RecordingOrphans.Orphan::asteriskFile).setHeader("File on the PBX").setFlexGrow(2);
        orphans.addColumn(o -> o.sizeBytes() == null ? "" : "%.1f MB".formatted(o.sizeBytes() / 1e6)).setHeader("Size")
                .setAutoWidth(true).setFlexGrow(0);
        orphans.addColumn(io.callcenter.crm.recordings.RecordingOrphans.Orphan::reason).setHeader("Why").setFlexGrow(3);
        var unclaimedNow = unclaimed.list(0, 200);
        orphans.setItems(unclaimedNow);
        orphans.setAllRowsVisible(true);
        orphans.setVisible(!unclaimedNow.isEmpty());
        Paragraph orphanNote = new Paragraph(unclaimedNow.isEmpty()
                ? "Every recording file on the PBX belongs to a call."
                : "Recording files on the PBX that no call claims (kept there; matched to their call by the Asterisk "
                  + "Uniqueid in their name as soon as the CRM knows it):");
        orphanNote.setId("recording-orphans-note");
        add(new H2("Recording access"), stored, orphanNote, orphans,
                new Paragraph("Every listen and download of a call recording, refused attempts too."), grid);
    }
}
