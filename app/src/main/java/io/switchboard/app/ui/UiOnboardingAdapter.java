package io.switchboard.app.ui;

import io.switchboard.app.ai.KnowledgeBaseController;
import io.switchboard.app.email.OutreachSettings;
import io.switchboard.app.email.OutreachSettingsController;
import io.switchboard.app.messaging.PhoneNumberController;
import io.switchboard.app.messaging.PhoneNumberPurchases;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.templates.TemplateService;
import io.switchboard.templates.TemplateCatalog;
import io.switchboard.ui.onboarding.OnboardingPort;
import io.switchboard.ui.workspace.Refused;
import org.springframework.stereotype.Service;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The walk-through's side: the same controllers and services the REST API uses for numbers,
 * knowledge bases, the booking link and templates, so it follows their rules (roles, plan limits,
 * the audit log).
 */
@Service
public class UiOnboardingAdapter implements OnboardingPort {

  static final String RESPONDER = "sms-knowledge-base-responder";
  static final String KNOWLEDGE_BASE = "Front desk";

  private final PhoneNumberController numbers;
  private final KnowledgeBaseController kbs;
  private final OutreachSettingsController outreach;
  private final TemplateService templates;
  private final TemplateCatalog catalog;

  public UiOnboardingAdapter(PhoneNumberController numbers, KnowledgeBaseController kbs, OutreachSettingsController outreach,
                             TemplateService templates, TemplateCatalog catalog) {
    this.numbers = numbers;
    this.kbs = kbs;
    this.outreach = outreach;
    this.templates = templates;
    this.catalog = catalog;
  }

  @Override
  public Progress progress() {
    return Refusals.call(() -> {
      List<PhoneNumberController.NumberView> mine = numbers.list();
      Optional<KnowledgeBaseController.KnowledgeBaseView> kb = frontDesk();
      Optional<String> link = Optional.of(outreach.read().bookingLink()).filter(l -> !l.isBlank());
      Optional<String> live = mine.stream().filter(n -> n.workflowId().isPresent()).map(PhoneNumberController.NumberView::number)
          .findFirst();
      return new Progress(mine.stream().map(PhoneNumberController.NumberView::number).findFirst(),
          kb.map(KnowledgeBaseController.KnowledgeBaseView::documents).orElse(0),
          kb.map(KnowledgeBaseController.KnowledgeBaseView::indexed).orElse(0), link, live);
    });
  }

  @Override
  public List<String> available(String areaCode) {
    return Refusals.call(() -> numbers.available("US", areaCode == null || areaCode.isBlank() ? null : areaCode.strip(), null,
        true, null, null).stream().map(PhoneNumberPurchases.Available::number).toList());
  }

  @Override
  public String buy(String number) {
    return Refusals.call(() -> numbers.purchase(new PhoneNumberController.PurchaseNumber(number, "Main number", null, null, null))
        .getBody().number());
  }

  @Override
  public String addKnowledge(String fileName, String contentType, byte[] bytes) {
    return Refusals.checked(() -> {
      KnowledgeBaseController.KnowledgeBaseView kb = frontDesk().orElseGet(() -> kbs.create(
          new KnowledgeBaseController.KnowledgeBaseInput(KNOWLEDGE_BASE, "Added in Get started")).getBody());
      return kbs.uploadRaw(kb.id(), fileName, contentType, new ByteArrayInputStream(bytes)).getBody().fileName();
    });
  }

  /** The booking link, through the same settings endpoint (its role check and link rules) as the API. */
  @Override
  public void saveBookingLink(String link) {
    Refusals.run(() -> {
      if (link == null || link.isBlank()) {
        throw new Refused("invalid_booking_link", "Paste your booking link, such as https://cal.com/your-name/30min.");
      }
      OutreachSettings.Values now = outreach.read();
      outreach.write(new OutreachSettings.Values(now.emailFromAddress(), now.emailFromName(), link));
    });
  }

  @Override
  public String goLive() {
    return Refusals.call(() -> {
      SwitchboardUser user = CurrentUser.require();
      String number = numbers.list().stream().map(PhoneNumberController.NumberView::number).findFirst()
          .orElseThrow(() -> new Refused("no_number", "Get a phone number first (step 1)."));
      KnowledgeBaseController.KnowledgeBaseView kb = frontDesk()
          .orElseThrow(() -> new Refused("no_knowledge", "Upload at least one document first (step 2)."));
      TemplateCatalog.Summary responder = catalog.findBySlug(RESPONDER)
          .orElseThrow(() -> new Refused("no_template", "The SMS knowledge-base responder template is not published."));
      TemplateService.Instantiated made = templates.instantiate(user, responder.id(), Optional.empty(),
          Map.of("number", number, "knowledgeBase", kb.id().toString()), Optional.empty(), true);
      if (!made.active()) {
        throw new Refused("not_live", "The responder was made but is not on: " + made.notActiveBecause().orElse("unknown reason"));
      }
      return number;
    });
  }

  private Optional<KnowledgeBaseController.KnowledgeBaseView> frontDesk() {
    List<KnowledgeBaseController.KnowledgeBaseView> all = kbs.list();
    return all.stream().filter(k -> k.name().equals(KNOWLEDGE_BASE)).findFirst().or(() -> all.stream().findFirst());
  }
}
