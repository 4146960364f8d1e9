package io.switchboard.app.ui;

import io.switchboard.app.messaging.PhoneNumberDirectory;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.templates.TemplateService;
import io.switchboard.nodes.rag.KnowledgeBases;
import io.switchboard.templates.TemplateCatalog;
import io.switchboard.ui.templates.TemplatesPort;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The gallery's side of {@link TemplateCatalog} and {@link TemplateService}: what the REST API's template endpoints show and do. */
@Service
public class UiTemplatesAdapter implements TemplatesPort {

  private final TemplateCatalog catalog;
  private final TemplateService templates;
  private final PhoneNumberDirectory numbers;
  private final KnowledgeBases knowledgeBases;

  public UiTemplatesAdapter(TemplateCatalog catalog, TemplateService templates, PhoneNumberDirectory numbers,
                            KnowledgeBases knowledgeBases) {
    this.catalog = catalog;
    this.templates = templates;
    this.numbers = numbers;
    this.knowledgeBases = knowledgeBases;
  }

  @Override
  public List<Card> gallery() {
    SwitchboardUser user = CurrentUser.require();
    List<Card> cards = new ArrayList<>();
    catalog.list(false).stream().filter(s -> s.publishedVersion().isPresent())
        .forEach(s -> cards.add(new Card(s.id(), false, s.title(), s.description(), s.category())));
    catalog.privateTemplates(user.tenantId())
        .forEach(p -> cards.add(new Card(p.id(), true, p.title(), p.description(), p.category())));
    return cards;
  }

  @Override
  public Optional<Template> template(UUID id, boolean own) {
    SwitchboardUser user = CurrentUser.require();
    if (own) {
      return catalog.privateTemplates(user.tenantId()).stream().filter(p -> p.id().equals(id)).findFirst()
          .map(p -> new Template(new Card(p.id(), true, p.title(), p.description(), p.category()), 1, p.graph(), p.manifest()));
    }
    return catalog.find(id, false).flatMap(s -> s.publishedVersion()
        .flatMap(v -> catalog.version(id, v))
        .map(v -> new Template(new Card(s.id(), false, s.title(), s.description(), s.category()), v.version(), v.graph(),
            v.manifest())));
  }

  @Override
  public List<Choice> phoneNumbers() {
    return numbers.list(CurrentUser.require().tenantId()).stream()
        .map(n -> new Choice(n.e164(), n.friendlyName().equals(n.e164()) ? n.e164() : n.friendlyName() + " (" + n.e164() + ")"))
        .toList();
  }

  @Override
  public List<Choice> knowledgeBases() {
    return knowledgeBases.list(CurrentUser.require().tenantId()).stream()
        .map(kb -> new Choice(kb.id().toString(), kb.name())).toList();
  }

  @Override
  public Made use(UUID id, boolean own, Map<String, String> answers, String workflowName, boolean activate) {
    SwitchboardUser user = CurrentUser.require();
    Optional<String> name = Optional.ofNullable(workflowName).map(String::strip).filter(n -> !n.isEmpty());
    TemplateService.Instantiated made = Refusals.call(() -> own
        ? templates.instantiatePrivate(user, id, answers, name, activate)
        : templates.instantiate(user, id, Optional.empty(), answers, name, activate));
    return new Made(made.workflowId(), made.active(), made.notActiveBecause());
  }
}
