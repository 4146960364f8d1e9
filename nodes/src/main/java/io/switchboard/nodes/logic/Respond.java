package io.switchboard.nodes.logic;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.engine.spi.RespondsToCaller;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Answers the webhook caller that started the workflow (when its webhook waits for a Respond step). */
public final class Respond extends BasicNodeType<Respond.Config> implements RespondsToCaller {

  public static final String KEY = "logic.respond@1";

  public record Config(
      @FieldInfo(title = "Status", help = "200 for OK.", kind = FieldKind.NUMBER) Integer status,
      @FieldInfo(title = "Body", help = "JSON; text values may use {{ }}.", kind = FieldKind.JSON) JsonNode body,
      @FieldInfo(title = "Headers", kind = FieldKind.JSON) Map<String, String> headers) {
    public Config {
      status = status == null ? 200 : status;
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
  }

  public Respond() {
    super(Config.class, describe(KEY, "Respond to webhook", "Logic",
        "Sends the answer back to the system that called the workflow's webhook.",
        NodeKind.ACTION, Set.of(), Set.of(), Set.of("body")), List.of(PortSpec.of("out")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    if (config.status() < 100 || config.status() > 599) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" answers with an HTTP status between 100 and 599.", false);
    }
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("status", config.status());
    ObjectNode headers = response.putObject("headers");
    config.headers().forEach(headers::put);
    response.set("body", config.body() == null ? context.input() : config.body());
    return NodeResult.emit("out", response);
  }
}
