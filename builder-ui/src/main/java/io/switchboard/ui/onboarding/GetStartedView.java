package io.switchboard.ui.onboarding;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.PermitAll;

import java.util.List;


/**
 * The first-login walk-through: get a number, add the knowledge base, paste the Cal.com link, and
 * switch the SMS knowledge-base responder on on the number. Each step says when it is done; the
 * last one says what is live.
 */
@Route("get-started")
@PageTitle("Get started · Switchboard")
@PermitAll
public class GetStartedView extends VerticalLayout {

  private final OnboardingPort onboarding;
  private final Paragraph numberState = state("onboarding-number-state");
  private final Paragraph knowledgeState = state("onboarding-knowledge-state");
  private final Paragraph linkState = state("onboarding-link-state");
  private final Paragraph liveState = state("onboarding-live-state");
  private final Paragraph error = state("onboarding-error");

  public GetStartedView(OnboardingPort onboarding) {
    this.onboarding = onboarding;
    setMaxWidth("48rem");
    error.getStyle().set("color", "var(--lumo-error-text-color)");
    H1 title = new H1("Get started");
    title.setId("onboarding-heading");
    add(title, new Paragraph("Four steps and your number answers texts from your own documents."), error);

    // 1. a number
    TextField area = new TextField("Area code");
    area.setId("onboarding-area-code");
    area.setPlaceholder("415");
    area.setMaxLength(3);
    ComboBox<String> numbers = new ComboBox<>("Available numbers");
    numbers.setId("onboarding-numbers");
    Button search = new Button("Find numbers", e -> attempt(() -> {
      List<String> found = onboarding.available(area.getValue());
      numbers.setItems(found);
      if (!found.isEmpty()) {
        numbers.setValue(found.getFirst());
      }
      return null;
    }));
    search.setId("onboarding-search");
    Button buy = new Button("Buy this number", e -> attempt(() -> {
      if (numbers.getValue() == null) {
        throw new Refused("no_number", "Find numbers first, then choose one.");
      }
      return onboarding.buy(numbers.getValue());
    }));
    buy.setId("onboarding-buy");
    buy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    HorizontalLayout numberRow = new HorizontalLayout(area, search, numbers, buy);
    numberRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
    numberRow.setWrap(true);
    add(new H2("1. Your phone number"), numberRow, numberState);

    // 2. the knowledge base
    Upload upload = new Upload(UploadHandler.inMemory((meta, bytes) ->
        attempt(() -> onboarding.addKnowledge(meta.fileName(), meta.contentType(), bytes))));
    upload.setId("onboarding-upload");
    upload.setAcceptedFileTypes(".pdf", ".docx", ".md", ".txt", ".html", "application/pdf", "text/plain", "text/markdown");
    upload.setMaxFiles(5);
    upload.getElement().setAttribute("aria-label", "Upload your documents");
    add(new H2("2. What your business knows"), new Paragraph("Upload your FAQ, price list or brochure (PDF, Word, "
        + "Markdown, text or HTML). Answers come only from these."), upload, knowledgeState);

    // 3. the booking link
    TextField link = new TextField("Cal.com booking link");
    link.setId("onboarding-link");
    link.setPlaceholder("https://cal.com/your-name/30min");
    link.setWidth("min(28rem, 100%)");
    Button save = new Button("Save link", e -> attempt(() -> {
      onboarding.saveBookingLink(link.getValue());
      return null;
    }));
    save.setId("onboarding-save-link");
    HorizontalLayout linkRow = new HorizontalLayout(link, save);
    linkRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
    linkRow.setWidthFull();
    linkRow.expand(link);
    add(new H2("3. Your booking link"), linkRow, linkState);

    // 4. live
    Button live = new Button("Answer texts on my number", e -> attempt(onboarding::goLive));
    live.setId("onboarding-go-live");
    live.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
    add(new H2("4. Go live"), new Paragraph("Switches on the SMS knowledge-base responder: texts to your number are "
        + "answered from your documents, and questions they cannot answer are flagged for a call back."), live, liveState);
    refresh();
  }

  private void attempt(ThrowingSupplier<?> step) {
    error.setText("");
    try {
      step.get();
    } catch (Refused refused) {
      error.setText(refused.getMessage());
    } catch (Exception e) {
      error.setText("That did not work: " + e.getMessage());
    }
    refresh();
  }

  private void refresh() {
    OnboardingPort.Progress p = onboarding.progress();
    numberState.setText(p.number().map(n -> "Done: your number is " + n + ".").orElse("Not yet: find a number in "
        + "your area and buy it."));
    knowledgeState.setText(p.documents() == 0 ? "Not yet: upload at least one document."
        : p.documentsIndexed() + " of " + p.documents() + " document(s) ready"
          + (p.documentsIndexed() < p.documents() ? "; the rest are being read." : "."));
    linkState.setText(p.bookingLink().map(l -> "Done: " + l).orElse("Optional: paste it so flows can send it."));
    liveState.setText(p.liveOn().map(n -> "Live: texts to " + n + " are answered from your knowledge base.")
        .orElse("Not live yet."));
  }

  private static Paragraph state(String id) {
    Paragraph p = new Paragraph();
    p.setId(id);
    return p;
  }

  @FunctionalInterface
  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

}
