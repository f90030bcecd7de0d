// The big-data centre's dashboard: charts and a drill-down map from rollup data.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var L = data.labels;
  var charts = [];
  function chart(id) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) { return null; }
    var c = echarts.init(el);
    charts.push(c);
    return c;
  }
  var trend = chart("chart-trend");
  if (trend) {
    trend.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [L.orders, L.satisfaction] },
      xAxis: { type: "category", data: data.trend.map(function (r) { return r.month; }) },
      yAxis: [{ type: "value", name: L.unit_orders }, { type: "value", name: L.unit_score, min: 1, max: 5 }],
      series: [
        { name: L.orders, type: "bar", data: data.trend.map(function (r) { return r.n; }) },
        { name: L.satisfaction, type: "line", yAxisIndex: 1, data: data.trend.map(function (r) { return r.satisfaction; }) }
      ]
    });
  }
  function pie(id, rows) {
    var c = chart(id);
    if (!c) { return; }
    c.setOption({
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "70%"], data: rows.map(function (r) { return { name: r.name, value: r.n }; }) }]
    });
  }
  pie("chart-category", data.mixes.category || []);
  pie("chart-channel", data.mixes.channel || []);
  var service = chart("chart-service");
  if (service) {
    var rows = data.mixes.service || [];
    service.setOption({
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", min: 0, max: 5 },
      yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
      series: [{ type: "bar", name: L.satisfaction, data: rows.map(function (r) { return r.satisfaction; }) }]
    });
  }
  var mapEl = document.getElementById("chart-map");
  var map = chart("chart-map");
  var byName = {};
  data.areas.forEach(function (a) { byName[a.name] = a; });
  function draw(metric) {
    var values = data.areas.map(function (a) { return a[metric]; }).filter(function (v) { return v !== null; });
    var max = values.length ? Math.max.apply(null, values) : 1;
    var min = values.length ? Math.min.apply(null, values) : 0;
    map.setOption({
      tooltip: { trigger: "item", formatter: function (p) {
        var a = byName[p.name];
        if (!a) { return p.name; }
        function v(x) { return x === null ? "—" : x; }
        return p.name + "<br>" + L.orders + " " + a.n + "<br>" + L.per_10k + " " + v(a.per_10k) +
          "<br>" + L.satisfaction + " " + v(a.satisfaction) + "<br>" + L.overdue_share + " " + v(a.overdue_share);
      } },
      visualMap: { min: min, max: max === min ? min + 1 : max, calculable: true, left: "left", text: [L[metric], ""],
        inRange: { color: metric === "satisfaction" ? ["#fde8e7", "#2e7d32"] : ["#e7f0fb", "#b3261e"] } },
      series: [{ type: "map", map: data.map_code, roam: true, label: { show: true, fontSize: 10 },
        data: data.areas.map(function (a) { return { name: a.name, value: a[metric], code: a.code, drill: a.drill }; }) }]
    }, true);
  }
  if (map && mapEl) {
    fetch(mapEl.dataset.geo, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        echarts.registerMap(data.map_code, geo);
        draw("per_10k");
        mapEl.dataset.ready = "1";
      });
    map.on("click", function (p) {
      if (p.data && p.data.drill) {
        var params = new URLSearchParams(window.location.search);
        params.set("region", p.data.code);
        window.location.search = params.toString();
      }
    });
    document.querySelectorAll("input[name=metric]").forEach(function (el) {
      el.addEventListener("change", function () { draw(el.value); });
    });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
