package io.callcenter.crm.ui.calls;

import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.HtmlComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.ui.Formats;

import java.util.List;

/**
 * A call's recording, heard in two clicks: the play button on the call opens this player, which streams
 * the audio from {@code /api/recordings/{id}/audio} (the signed-in session; the API checks who may hear it
 * and logs the listen), seeks with HTTP Range, and plays at the speed chosen.
 */
public class RecordingPlayer extends Dialog {

    /** The browser's own audio element, with its seek bar. */
    @Tag("audio")
    static final class Audio extends HtmlComponent {
        Audio(String src) {
            getElement().setAttribute("controls", true);
            getElement().setAttribute("autoplay", true);
            getElement().setAttribute("preload", "auto");
            getElement().setAttribute("src", src);
        }
    }

    public RecordingPlayer(Call call, io.callcenter.crm.contacts.PhoneNumbers phoneNumbers) {
        setHeaderTitle("Recording · " + (call.contactName() != null ? call.contactName()
                : call.remoteNumber() == null ? "unknown number" : Formats.number(call.remoteNumber(), phoneNumbers)));
        Audio audio = new Audio("/api/recordings/" + call.recordingId() + "/audio");
        audio.setId("recording-audio");
        audio.setWidthFull();
        Select<Double> speed = new Select<>();
        speed.setLabel("Speed");
        speed.setItems(List.of(0.75, 1.0, 1.25, 1.5, 2.0));
        speed.setItemLabelGenerator(s -> s + "×");
        speed.setValue(1.0);
        speed.addValueChangeListener(e -> audio.getElement().executeJs("this.playbackRate = $0", e.getValue()));
        Span when = new Span(Formats.dateTime(call.startedAt()) + (call.agent() == null ? "" : " · " + call.agent())
                + (call.talkSeconds() == null ? "" : " · talk " + Formats.duration(call.talkSeconds())));
        when.addClassName("recording-when");
        Button close = new Button("Close", e -> close());
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        getFooter().add(close);
        VerticalLayout content = new VerticalLayout(when, audio, new HorizontalLayout(speed));
        content.setPadding(false);
        content.setWidth("32rem");
        add(content);
        addClassName("recording-player");
    }

    /** The button that opens the player for a call with a recording the viewer may hear. */
    public static Button button(Call call, io.callcenter.crm.contacts.PhoneNumbers phoneNumbers) {
        Button play = new Button(VaadinIcon.PLAY_CIRCLE.create(), e -> new RecordingPlayer(call, phoneNumbers).open());
        play.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        play.setAriaLabel("Play the recording");
        play.setTooltipText("Play the recording");
        play.addClassName("play-recording");
        return play;
    }
}
