package io.switchboard.engine.spi;

/**
 * Thrown by a node (or from inside {@link NodeContext#performOnce}) to fail its step with a code, a
 * message for the workspace owner and whether trying again may help; the same as returning a
 * {@link NodeResult.Fail}, for failures found deep inside an effect.
 */
public class NodeFailure extends Exception {

  private final String code;
  private final boolean retryable;

  public NodeFailure(String code, String message, boolean retryable) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
