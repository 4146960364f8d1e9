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

  /**
   * A refusal found by a port the node calls (a plan's daily limit reached), thrown where a checked
   * exception cannot go; the runner fails the step with its code and message, not retried.
   */
  public static final class Refused extends RuntimeException {
    private final String code;

    public Refused(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
