// Small wrappers around ECharts so every page draws charts the same way.
function propdeskChart(id) {
  var el = document.getElementById(id);
  if (!el || !window.echarts) return null;
  var chart = echarts.init(el, null, { renderer: "svg" });
  window.addEventListener("resize", function () { chart.resize(); });
  return chart;
}
function propdeskPie(id, dataId) {
  var chart = propdeskChart(id);
  if (!chart) return;
  var data = JSON.parse(document.getElementById(dataId).textContent);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0, type: "scroll" },
    series: [{ type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"], data: data,
               label: { formatter: "{b}\n{c}" } }]
  });
}
function propdeskBars(id, dataId, seriesDefs) {
  var chart = propdeskChart(id);
  if (!chart) return;
  var rows = JSON.parse(document.getElementById(dataId).textContent);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 10, bottom: 40, top: 30 },
    xAxis: { type: "category", data: rows.map(function (r) { return r.name; }), axisLabel: { rotate: 45 } },
    yAxis: { type: "value" },
    series: seriesDefs.map(function (s) { return { name: s.label, type: "bar", data: rows.map(function (r) { return r[s.key]; }) }; })
  });
}
