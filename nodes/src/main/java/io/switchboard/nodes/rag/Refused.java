package io.switchboard.nodes.rag;

/**
 * A file that cannot be indexed, with a stable code ({@code file_empty}, {@code file_too_large},
 * {@code file_encrypted}, {@code file_corrupt}, {@code file_disguised}, {@code file_unsupported},
 * {@code file_no_text}, {@code file_zip_bomb}) and a sentence for the person who uploaded it.
 */
public final class Refused extends Exception {

  private final String code;

  public Refused(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
