package io.switchboard.nodes.messaging;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;

import java.util.Optional;

/**
 * Sends messages and places calls through the Twilio Java SDK, turning its failures into
 * {@link ProviderFailure}s a workspace owner can act on.
 */
public final class TwilioMessaging {

  private final TwilioClients clients;

  public TwilioMessaging(TwilioClients clients) {
    this.clients = clients;
  }

  /** What Twilio answered for a message or call: its id and status. */
  public record Accepted(String sid, String status) {}

  public Accepted sendMessage(TwilioAccount account, String from, String to, String body, Optional<String> mediaUrl,
                              Optional<String> statusCallback) throws ProviderFailure {
    try {
      var creator = Message.creator(account.accountSid(), new PhoneNumber(to), new PhoneNumber(from), body);
      mediaUrl.ifPresent(creator::setMediaUrl);
      statusCallback.ifPresent(creator::setStatusCallback);
      Message message = creator.create(clients.client(account));
      return new Accepted(message.getSid(), String.valueOf(message.getStatus()));
    } catch (TwilioException e) {
      throw translate(e);
    }
  }

  public Accepted placeCall(TwilioAccount account, String from, String to, String twiml,
                            Optional<String> statusCallback) throws ProviderFailure {
    try {
      var creator = Call.creator(account.accountSid(), new PhoneNumber(to), new PhoneNumber(from), new Twiml(twiml));
      statusCallback.ifPresent(url -> {
        creator.setStatusCallback(url);
        creator.setStatusCallbackEvent(java.util.List.of("completed"));
      });
      Call call = creator.create(clients.client(account));
      return new Accepted(call.getSid(), String.valueOf(call.getStatus()));
    } catch (TwilioException e) {
      throw translate(e);
    }
  }

  /** Fetches the account itself: proves the SID and token work. Returns its name and status. */
  public Accepted verify(TwilioAccount account) throws ProviderFailure {
    try {
      com.twilio.rest.api.v2010.Account fetched = com.twilio.rest.api.v2010.Account.fetcher(account.accountSid())
          .fetch(clients.client(account));
      return new Accepted(fetched.getFriendlyName() == null ? account.accountSid() : fetched.getFriendlyName(),
          String.valueOf(fetched.getStatus()));
    } catch (TwilioException e) {
      throw translate(e);
    }
  }

  static ProviderFailure translate(TwilioException e) {
    if (e instanceof ApiConnectionException) {
      return new ProviderFailure("provider_unreachable", "Twilio could not be reached (" + e.getMessage() + "); will try again.", true);
    }
    if (e instanceof ApiException api) {
      int status = api.getStatusCode() == null ? 0 : api.getStatusCode();
      int code = api.getCode() == null ? 0 : api.getCode();
      String reason = api.getMessage() == null ? "no reason given" : api.getMessage();
      if (status == 401 || status == 403 || code == 20003) {
        return new ProviderFailure("provider_auth", "Twilio refused the account's credentials: check the Account SID and Auth Token.", false);
      }
      if (code == 21610) {
        return new ProviderFailure("opted_out", "The recipient has unsubscribed from this number (they replied STOP); Twilio refused the message.", false);
      }
      if (code == 21211 || code == 21614) {
        return new ProviderFailure("invalid_number", "Twilio says the number is not a valid mobile number: " + reason, false);
      }
      if (status == 429 || status >= 500) {
        return new ProviderFailure("provider_busy", "Twilio is busy or failing (" + status + "): " + reason + "; will try again.", true);
      }
      return new ProviderFailure("provider_refused", "Twilio refused the request (" + status + (code > 0 ? ", error " + code : "") + "): " + reason, false);
    }
    return new ProviderFailure("provider_error", "Twilio failed: " + e.getMessage(), false);
  }
}
