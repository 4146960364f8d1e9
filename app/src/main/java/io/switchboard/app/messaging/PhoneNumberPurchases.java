package io.switchboard.app.messaging;

import com.twilio.base.Page;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Local;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.LocalReader;
import com.twilio.type.PhoneNumber;
import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.sandbox.SandboxAccounts;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.messaging.TwilioAccount;
import io.switchboard.nodes.messaging.TwilioAccounts;
import io.switchboard.nodes.messaging.TwilioClients;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Searching for and buying phone numbers through Twilio's API (the real one with a workspace's
 * Twilio credential, else the sandbox Twilio with the same SDK calls), with the number's message,
 * call and status webhooks pointed at Switchboard; and giving a bought number back.
 */
@Component
public class PhoneNumberPurchases {

  private final TwilioClients clients;
  private final TwilioAccountDirectory accounts;
  private final CredentialService credentials;
  private final SandboxAccounts sandbox;
  private final SignedWebhookPoster urls;

  public PhoneNumberPurchases(TwilioClients clients, TwilioAccountDirectory accounts, CredentialService credentials,
                              SandboxAccounts sandbox, SignedWebhookPoster urls) {
    this.clients = clients;
    this.accounts = accounts;
    this.credentials = credentials;
    this.sandbox = sandbox;
    this.urls = urls;
  }

  /** A number on offer. */
  public record Available(String number, String friendlyName, String locality, String region, String country,
                          boolean sms, boolean voice, boolean mms) {}

  /** What to look for; empty fields do not narrow the search. */
  public record Search(String country, Optional<Integer> areaCode, Optional<String> contains, Optional<Boolean> sms,
                       Optional<Boolean> voice) {}

  /** A number bought: Twilio's id for it and what it can do. */
  public record Bought(String sid, String number, String friendlyName, boolean sms, boolean voice) {}

  /** Twilio's refusal, or its absence, in words a user understands, with the status to answer. */
  public static final class Refused extends RuntimeException {
    private final HttpStatus status;
    private final String code;

    Refused(HttpStatus status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    public HttpStatus status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  /** The account that buys for the workspace: the chosen Twilio credential's, else the sandbox's. */
  public TwilioAccount account(TenantId tenant, Optional<UUID> credentialId) {
    if (credentialId.isEmpty()) {
      return sandbox.twilio(tenant);
    }
    var credential = credentials.find(tenant, credentialId.get()).filter(c -> "twilio".equals(c.type()))
        .orElseThrow(() -> new Refused(HttpStatus.BAD_REQUEST, "invalid_credential",
            "Choose one of your Twilio credentials to buy the number with."));
    try {
      return accounts.account(credential);
    } catch (TwilioAccounts.NoSender e) {
      throw new Refused(HttpStatus.BAD_REQUEST, "invalid_credential", e.getMessage());
    }
  }

  public List<Available> search(TwilioAccount account, Search search) {
    LocalReader reader = Local.reader(account.accountSid(), search.country()).setPageSize(30L);
    search.areaCode().ifPresent(reader::setAreaCode);
    search.contains().ifPresent(reader::setContains);
    search.sms().ifPresent(reader::setSmsEnabled);
    search.voice().ifPresent(reader::setVoiceEnabled);
    Page<Local> page = call(() -> reader.firstPage(clients.client(account)));
    return page.getRecords().stream().map(l -> new Available(l.getPhoneNumber().toString(),
        l.getFriendlyName() == null ? l.getPhoneNumber().toString() : l.getFriendlyName().toString(),
        l.getLocality(), l.getRegion(), l.getIsoCountry(),
        l.getCapabilities() != null && l.getCapabilities().getSms(),
        l.getCapabilities() != null && l.getCapabilities().getVoice(),
        l.getCapabilities() != null && l.getCapabilities().getMms())).toList();
  }

  /** Buys the number with our webhooks set on it. */
  public Bought buy(TwilioAccount account, String e164, String friendlyName) {
    IncomingPhoneNumber n = call(() -> IncomingPhoneNumber.creator(account.accountSid(), new PhoneNumber(e164))
        .setFriendlyName(friendlyName)
        .setSmsUrl(urls.publicUrl("/hooks/twilio/sms"))
        .setSmsMethod(com.twilio.http.HttpMethod.POST)
        .setVoiceUrl(urls.publicUrl("/hooks/twilio/call"))
        .setVoiceMethod(com.twilio.http.HttpMethod.POST)
        .setStatusCallback(urls.publicUrl("/hooks/twilio/call"))
        .setStatusCallbackMethod(com.twilio.http.HttpMethod.POST)
        .create(clients.client(account)));
    boolean sms = n.getCapabilities() == null || n.getCapabilities().getSms();
    boolean voice = n.getCapabilities() == null || n.getCapabilities().getVoice();
    return new Bought(n.getSid(), n.getPhoneNumber() == null ? e164 : n.getPhoneNumber().toString(),
        n.getFriendlyName() == null ? e164 : n.getFriendlyName(), sms, voice);
  }

  /** Gives the number back to Twilio; one Twilio no longer has is already given back. */
  public void release(TwilioAccount account, String sid) {
    try {
      call(() -> IncomingPhoneNumber.deleter(account.accountSid(), sid).delete(clients.client(account)));
    } catch (Refused e) {
      if (!"number_not_found".equals(e.code())) {
        throw e;
      }
    }
  }

  private static <T> T call(java.util.function.Supplier<T> twilio) {
    try {
      return twilio.get();
    } catch (ApiException e) {
      int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
      int code = e.getCode() == null ? 0 : e.getCode();
      if (status == 401 || code == 20003) {
        throw new Refused(HttpStatus.BAD_GATEWAY, "provider_auth",
            "Twilio did not accept the account's SID and auth token. Check the Twilio credential.");
      }
      if (status == 404) {
        throw new Refused(HttpStatus.NOT_FOUND, "number_not_found", "Twilio has no such number or country to offer.");
      }
      if (code == 21422 || code == 21452 || code == 21421) {
        throw new Refused(HttpStatus.CONFLICT, "number_unavailable",
            "That number is no longer available. Search again and choose another one.");
      }
      if (status == 429 || status >= 500) {
        throw new Refused(HttpStatus.SERVICE_UNAVAILABLE, "provider_busy",
            "Twilio is busy or unavailable right now. Try again in a minute.");
      }
      throw new Refused(HttpStatus.BAD_GATEWAY, "provider_refused", "Twilio refused: " + e.getMessage());
    } catch (ApiConnectionException e) {
      throw new Refused(HttpStatus.SERVICE_UNAVAILABLE, "provider_busy",
          "Twilio could not be reached right now. Try again in a minute.");
    } catch (TwilioException e) {
      throw new Refused(HttpStatus.BAD_GATEWAY, "provider_refused", "Twilio answered something unexpected: " + e.getMessage());
    }
  }
}
