// Draws the page's charts with Apache ECharts (inlined before this script) from the JSON the page embeds.
// The numbers of every chart are also in the table below it; the charts are hidden from screen readers.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('aq-data').textContent);
  var charts = [];

  function chart(id, option) {
    var el = document.getElementById('chart-' + id);
    if (!el) { return; }
    // SVG: crisp at any zoom, and the drawn page can be checked in its DOM
    var c = echarts.init(el, null, { renderer: 'svg' });
    option.animation = false;
    c.setOption(option);
    // the series as the library holds them, so that what is drawn can be checked against the lake
    el.setAttribute('data-series', JSON.stringify(c.getOption().series.map(function (s) {
      return { name: s.name, data: s.data };
    })));
    el.setAttribute('data-drawn', 'true');
    charts.push(c);
  }

  function groupBy(rows, key) {
    var groups = {};
    rows.forEach(function (r) { (groups[r[key]] = groups[r[key]] || []).push(r); });
    return groups;
  }

  var timeAxis = { type: 'time', axisLabel: { hideOverlap: true } };
  var tooltip = { trigger: 'axis' };

  // AQI per city: a line per city, coloured by EPA category, over the categories' bands
  var byCity = groupBy(data.aqi, 'city');
  var bands = data.categories.map(function (c) {
    return [{ yAxis: c.low, itemStyle: { color: c.colour, opacity: 0.12 } }, { yAxis: c.high }];
  });
  var cities = Object.keys(byCity).sort();
  var maxAqi = data.aqi.reduce(function (m, r) { return Math.max(m, r.aqi); }, 50);
  chart('aqi', {
    tooltip: tooltip,
    legend: { type: 'scroll', top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: timeAxis,
    yAxis: { type: 'value', name: 'AQI', min: 0, max: Math.min(500, Math.ceil(maxAqi / 50) * 50 + 50) },
    visualMap: {
      show: false, type: 'piecewise', dimension: 1, seriesIndex: cities.map(function (c, i) { return i; }),
      pieces: data.categories.map(function (c) { return { gte: c.low, lte: c.high + 0.99, color: c.colour }; }),
      outOfRange: { color: '#7e0023' }
    },
    series: cities.map(function (city, i) {
      return {
        name: city, type: 'line', showSymbol: true, symbolSize: 5, connectNulls: false,
        lineStyle: { width: 2 },
        data: byCity[city].map(function (r) { return [r.hour, r.aqi]; }),
        markArea: i === 0 ? { silent: true, data: bands } : undefined
      };
    })
  });

  var bySeries = groupBy(data.means, 'series');
  chart('means', {
    tooltip: tooltip,
    legend: { type: 'scroll', top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: timeAxis,
    yAxis: { type: 'log', name: 'mean (reference unit, log scale)', nameGap: 12 },
    series: Object.keys(bySeries).sort().map(function (s) {
      return { name: s, type: 'line', showSymbol: false,
        data: bySeries[s].map(function (r) { return [r.hour, r.mean > 0 ? r.mean : null]; }) };
    })
  });

  var pollutants = Array.from(new Set(data.who.map(function (r) { return r.parameter; }))).sort();
  var whoCities = Array.from(new Set(data.who.map(function (r) { return r.city; }))).sort();
  chart('who', {
    tooltip: tooltip,
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: whoCities },
    yAxis: { type: 'value', name: 'hours above' },
    series: pollutants.map(function (p) {
      return { name: p, type: 'bar', data: whoCities.map(function (c) {
        var r = data.who.find(function (w) { return w.city === c && w.parameter === p; });
        return r ? r.hours : null;
      }) };
    })
  });

  chart('dead-letters', {
    tooltip: tooltip,
    grid: { left: 170, right: 30, top: 10, bottom: 30 },
    xAxis: { type: 'value', name: 'dead letters' },
    yAxis: { type: 'category', data: data.deadLetters.map(function (r) { return r.type; }) },
    series: [{ type: 'bar', color: '#5470c6', data: data.deadLetters.map(function (r) { return r.count; }) }]
  });

  chart('freshness', {
    tooltip: tooltip,
    grid: { left: 60, right: 20, top: 20, bottom: 40 },
    xAxis: timeAxis,
    yAxis: { type: 'value', name: 'readings' },
    series: [{ type: 'bar', color: '#2a9d8f', data: data.committedHours.map(function (r) { return [r.hour, r.readings]; }) }]
  });

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
}());
