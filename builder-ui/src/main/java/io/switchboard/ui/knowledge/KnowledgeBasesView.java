package io.switchboard.ui.knowledge;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import io.switchboard.ui.canvas.StateBadge;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.PermitAll;

import java.util.List;
import java.util.Optional;

/**
 * Knowledge bases the AI steps answer from: create one, add files (PDF, Word, HTML, Markdown, text)
 * with Vaadin Upload's progress bar, follow each document's indexing and chunk count, re-index one, delete.
 */
@Route("knowledge-bases")
@PageTitle("Knowledge bases · Switchboard")
@PermitAll
public class KnowledgeBasesView extends VerticalLayout {

  private final KnowledgePort knowledge;
  private final Select<KnowledgePort.KnowledgeBase> chosen = new Select<>();
  private final Grid<KnowledgePort.Document> documents = new Grid<>();
  private final Div detail = new Div();
  private final Paragraph empty = new Paragraph("No knowledge bases yet. Create one, then add your price list, opening "
      + "hours or FAQ so AI steps can answer from them.");
  private Registration polling;

  public KnowledgeBasesView(KnowledgePort knowledge) {
    this.knowledge = knowledge;
    setSizeFull();
    Button create = new Button("New knowledge base", VaadinIcon.PLUS.create(), e -> openCreateDialog());
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.setId("new-knowledge-base");

    chosen.setLabel("Knowledge base");
    chosen.setId("knowledge-base");
    chosen.setItemLabelGenerator(KnowledgePort.KnowledgeBase::name);
    chosen.setWidth("min(24rem, 100%)");
    chosen.addValueChangeListener(e -> showDetail());

    documents.setId("documents-grid");
    documents.setAriaLabel("Documents");
    documents.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    documents.addColumn(KnowledgePort.Document::fileName).setHeader("File").setFlexGrow(2);
    documents.addColumn(d -> size(d.sizeBytes())).setHeader("Size").setFlexGrow(0).setWidth("7em");
    documents.addComponentColumn(this::status).setHeader("Status").setFlexGrow(1);
    documents.addColumn(KnowledgePort.Document::chunks).setHeader("Chunks").setFlexGrow(0).setWidth("7em")
        .setKey("chunks");
    documents.addComponentColumn(d -> {
      Button reindex = new Button(VaadinIcon.REFRESH.create(), e -> reindex(d));
      reindex.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
      reindex.setAriaLabel("Re-index " + d.fileName());
      reindex.setTooltipText("Re-index: read, split and embed this file again");
      reindex.getElement().setAttribute("data-action", "reindex");
      // a document still being indexed, or one that was never downloaded, has nothing to re-index yet
      reindex.setEnabled((d.status().equals("indexed") || d.status().equals("failed")) && d.sizeBytes() > 0);
      Button delete = new Button(VaadinIcon.TRASH.create(), e -> deleteDocument(d));
      delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
      delete.setAriaLabel("Delete " + d.fileName());
      return new HorizontalLayout(reindex, delete);
    }).setHeader("Actions").setFlexGrow(0).setWidth("9em");
    documents.setMinHeight("12rem");
    documents.setAllRowsVisible(true);

    detail.setWidthFull();
    empty.setId("knowledge-empty");
    add(Page.header("Knowledge bases", "knowledge-heading", create), empty, chosen, detail);
    refresh(Optional.empty());
  }

  @Override
  protected void onAttach(AttachEvent event) {
    event.getUI().setPollInterval(1500);
    // indexing runs in the background: follow it while a document is not done
    polling = event.getUI().addPollListener(e -> {
      if (chosen.getValue() != null) {
        List<KnowledgePort.Document> docs = knowledge.documents(chosen.getValue().id());
        documents.setItems(docs);
      }
    });
  }

  @Override
  protected void onDetach(DetachEvent event) {
    if (polling != null) {
      polling.remove();
    }
    event.getUI().setPollInterval(-1);
  }

  private void refresh(Optional<java.util.UUID> select) {
    List<KnowledgePort.KnowledgeBase> list = knowledge.list();
    chosen.setItems(list);
    empty.setVisible(list.isEmpty());
    chosen.setVisible(!list.isEmpty());
    detail.setVisible(!list.isEmpty());
    list.stream().filter(kb -> select.map(kb.id()::equals).orElse(true)).findFirst().ifPresent(chosen::setValue);
  }

  private void showDetail() {
    detail.removeAll();
    KnowledgePort.KnowledgeBase kb = chosen.getValue();
    if (kb == null) {
      return;
    }
    H2 name = new H2(kb.name());
    name.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "var(--lumo-space-m) 0 0");
    Paragraph about = new Paragraph(kb.description() == null || kb.description().isBlank() ? "" : kb.description());

