// Every chart of the product, drawn the same way and without inline scripts (the pages' Content
// Security Policy allows scripts from this site only). A page marks a chart with
//   <div data-chart="pie" data-source="status-data" data-labels='{"n": "…"}'></div>
// plus the data in a json_script element; the labels come translated from the template.
(function () {
  "use strict";

  function json(id) { return JSON.parse(document.getElementById(id).textContent); }

  function init(el) {
    if (!window.echarts) return null;
    var chart = echarts.init(el, null, { renderer: "svg" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  var builders = {
    pie: function (data) {
      return {
        animation: false,
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"], data: data,
                   label: { formatter: "{b}\n{c}" } }]
      };
    },
    // Rows [{name, <key>...}] as grouped bars; labels map each key to its series name.
    bars: function (rows, labels) {
      return {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: 10, bottom: 40, top: 30 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.name; }), axisLabel: { rotate: 45 } },
        yAxis: { type: "value" },
        series: Object.keys(labels).map(function (key) {
          return { name: labels[key], type: "bar", data: rows.map(function (r) { return r[key]; }) };
        })
      };
    },
    // Service-desk KPIs: each rate against its target.
    "kpi-rates": function (data, labels) {
      var narrow = window.innerWidth < 576;
      return {
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0, data: [labels.actual, labels.target] },
        grid: { left: narrow ? 110 : 190, right: 52, top: 28, bottom: 24 },
        yAxis: { type: "category", inverse: true, data: data.rates.map(function (r) { return r.name; }),
                 axisLabel: { width: narrow ? 100 : 180, overflow: "truncate" } },
        xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [
          { name: labels.actual, type: "bar", barMaxWidth: 18,
            label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "—" : p.value + "%"; } },
            data: data.rates.map(function (r) {
              return { value: r.rate, itemStyle: { color: r.rate === null ? "#adb5bd" : (r.meets ? "#198754" : "#dc3545") } };
            }) },
          { name: labels.target, type: "scatter", symbol: "rect", symbolSize: [3, 22], itemStyle: { color: "#0d6efd" }, z: 5,
            data: data.rates.map(function (r) { return r.target; }) }
        ]
      };
    },
    "kpi-kinds": function (data) {
      return data.kinds.length ? builders.pie(data.kinds) : null;
    },
    // Satisfaction survey: index per question as bars, satisfaction rate as a line against the 95% target.
    survey: function (data, labels) {
      return {
        animation: false, tooltip: { trigger: "axis" }, legend: { top: 0, data: [labels.index, labels.rate] },
        grid: { left: 40, right: 56, top: 30, bottom: 30 },
        xAxis: { type: "category", data: data.map(function (d) { return labels.question.replace("%s", d.name); }) },
        yAxis: { type: "value", min: 0, max: 100 },
        series: [
          { name: labels.index, type: "bar", data: data.map(function (d) { return d.index; }) },
          { name: labels.rate, type: "line", data: data.map(function (d) { return d.rate; }),
            markLine: { silent: true, symbol: "none", lineStyle: { color: "#dc3545", type: "dashed" },
                        data: [{ yAxis: 95, name: labels.target }], label: { formatter: labels.target } } }
        ]
      };
    },
    // Arrears by building, stacked by age bucket.
    aging: function (data, labels) {
      var colors = ["#ffc107", "#fd7e14", "#dc3545", "#a61e4d", "#6f42c1"];
      return {
        tooltip: { trigger: "axis" }, legend: { type: "scroll", data: data.buckets },  // one line, also on a phone
        grid: { left: 60, right: 20, top: 50, bottom: 40 },
        xAxis: { type: "category", data: data.buildings.map(function (b) { return b.name; }) },
        yAxis: { type: "value", name: labels.unit },
        series: data.buckets.map(function (label, i) {
          return { name: label, type: "bar", stack: "a", itemStyle: { color: colors[i] },
                   data: data.buildings.map(function (b) { return Number(b.values[i]); }) };
        })
      };
    },
    // Deadlines met and breached per day.
    "sla-daily": function (data, labels) {
      return {
        tooltip: { trigger: "axis" }, legend: { data: [labels.met, labels.breached] },
        xAxis: { type: "category", data: data.map(function (d) { return d.day.slice(5); }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: labels.met, type: "bar", stack: "n", data: data.map(function (d) { return d.met; }), itemStyle: { color: "#198754" } },
          { name: labels.breached, type: "bar", stack: "n", data: data.map(function (d) { return d.breached; }), itemStyle: { color: "#dc3545" } }
        ]
      };
    }
  };

  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var build = builders[el.dataset.chart];
      if (!build) return;
      var option = build(json(el.dataset.source), JSON.parse(el.dataset.labels || "{}"));
      if (!option) return;
      var chart = init(el);
      if (chart) { chart.setOption(option); el.dataset.drawn = "1"; }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
