/* The efficiency report's charts (ECharts, vendored): on-time rate per department, alerts by rule,
   and the monthly trend. Data comes from the page's json_script "report-charts". */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("report-charts");
    if (!source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var labels = data.labels;
    var charts = [];

    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var c = echarts.init(el, null, { renderer: "canvas" });
      c.setOption(option);
      charts.push(c);
    }

    chart("chart-departments", {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 24, bottom: 60 },
      xAxis: { type: "category", data: data.departments.map(function (d) { return d.name; }),
               axisLabel: { interval: 0, rotate: data.departments.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", min: 0, max: 100, name: "%" },
      series: [{ name: labels.rate, type: "bar", barMaxWidth: 40, itemStyle: { color: "#3b6fb6" },
                 label: { show: true, position: "top", formatter: function (p) { return p.value == null ? "—" : p.value + "%"; } },
                 data: data.departments.map(function (d) { return d.rate; }) }]
    });

    chart("chart-rules", {
      tooltip: { trigger: "item" },
      legend: { bottom: 0, type: "scroll" },
      series: [{ name: labels.alerts, type: "pie", radius: ["30%", "58%"], center: ["50%", "45%"],
                 label: { formatter: "{c}" },
                 data: data.rules.length ? data.rules : [{ name: "—", value: 0 }] }]
    });

    chart("chart-trend", {
      tooltip: { trigger: "axis" },
      legend: { data: [labels.steps, labels.alerts, labels.rate] },
      grid: { left: 40, right: 48, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.trend.map(function (m) { return m.month; }) },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, name: "%" }],
      series: [
        { name: labels.steps, type: "bar", data: data.trend.map(function (m) { return m.steps; }), itemStyle: { color: "#3b6fb6" } },
        { name: labels.alerts, type: "bar", data: data.trend.map(function (m) { return m.alerts; }), itemStyle: { color: "#c62828" } },
        { name: labels.rate, type: "line", yAxisIndex: 1, connectNulls: true,
          data: data.trend.map(function (m) { return m.on_time_rate; }), itemStyle: { color: "#2e7d32" } }
      ]
    });

    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  // Show only the fields the chosen period uses (the server ignores the others).
  function periodFields() {
    var select = document.getElementById("id_period");
    if (!select) return;
    var uses = { month: ["year", "month"], quarter: ["year", "quarter"], year: ["year"], range: ["start", "end"] };
    function update() {
      ["year", "quarter", "month", "start", "end"].forEach(function (name) {
        var box = document.querySelector(".field-" + name);
        if (box) box.hidden = (uses[select.value] || []).indexOf(name) < 0;
      });
    }
    select.addEventListener("change", update);
    update();
  }

  function start() { periodFields(); draw(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