    Upload upload = new Upload(UploadHandler.inMemory((meta, bytes) -> {
      try {
        KnowledgePort.Document doc = knowledge.upload(kb.id(), meta.fileName(), meta.contentType(), bytes);
        Page.done(doc.fileName() + " is added; it is being indexed.");
      } catch (Refused r) {
        Page.refused(r);
      }
      documents.setItems(knowledge.documents(kb.id()));
    }));
    upload.setId("kb-upload");
    upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, knowledge.maxFileBytes()));
    upload.setAcceptedFileTypes(".pdf", ".docx", ".html", ".htm", ".md", ".txt", "text/plain", "text/markdown", "text/html",
        "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    upload.getElement().setAttribute("aria-label", "Add files to " + kb.name());
    upload.addFileRejectedListener(e -> Page.refused(new Refused("file_rejected", e.getErrorMessage())));
    upload.setWidthFull();

    Button delete = new Button("Delete knowledge base", VaadinIcon.TRASH.create(), e -> confirmDelete(kb));
    delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
    delete.setId("delete-knowledge-base");
    HorizontalLayout head = new HorizontalLayout(name, delete);
    head.setAlignItems(Alignment.BASELINE);
    head.expand(name);
    head.setWidthFull();
    documents.setItems(knowledge.documents(kb.id()));
    detail.add(head, about, upload, documents);
  }

  private com.vaadin.flow.component.Component status(KnowledgePort.Document d) {
    return switch (d.status()) {
      case "indexed" -> {
        Span badge = StateBadge.of("Indexed", "succeeded");
        // indexed with an error: a re-index failed and the earlier index is still used
        if (d.error().isEmpty()) {
          yield badge;
        }
        Span why = new Span(" " + d.error().get());
        why.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-error-text-color)");
        yield new Div(badge, why);
      }
      case "failed" -> {
        Span badge = StateBadge.of("Failed", "failed");
        Span why = new Span(" " + d.error().orElse(""));
        why.getStyle().set("font-size", "var(--lumo-font-size-s)");
        yield new Div(badge, why);
      }
      default -> {
        ProgressBar bar = new ProgressBar(0, 100, d.progress());
        bar.getElement().setAttribute("aria-label", "Indexing " + d.fileName() + ": " + d.progress() + "%");
        bar.setWidth("8em");
        Span label = new Span(d.status().equals("queued") ? "Waiting" : "Indexing " + d.progress() + "%");
        label.getStyle().set("font-size", "var(--lumo-font-size-s)");
        yield new Div(label, bar);
      }
    };
  }

  private static String size(long bytes) {
    return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? (bytes / 1024) + " KB" : (bytes / (1024 * 1024)) + " MB";
  }

  private void reindex(KnowledgePort.Document d) {
    try {
      knowledge.reindex(chosen.getValue().id(), d.id());
      Page.done(d.fileName() + " is being indexed again; its current passages stay in use until it is done.");
    } catch (Refused r) {
      Page.refused(r);
    }
    documents.setItems(knowledge.documents(chosen.getValue().id()));
  }

  private void deleteDocument(KnowledgePort.Document d) {
    try {
      knowledge.deleteDocument(chosen.getValue().id(), d.id());
      Page.done(d.fileName() + " is deleted.");
      documents.setItems(knowledge.documents(chosen.getValue().id()));
    } catch (Refused r) {
      Page.refused(r);
    }
  }

  private void confirmDelete(KnowledgePort.KnowledgeBase kb) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Delete \"" + kb.name() + "\"?");
    dialog.add(new Paragraph("Its documents are deleted too; AI steps that use it stop finding answers in it."));
    Button delete = new Button("Delete", e -> {
      try {
        knowledge.delete(kb.id());
        dialog.close();
        Page.done("\"" + kb.name() + "\" is deleted.");
        refresh(Optional.empty());
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    delete.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), delete);
    dialog.open();
  }

  private void openCreateDialog() {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("New knowledge base");
    TextField name = new TextField("Name");
    name.setId("knowledge-base-name");
    name.setWidthFull();
    TextField description = new TextField("Description (optional)");
    description.setWidthFull();
    VerticalLayout body = new VerticalLayout(name, description);
    body.setPadding(false);
    body.setWidth("min(24rem, 80vw)");
    dialog.add(body);
    Button create = new Button("Create", e -> {
      try {
        KnowledgePort.KnowledgeBase kb = knowledge.create(name.getValue(), description.getValue());
        dialog.close();
        refresh(Optional.of(kb.id()));
      } catch (Refused r) {
        name.setErrorMessage(r.getMessage());
        name.setInvalid(true);
      }
    });
    create.setId("create-knowledge-base");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
    dialog.open();
    name.focus();
  }
}
