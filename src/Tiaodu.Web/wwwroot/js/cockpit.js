// Cockpit and big screen: draws every [data-chart] element from the JSON in #cockpit-data. Each bar, slice,
// point and area carries the link to the projects behind it; a click opens that list.
(function () {
  'use strict';

  var source = document.getElementById('cockpit-data');
  if (!source || !window.echarts) {
    return;
  }

  var d = JSON.parse(source.textContent);
  var dark = document.body.getAttribute('data-theme') === 'dark';
  var font = getComputedStyle(document.body).fontFamily;
  var text = dark ? '#dbe7ff' : '#212529';
  var axis = dark ? '#5b6f94' : '#adb5bd';
  var charts = {};
  // People who ask their system for less motion get charts drawn at once, without the growing bars.
  var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  // Names come from the ledger: tooltips are HTML, so every name is escaped.
  var esc = window.echarts.format.encodeHTML;

  function base() {
    return {
      backgroundColor: 'transparent',
      textStyle: { fontFamily: font, color: text },
      animation: !dark && !still
    };
  }

  function follow(chart) {
    chart.on('click', function (p) {
      var link = p.data && p.data.link;
      if (!link && p.seriesName === 'trend' && d.trend.links[p.dataIndex]) {
        link = d.trend.links[p.dataIndex];
      }
      if (!link && p.componentType === 'series' && p.seriesType === 'map' && d.map.areas[p.data && p.data.code]) {
        link = d.map.areas[p.data.code];
      }
      if (link) {
        window.location.href = link;
      }
    });
  }

  function money(v) {
    return v == null ? '—' : v.toLocaleString() + ' ' + d.unit;
  }

  var builders = {
    trend: function () {
      return {
        color: ['#0d6efd', axis],
        tooltip: { trigger: 'axis', valueFormatter: money },
        legend: { top: 0, textStyle: { color: text }, data: [d.trend.thisYearName, d.trend.lastYearName] },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', boundaryGap: false, data: d.trend.months, axisLine: { lineStyle: { color: axis } } },
        yAxis: { type: 'value', name: d.unit, splitLine: { lineStyle: { color: dark ? '#24324d' : '#e9ecef' } } },
        series: [
          { id: 'trend', name: d.trend.thisYearName, type: 'line', data: d.trend.thisYear.map(function (v, i) { return { value: v, link: d.trend.links[i] }; }),
            symbolSize: 9, lineStyle: { width: 3 }, cursor: 'pointer' },
          { name: d.trend.lastYearName, type: 'line', data: d.trend.lastYear, symbolSize: 5, lineStyle: { type: 'dashed' }, cursor: 'default' }
        ]
      };
    },
    ranking: function () {
      var rows = d.ranking.rows.slice().reverse();
      return {
        tooltip: {
          trigger: 'item',
          formatter: function (p) { return esc(p.name) + '<br>' + d.labels.rate + ' ' + (p.value == null ? '—' : p.value + '%') + '<br>' + money(p.data.ytd); }
        },
        grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
        xAxis: { type: 'value', name: '%', axisLabel: { color: text }, splitLine: { lineStyle: { color: dark ? '#24324d' : '#e9ecef' } } },
        yAxis: { type: 'category', data: rows.map(function (r) { return r.rank + '. ' + r.name; }), axisLabel: { color: text } },
        series: [{
          type: 'bar', cursor: 'pointer',
          data: rows.map(function (r) {
            var behind = r.rate != null && d.ranking.time != null && r.rate < d.ranking.time;
            return { name: r.name, value: r.rate, ytd: r.ytd, link: r.link, itemStyle: { color: behind ? '#fd7e14' : '#198754' } };
          }),
          label: { show: true, position: 'right', color: text, formatter: function (p) { return p.value == null ? '—' : p.value + '%'; } },
          markLine: d.ranking.time == null ? undefined : {
            symbol: 'none', silent: true, lineStyle: { color: '#dc3545', type: 'dashed' },
            label: { formatter: d.labels.time + ' ' + d.ranking.time + '%', color: text },
            data: [{ xAxis: d.ranking.time }]
          }
        }]
      };
    },
    industries: function () { return bars(d.industries); },
    bands: function () { return bars(d.bands); },
    categories: function () {
      return {
        tooltip: { trigger: 'item', formatter: function (p) { return esc(p.name) + '<br>' + money(p.value) + '（' + p.data.count + ' ' + d.labels.projects + '）'; } },
        legend: { bottom: 0, type: 'scroll', textStyle: { color: text } },
        series: [{
          type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], cursor: 'pointer',
          label: { color: text, formatter: '{b}\n{d}%' },
          data: d.categories
        }]
      };
    }
  };

  function bars(list) {
    return {
      tooltip: { trigger: 'item', formatter: function (p) { return esc(p.name) + '<br>' + money(p.value) + '（' + p.data.count + ' ' + d.labels.projects + '）'; } },
      grid: { left: 8, right: 48, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: d.unit, axisLabel: { color: text }, splitLine: { lineStyle: { color: dark ? '#24324d' : '#e9ecef' } } },
      yAxis: { type: 'category', inverse: true, data: list.map(function (s) { return s.name; }), axisLabel: { color: text, width: 150, overflow: 'truncate' } },
      series: [{ type: 'bar', cursor: 'pointer', data: list, itemStyle: { color: '#0d6efd' },
        label: { show: true, position: 'right', color: text, formatter: function (p) { return p.data.count; } } }]
    };
  }

  function drawMap(host) {
    var chart = window.echarts.init(host, null, { renderer: 'canvas' });
    charts.map = chart;
    follow(chart);
    fetch(host.getAttribute('data-geo'), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        var features = [];
        for (var i = 0; i < d.map.prefixes.length && features.length === 0; i++) {
          var prefix = d.map.prefixes[i];
          features = geo.features.filter(function (f) { return f.properties.code.indexOf(prefix) === 0; });
        }
        if (features.length === 0) {
          features = geo.features;
        }
        window.echarts.registerMap('cockpit', { type: 'FeatureCollection', features: features });
        var colours = { red: '#dc3545', yellow: '#ffc107', none: '#20c997' };
        chart.setOption(Object.assign(base(), {
          tooltip: {
            trigger: 'item',
            formatter: function (p) { return p.seriesType === 'scatter' ? esc(p.name) + '<br>' + money(p.value[2]) : esc(p.name); }
          },
          geo: {
            map: 'cockpit', roam: true, nameProperty: 'name', selectedMode: false,
            label: { show: true, color: dark ? '#9fb3d9' : '#6c757d', fontSize: 11 },
            itemStyle: { areaColor: dark ? '#122345' : '#e7f1ff', borderColor: dark ? '#3b5b99' : '#6ea8fe' },
            emphasis: { itemStyle: { areaColor: dark ? '#1d3a70' : '#cfe2ff' }, label: { color: text } }
          },
          series: [
            {
              type: 'map', geoIndex: 0, cursor: 'pointer',
              data: features.map(function (f) { return { name: f.properties.name, code: f.properties.code, link: d.map.areas[f.properties.code] }; })
            },
            {
              type: 'scatter', coordinateSystem: 'geo', cursor: 'pointer', zlevel: 1,
              symbolSize: function (v, p) { return p.data.size; },
              data: d.map.points.map(function (p) { return { name: p.name, value: p.value, size: p.size, link: p.link, itemStyle: { color: colours[p.light] } }; })
            }
          ]
        }));
      });
  }

  function draw(host) {
    var kind = host.getAttribute('data-chart');
    if (charts[kind]) {
      charts[kind].resize();
      return;
    }
    if (kind === 'map') {
      drawMap(host);
      return;
    }
    var chart = window.echarts.init(host);
    chart.setOption(Object.assign(base(), builders[kind]()));
    follow(chart);
    charts[kind] = chart;
  }

  // Charts in hidden panels (the big screen's rotation) are drawn when their panel is first shown.
  window.tiaoduCockpit = { draw: draw, charts: charts };
  Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (host) {
    if (host.offsetParent !== null) {
      draw(host);
    }
  });
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
})();
