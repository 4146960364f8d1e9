// <sb-chart>: an Apache ECharts chart drawn as SVG. The server sets `optionJson` (an ECharts option
// as JSON); the chart follows the element's size. Accessible: ECharts' aria module describes the data.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

class SbChart extends HTMLElement {
  private chart?: echarts.ECharts;
  private resize?: ResizeObserver;
  private option?: echarts.EChartsCoreOption;

  set optionJson(json: string) {
    try {
      this.option = JSON.parse(json);
    } catch {
      this.option = undefined;
    }
    this.draw();
  }

  connectedCallback() {
    if (!this.style.display) {
      this.style.display = 'block';
    }
    this.chart = echarts.init(this, undefined, { renderer: 'svg' });
    this.resize = new ResizeObserver(() => this.chart?.resize());
    this.resize.observe(this);
    this.draw();
  }

  disconnectedCallback() {
    this.resize?.disconnect();
    this.chart?.dispose();
    this.chart = undefined;
  }

  private draw() {
    if (this.chart && this.option) {
      this.chart.setOption(this.option, true);
      this.setAttribute('data-drawn', 'true');
    }
  }
}

if (!customElements.get('sb-chart')) {
  customElements.define('sb-chart', SbChart);
}
