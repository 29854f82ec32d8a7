// <kpi-chart>: calls per day (or hour) as stacked bars (answered, abandoned, missed) with the service level as a
// line on a percentage axis, drawn by Chart.js. The server sets `spec` (JSON: labels, title per label, answered,
// abandoned, missed, serviceLevel); clicking a bar fires `bar-click` with the label's index and the series.
import {
  Chart, BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

const SERIES = ['answered', 'abandoned', 'missed'];

class KpiChart extends HTMLElement {
  connectedCallback() {
    if (Object.prototype.hasOwnProperty.call(this, 'spec')) {
      // set before the element was defined: take it through the setter
      const value = this.spec;
      delete this.spec;
      this.spec = value;
    }
    if (!this._canvas) {
      this._canvas = document.createElement('canvas');
      this._canvas.setAttribute('role', 'img');
      this.appendChild(this._canvas);
    }
    this._draw();
  }

  disconnectedCallback() {
    if (this._chart) {
      this._chart.destroy();
      this._chart = null;
    }
  }

  set spec(json) {
    this._spec = typeof json === 'string' ? JSON.parse(json) : json;
    this._draw();
  }

  get spec() {
    return this._spec;
  }

  _color(name, fallback) {
    const v = getComputedStyle(this).getPropertyValue(name).trim();
    return v || fallback;
  }

  _draw() {
    if (!this._canvas || !this._spec || !this.isConnected) {
      return;
    }
    const s = this._spec;
    const colors = {
      answered: this._color('--kpi-answered', '#1676f3'),
      abandoned: this._color('--kpi-abandoned', '#e5483d'),
      missed: this._color('--kpi-missed', '#9aa5b1'),
      serviceLevel: this._color('--kpi-service-level', '#2e9e5b'),
      grid: this._color('--kpi-grid', 'rgba(0,0,0,0.08)'),
      text: this._color('--kpi-text', '#556')
    };
    const names = {answered: 'Answered', abandoned: 'Abandoned', missed: 'Missed'};
    const datasets = SERIES.map(k => ({
      type: 'bar', label: names[k], data: s[k], backgroundColor: colors[k], stack: 'calls', yAxisID: 'calls', order: 2
    }));
    datasets.push({
      type: 'line', label: 'Service level %', data: s.serviceLevel, borderColor: colors.serviceLevel,
      backgroundColor: colors.serviceLevel, yAxisID: 'pct', spanGaps: true, tension: 0.2, pointRadius: 3, order: 1
    });
    const config = {
      data: {labels: s.labels, datasets},
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: {mode: 'index', intersect: false},
        plugins: {
          legend: {position: 'bottom', labels: {color: colors.text, boxWidth: 12}},
          tooltip: {callbacks: {
            title: items => items.length ? s.titles[items[0].dataIndex] : '',
            label: item => item.dataset.yAxisID === 'pct'
              ? (item.raw == null ? null : ` Service level: ${item.raw.toFixed(1)} %`)
              : ` ${item.dataset.label}: ${item.raw}`
          }}
        },
        scales: {
          x: {stacked: true, grid: {display: false}, ticks: {color: colors.text, autoSkip: true, maxRotation: 0}},
          calls: {stacked: true, beginAtZero: true, position: 'left', grid: {color: colors.grid},
            title: {display: true, text: 'Calls', color: colors.text}, ticks: {precision: 0, color: colors.text}},
          pct: {min: 0, max: 100, position: 'right', grid: {display: false},
            title: {display: true, text: 'Service level %', color: colors.text}, ticks: {color: colors.text}}
        },
        onClick: (event, elements, chart) => {
          const bar = chart.getElementsAtEventForMode(event, 'nearest', {intersect: true}, true)
            .find(e => chart.data.datasets[e.datasetIndex].type === 'bar');
          if (bar) {
            this.dispatchEvent(new CustomEvent('bar-click', {detail: {index: bar.index, series: SERIES[bar.datasetIndex]}}));
          }
        },
        onHover: (event, elements) => {
          event.native.target.style.cursor = elements.length ? 'pointer' : 'default';
        }
      }
    };
    if (this._chart) {
      this._chart.data = config.data;
      this._chart.options = config.options;
      this._chart.update();
    } else {
      this._chart = new Chart(this._canvas, config);
    }
    // for tests and assistive technology: what the chart shows, in words
    this._canvas.setAttribute('aria-label', s.summary || '');
    this.setAttribute('drawn', String(s.labels.length));
  }
}

if (!customElements.get('kpi-chart')) {
  customElements.define('kpi-chart', KpiChart);
}
