package io.switchboard.nodes.email;

import io.switchboard.nodes.http.SsrfGuard;
import io.switchboard.nodes.messaging.ProviderFailure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends e-mail through a workspace's own SMTP server with Jakarta Mail (Angus). The server is a
 * tenant's choice, so the connection passes the {@link SsrfGuard}: the socket connects only to an
 * address the guard checked, never to our own network unless the platform allows that host.
 */
public final class SmtpMail {

  private final SsrfGuard guard;

  public SmtpMail(SsrfGuard guard) {
    this.guard = guard;
  }

  /** What the server accepted: the {@code Message-ID} the message went out with. */
  public record Accepted(String messageId) {}

  public Accepted send(EmailAccount.Smtp account, OutgoingEmail email) throws ProviderFailure {
    Session session = Session.getInstance(properties(account));
    try {
      MimeMessage message = message(session, email);
      try (Transport transport = session.getTransport("smtp")) {
        transport.connect(account.host(), account.port(), account.username(), account.password());
        transport.sendMessage(message, message.getAllRecipients());
      }
      return new Accepted(message.getMessageID());
    } catch (AuthenticationFailedException e) {
      throw new ProviderFailure("provider_auth", "The mail server " + account.host()
          + " refused the username or password of the SMTP credential.", false);
    } catch (MessagingException e) {
      throw translate(account, e);
    }
  }

  /** "Test connection": connects, starts TLS as configured and logs in, then hangs up; nothing is sent. */
  public void check(EmailAccount.Smtp account) throws ProviderFailure {
    Session session = Session.getInstance(properties(account));
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect(account.host(), account.port(), account.username(), account.password());
    } catch (AuthenticationFailedException e) {
      throw new ProviderFailure("provider_auth", "The mail server " + account.host()
          + " refused the username or password of the SMTP credential.", false);
    } catch (MessagingException e) {
      throw translate(account, e);
    }
  }

  static MimeMessage message(Session session, OutgoingEmail email) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    try {
      message.setFrom(email.fromName().isPresent()
          ? new InternetAddress(email.from(), email.fromName().get(), StandardCharsets.UTF_8.name())
          : new InternetAddress(email.from(), true));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to(), true));
    message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
    for (var header : email.headers().entrySet()) {
      message.setHeader(header.getKey(), header.getValue());
    }
    if (email.html().isPresent() && email.text().isPresent()) {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(email.text().get(), StandardCharsets.UTF_8.name(), "plain");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(email.html().get(), StandardCharsets.UTF_8.name(), "html");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      message.setContent(alternative);
    } else if (email.html().isPresent()) {
      message.setText(email.html().get(), StandardCharsets.UTF_8.name(), "html");
    } else {
      message.setText(email.text().orElseThrow(), StandardCharsets.UTF_8.name(), "plain");
    }
    message.saveChanges();
    return message;
  }

  private Properties properties(EmailAccount.Smtp account) {
    Properties p = new Properties();
    p.put("mail.smtp.host", account.host());
    p.put("mail.smtp.port", String.valueOf(account.port()));
    p.put("mail.smtp.auth", String.valueOf(!account.username().isEmpty()));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "30000");
    p.put("mail.smtp.writetimeout", "30000");
    p.put("mail.smtp.socketFactory", new GuardedSockets(guard));
    p.put("mail.smtp.socketFactory.fallback", "false");
    switch (account.tls()) {
      case STARTTLS -> {
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case SSL -> {
        p.put("mail.smtp.ssl.enable", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> { }
    }
    return p;
  }

  static ProviderFailure translate(EmailAccount.Smtp account, MessagingException e) {
    Throwable cause = e.getNextException() != null ? e.getNextException() : e.getCause();
    if (e instanceof SMTPAddressFailedException address) {
      return new ProviderFailure("recipient_refused", "The mail server refused the recipient " + address.getAddress()
          + ": " + address.getMessage().strip(), false);
    }
    if (e instanceof SMTPSendFailedException failed) {
      return failed.getReturnCode() >= 400 && failed.getReturnCode() < 500
          ? new ProviderFailure("provider_busy", "The mail server asked to try later (" + failed.getReturnCode() + "): "
              + failed.getMessage().strip() + "; will try again.", true)
          : new ProviderFailure("provider_refused", "The mail server refused the e-mail (" + failed.getReturnCode() + "): "
              + failed.getMessage().strip(), false);
    }
    if (e instanceof SendFailedException failed && failed.getNextException() instanceof MessagingException next) {
      return translate(account, next);
    }
    if (cause instanceof Refused refused) {
      return new ProviderFailure("smtp_host_refused", refused.getMessage(), false);
    }
    if (cause instanceof UnknownHostException) {
      return new ProviderFailure("provider_unreachable", "The mail server " + account.host() + " could not be found.", false);
    }
    if (cause instanceof ConnectException || cause instanceof SocketTimeoutException || cause instanceof IOException) {
      return new ProviderFailure("provider_unreachable", "The mail server " + account.host() + ":" + account.port()
          + " could not be reached (" + cause.getMessage() + "); will try again.", true);
    }
    return new ProviderFailure("provider_error", "Sending through " + account.host() + " failed: " + e.getMessage(), false);
  }

  /** A destination the guard refused, carried out of the socket as an I/O error. */
  static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /** Sockets that connect only to addresses the SSRF guard let through. */
  static final class GuardedSockets extends SocketFactory {
    private final SsrfGuard guard;

    GuardedSockets(SsrfGuard guard) {
      this.guard = guard;
    }

    @Override
    public Socket createSocket() {
      return new GuardedSocket(guard);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(InetSocketAddress.createUnresolved(host, port));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return createSocket(address.getHostAddress(), port);
    }
  }

  static final class GuardedSocket extends Socket {
    private final SsrfGuard guard;

    GuardedSocket(SsrfGuard guard) {
      this.guard = guard;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      InetSocketAddress target = (InetSocketAddress) endpoint;
      InetAddress[] checked;
      try {
        checked = guard.resolve(target.getHostString());
      } catch (SsrfGuard.Refused refused) {
        throw new Refused(refused.getMessage());
      }
      super.connect(new InetSocketAddress(checked[0], target.getPort()), timeout);
    }
  }
}
