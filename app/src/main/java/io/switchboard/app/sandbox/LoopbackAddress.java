package io.switchboard.app.sandbox;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;

/** Where this server answers on the loopback interface (the sandbox is reached there, never from outside). */
@Component
public class LoopbackAddress {

  private final Environment env;

  public LoopbackAddress(Environment env) {
    this.env = env;
  }

  public URI base() {
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    return URI.create("http://127.0.0.1:" + port);
  }
}
