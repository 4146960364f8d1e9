package io.switchboard.ui.dashboard;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A chart drawn by Apache ECharts (Apache 2.0) in the browser, from an ECharts option built on the server. */
@Tag("sb-chart")
@NpmPackage(value = "echarts", version = "6.1.0")
@JsModule("./sb-chart.ts")
public class Chart extends Component implements HasSize {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Chart(String label) {
    getElement().setAttribute("role", "img");
    getElement().setAttribute("aria-label", label);
  }

  public void setOption(ObjectNode option) {
    getElement().setProperty("optionJson", JSON.writeValueAsString(option));
  }
}
