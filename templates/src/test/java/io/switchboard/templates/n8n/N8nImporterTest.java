package io.switchboard.templates.n8n;

import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.Edge;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.ValidationProblem;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.BuiltInNodes;
import io.switchboard.nodes.ProviderNodes;
import io.switchboard.nodes.catalog.ListNodeCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** n8n exports written for these tests, covering every mapped node type and expression form. */
class N8nImporterTest {

  private static final Expressions EXPRESSIONS = Expressions.withDefaults();
  private static final NodeCatalog CATALOG;

  static {
    List<NodeType<?>> types = new ArrayList<>(BuiltInNodes.all());
    types.addAll(ProviderNodes.all(new ProviderNodes.Ports(null, null, null, null)));
    CATALOG = new ListNodeCatalog(types);
  }

  private final N8nImporter importer = new N8nImporter(CATALOG, EXPRESSIONS);

  private static byte[] export(String name) throws IOException {
    try (InputStream in = N8nImporterTest.class.getResourceAsStream("/n8n/" + name)) {
      return in.readAllBytes();
    }
  }

  private static Node node(N8nImport imported, String name) {
    return imported.graph().nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  private static N8nImport.NodeReport report(N8nImport imported, String name) {
    return imported.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void shouldMapTheCommonNodesWithTheirParametersPositionsAndConnections() throws Exception {
    N8nImport imported = importer.read(export("lead-router.json"));
    assertThat(imported.name()).isEqualTo("Lead router");

    Node webhook = node(imported, "Webhook");
    assertThat(webhook.type()).isEqualTo("trigger.webhook@1");
    assertThat(webhook.config().path("respond").asString()).isEqualTo("respond_node");
    assertThat(webhook.config().path("methods").get(0).asString()).isEqualTo("POST");
    assertThat(webhook.position().y()).isEqualTo(300);

    Node set = node(imported, "Edit Fields");
    assertThat(set.type()).isEqualTo("logic.set@1");
    assertThat(set.config().path("fields").get(0).path("value").asString())
        .isEqualTo("{{ input.body.first }} {{ input[\"body\"].last }}");
    assertThat(set.config().path("fields").get(1).path("value").asInt()).isEqualTo(42);

    Node condition = node(imported, "Hot lead?");
    assertThat(condition.type()).isEqualTo("logic.condition@1");
    assertThat(condition.config().path("condition").asString())
        .isEqualTo("(nodes[\"Edit Fields\"].score > 40) && (nodes[\"Webhook\"].body.source == \"ads\")");

    Node sms = node(imported, "Text the lead");
    assertThat(sms.type()).isEqualTo("sms.send@1");
    assertThat(sms.config().path("to").asString()).isEqualTo("{{ input.body.phone }}");
    assertThat(sms.config().path("body").asString()).isEqualTo("Hi {{ input.fullName }}, thanks! Sent {{ now() }}");
    assertThat(sms.config().path("from").asString()).isEqualTo("+15550001111");
    assertThat(sms.config().has("credentialId")).as("credentials are never imported").isFalse();
    assertThat(report(imported, "Text the lead").notes()).anyMatch(n -> n.contains("Twilio main") && n.contains("never imported"));

    Node http = node(imported, "Save to CRM");
    assertThat(http.type()).isEqualTo("http.request@1");
    assertThat(http.config().path("url").asString()).isEqualTo("https://crm.example.com/leads/{{ input.score }}");
    assertThat(http.config().path("query").path("source").asString()).isEqualTo("n8n");
    assertThat(http.config().path("headers").path("X-Team").asString()).isEqualTo("sales");
    assertThat(http.config().path("body").path("name").asString()).isEqualTo("{{ input.fullName }}");
    assertThat(report(imported, "Save to CRM").notes()).anyMatch(n -> n.contains("httpHeaderAuth"));

    Node respond = node(imported, "Respond to Webhook");
    assertThat(respond.type()).isEqualTo("logic.respond@1");
    assertThat(respond.config().path("status").asInt()).isEqualTo(201);
    assertThat(respond.config().path("body").path("ok").asBoolean()).isTrue();

    Node plan = node(imported, "Plan");
    assertThat(plan.type()).isEqualTo("logic.switch@1");
    assertThat(plan.config().path("cases").get(0).path("condition").asString()).isEqualTo("input.body.plan == \"gold\"");
    assertThat(plan.config().path("cases").get(0).path("label").asString()).isEqualTo("Gold");
    assertThat(plan.config().path("cases").get(1).path("condition").asString())
        .isEqualTo("size(string(default(input.body.plan, \"\"))) == 0");

    assertThat(node(imported, "Merge").type()).isEqualTo("logic.merge@1");
    assertThat(node(imported, "Nothing").type()).isEqualTo("logic.set@1");
    Node wait = node(imported, "Wait");
    assertThat(wait.type()).isEqualTo("logic.delay@1");
    assertThat(wait.config().path("duration").asString()).isEqualTo("2d");
    assertThat(node(imported, "Nurture").type()).isEqualTo("logic.subworkflow@1");
    assertThat(report(imported, "Nurture").status()).isEqualTo("needs_attention");

    assertThat(imported.graph().edges()).contains(
        new Edge("hot-lead", "true", "text-the-lead", "in"),
        new Edge("hot-lead", "false", "save-to-crm", "in"),
        new Edge("save-to-crm", "out", "merge", "in"),
        new Edge("plan", "case1", "nothing", "in"),
        new Edge("plan", "case2", "wait", "in"),
        new Edge("plan", "otherwise", "log-to-sheet", "in"));
    assertThat(imported.warnings()).anyMatch(w -> w.contains("sticky note"));
  }

  @Test
  void shouldKeepUnknownNodesAsDisabledPlaceholdersThatValidationPointsAt() throws Exception {
    N8nImport imported = importer.read(export("lead-router.json"));
    Node sheet = node(imported, "Log to sheet");
    assertThat(sheet.disabled()).isTrue();
    assertThat(sheet.type()).isEqualTo("n8n.googlesheets@1");
    assertThat(sheet.config().path("n8nType").asString()).isEqualTo("n8n-nodes-base.googleSheets");
    assertThat(sheet.config().path("parameters").path("sheetId").asString()).isEqualTo("abc");
    assertThat(report(imported, "Log to sheet").status()).isEqualTo("unsupported");

    List<ValidationProblem> problems = new GraphValidator(CATALOG, EXPRESSIONS::check, EXPRESSIONS::checkTemplate)
        .validate(imported.graph());
    assertThat(problems).anyMatch(p -> p.nodeId().equals(java.util.Optional.of("log-to-sheet")));
  }

  @Test
  void shouldFlagExpressionsItCannotTranslate() throws Exception {
    N8nImport imported = importer.read(export("lead-router.json"));
    N8nImport.NodeReport set = report(imported, "Edit Fields");
    assertThat(set.status()).isEqualTo("needs_attention");
    assertThat(set.notes()).anyMatch(n -> n.contains("$items('Webhook')") && n.contains("no Switchboard equivalent"));
    assertThat(set.notes()).anyMatch(n -> n.contains("toUpperCase") && n.contains("needs fixing"));
    assertThat(report(imported, "Webhook").notes()).anyMatch(n -> n.contains("new secret address"));
    assertThat(imported.count("mapped") + imported.count("needs_attention") + imported.count("unsupported"))
        .isEqualTo(12);
  }

  @Test
  void shouldTranslateSchedulesLegacyNodesAndReportWhatIsMissingHere() throws Exception {
    N8nImport imported = importer.read(export("weekly-mail.json"));
    assertThat(node(imported, "Schedule Trigger").config().path("cron").asString()).isEqualTo("0 30 9 ? * 2-6");
    assertThat(node(imported, "Monday").config().path("cron").asString()).isEqualTo("0 0 8 ? * 2");
    Node set = node(imported, "Set");
    assertThat(set.config().path("fields")).hasSize(2);
    assertThat(set.config().path("fields").get(1).path("value").asInt()).isEqualTo(3);
    assertThat(node(imported, "IF").config().path("condition").asString()).isEqualTo("input[\"n\"] > 2");
    // e-mail and AI steps are mapped by key; this catalog has neither, so they are reported, not lost
    Node mail = node(imported, "Send Email");
    assertThat(mail.disabled()).isTrue();
    assertThat(report(imported, "Send Email").notes()).anyMatch(n -> n.contains("email.send@1 is not available"));
    assertThat(report(imported, "Send Email").notes()).anyMatch(n -> n.contains("Office SMTP"));
    assertThat(report(imported, "AI Agent").notes()).anyMatch(n -> n.contains("ai.agent@1 is not available"));
  }

  @Test
  void shouldRefuseFilesThatAreNotN8nExports() {
    assertThatThrownBy(() -> importer.read("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(N8nImporter.NotAnN8nExport.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> importer.read("{\"schemaVersion\": 1, \"nodes\": []}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(N8nImporter.NotAnN8nExport.class).hasMessageContaining("\"connections\"");
    assertThatThrownBy(() -> importer.read(("{\"nodes\": [{\"name\": \"A\", \"type\": \"x\"}, {\"name\": \"A\", \"type\": \"y\"}],"
        + " \"connections\": {}}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(N8nImporter.NotAnN8nExport.class).hasMessageContaining("Two nodes are called \"A\"");
    assertThatThrownBy(() -> importer.read(new byte[N8nImporter.MAX_BYTES + 1]))
        .isInstanceOf(N8nImporter.NotAnN8nExport.class).hasMessageContaining("5 MB");
  }

  @Test
  void shouldTranslateEachExpressionForm() {
    assertThat(N8nExpressions.template("={{ $json.a }}").text()).isEqualTo("{{ input.a }}");
    assertThat(N8nExpressions.template("={{ $json[\"a b\"] }}").text()).isEqualTo("{{ input[\"a b\"] }}");
    assertThat(N8nExpressions.template("={{ $('Find it').first().json.x }}").text()).isEqualTo("{{ nodes[\"Find it\"].x }}");
    assertThat(N8nExpressions.template("={{ $('Find it').last().json.x }}").text()).isEqualTo("{{ nodes[\"Find it\"].x }}");
    assertThat(N8nExpressions.template("={{ $node[\"Find it\"].json.x }}").text()).isEqualTo("{{ nodes[\"Find it\"].x }}");
    assertThat(N8nExpressions.template("={{ $input.item.json.x }}").text()).isEqualTo("{{ input.x }}");
    assertThat(N8nExpressions.template("={{ $vars.city }}").text()).isEqualTo("{{ vars.city }}");
    assertThat(N8nExpressions.template("plain {{ text }}").expression()).isFalse();
    assertThat(N8nExpressions.template("={{ $env.SECRET }}").problems()).isNotEmpty();
    assertThat(N8nImporter.quartz("0 9 * * 0")).isEqualTo("0 0 9 ? * 1");
    assertThat(N8nImporter.quartz("*/5 * 1 * *")).isEqualTo("0 */5 * 1 * ?");
  }
}
