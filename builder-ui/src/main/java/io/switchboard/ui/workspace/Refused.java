package io.switchboard.ui.workspace;

import java.util.List;

/**
 * The application said no, in words a user understands ("Only a workspace admin can add
 * credentials."); views show the message as it is. {@code details} lists one problem per line when
 * there are several (a template's missing inputs).
 */
public class Refused extends RuntimeException {

  private final String code;
  private final List<String> details;

  public Refused(String code, String message) {
    this(code, message, List.of());
  }

  public Refused(String code, String message, List<String> details) {
    super(message);
    this.code = code;
    this.details = List.copyOf(details);
  }

  public String code() {
    return code;
  }

  public List<String> details() {
    return details;
  }
}
