// The place cascade (city → county → township → village) and "use my location".
(function () {
  "use strict";
  var box = document.querySelector("fieldset.place");
  if (!box || box.dataset.ready) { return; }
  box.dataset.ready = "1";
  var childrenUrl = box.dataset.childrenUrl;
  var order = ["city", "county", "township", "village"];
  function select(level) { return box.querySelector("select[data-level=" + level + "]"); }

  function clearFrom(level) {
    for (var i = order.indexOf(level); i < order.length; i++) {
      var s = select(order[i]);
      while (s.options.length > 1) { s.remove(1); }
    }
  }

  function load(level, parentCode) {
    clearFrom(level);
    if (!parentCode) { return Promise.resolve(); }
    return fetch(childrenUrl.replace("CODE", encodeURIComponent(parentCode)))
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var s = select(level);
        data.options.forEach(function (o) { s.add(new Option(o.name, o.code)); });
      });
  }

  order.forEach(function (level) {
    var s = select(level);
    s.addEventListener("change", function () {
      if (s.dataset.next) { load(s.dataset.next, s.value); }
    });
  });

  var button = document.getElementById("use-location");
  var status = document.getElementById("locate-status");
  if (button) {
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = "您的浏览器不支持定位，请手动选择。"; return; }
      status.textContent = "正在定位……";
      navigator.geolocation.getCurrentPosition(function (pos) {
        var lng = pos.coords.longitude, lat = pos.coords.latitude;
        box.querySelector("input[name=lng]").value = lng.toFixed(6);
        box.querySelector("input[name=lat]").value = lat.toFixed(6);
        fetch(box.dataset.locateUrl + "?lng=" + lng + "&lat=" + lat)
          .then(function (r) { return r.json(); })
          .then(function (d) {
            if (d.error) { status.textContent = d.error; return; }
            select("city").value = d.city;
            load("county", d.city).then(function () {
              select("county").value = d.county;
              return load("township", d.county);
            }).then(function () { status.textContent = "已定位到：" + d.name; });
          });
      }, function () { status.textContent = "无法获取位置，请手动选择。"; }, { timeout: 10000 });
    });
  }

  document.querySelectorAll("button[data-once]").forEach(function (b) {
    b.form.addEventListener("submit", function () {
      setTimeout(function () { b.disabled = true; }, 0);
    });
  });
})();
