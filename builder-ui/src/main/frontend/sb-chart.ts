// <sb-chart>: an Apache ECharts chart drawn as SVG. The server sets `optionJson` (an ECharts option
// as JSON); the chart follows the element's size. The server labels the element (role="img" and an
// aria-label summing up the figures); the drawing sits in an inner box so ECharts leaves that label alone.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, DatasetComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

class SbChart extends HTMLElement {
  private chart?: echarts.ECharts;
  private resize?: ResizeObserver;
  private option?: echarts.EChartsCoreOption;
  private box?: HTMLDivElement;

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
    if (!this.box) {
      this.box = document.createElement('div');
      this.box.style.width = '100%';
      this.box.style.height = '100%';
      this.box.setAttribute('aria-hidden', 'true');
      this.appendChild(this.box);
    }
    this.chart = echarts.init(this.box, undefined, { renderer: 'svg' });
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
