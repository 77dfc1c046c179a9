// Flowchart (流程图) viewer with risk points (风险点) and prevention measures (防控措施).
//
// Markup:
//   <div data-flow-viewer data-xml-source="#flow-xml" data-risks="#flow-risks"></div>
// where #flow-xml is a <textarea> or <script type="application/xml"> holding the BPMN and #flow-risks a
// <script type="application/json"> (Django's json_script) of the form
//   {"<element_id>": {"level": "A"|"B"|"C", "points": [{"description": "...", "measures": ["..."]}]}}
// (a point may carry its own "level" too; the step shows the highest). Each step is coloured by that
// level (A red, B orange, C yellow: CSS classes risk-A/B/C in flow.css) with a badge; steps that are
// supervision points (sunshine:supervision) get a 监 badge and time limits are shown under the tasks.
// Under the diagram, every step's risk points are listed with their measures (class "measure"); a click
// on a step shows its own. Load first: vendor/bpmn-js/bpmn-navigated-viewer.production.min.js (global
// BpmnJS) and its CSS, and flow.css. Chinese labels; English when <html lang> starts with "en".
//
// A case's position (optional): data-current="#flow-current" and data-done="#flow-done", each a
// json_script of a list of element ids. Open steps get the class step-current (thick blue outline and
// a 办理中 badge), done steps step-done (subtle green, a ✓ badge); a step in both lists is current.
(function () {
  "use strict";

  var LEVELS = ["A", "B", "C"]; // highest first
  var LABELS = {
    zh: {
      title: "风险点及防控措施",
      level: "风险等级",
      measures: "防控措施",
      clickHint: "点击流程图中的环节，查看该环节的风险点和防控措施。",
      none: "该环节没有登记风险点。",
      noRisks: "本流程图没有登记风险点。",
      supervision: "监",
      supervisionTitle: "电子监察点",
      units: { working_days: "个工作日", calendar_days: "个自然日", hours: "小时" },
      limit: "时限 ",
      importError: "流程图无法显示：",
      current: "办理中",
      currentTitle: "当前环节",
      done: "✓",
      doneTitle: "已办环节"
    },
    en: {
      title: "Risk points and prevention measures",
      level: "Risk level",
      measures: "Measures",
      clickHint: "Click a step in the diagram to see its risk points and prevention measures.",
      none: "No risk point is recorded for this step.",
      noRisks: "No risk point is recorded for this flowchart.",
      supervision: "S",
      supervisionTitle: "Supervision point",
      units: { working_days: " working days", calendar_days: " calendar days", hours: " hours" },
      limit: "",
      importError: "The diagram cannot be shown: ",
      current: "In progress",
      currentTitle: "Current step",
      done: "✓",
      doneTitle: "Step done"
    }
  };

  function labels() {
    var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
    return lang.indexOf("en") === 0 ? LABELS.en : LABELS.zh;
  }

  function sourceText(selector) {
    var el = selector && document.querySelector(selector);
    if (!el) return "";
    return ("value" in el && el.tagName !== "SCRIPT" ? el.value : el.textContent) || "";
  }

  function readRisks(selector) {
    var text = sourceText(selector).trim();
    if (!text) return {};
    try {
      var data = JSON.parse(text);
      return data && typeof data === "object" ? data : {};
    } catch (err) {
      return {};
    }
  }

  function readIds(selector) {
    var text = sourceText(selector).trim();
    if (!text) return [];
    try {
      var data = JSON.parse(text);
      return Array.isArray(data) ? data.map(String) : [];
    } catch (err) {
      return [];
    }
  }

  // Fit the whole diagram, keeping clear of the palette (left) and of the bpmn.io watermark (bottom right).
  function fitWithMargin(canvas, left, top, right, bottom) {
    var box = canvas.viewbox();
    var inner = box.inner;
    var outer = box.outer;
    if (!inner.width || !inner.height) return;
    var scale = Math.min(
      (outer.width - left - right) / inner.width,
      (outer.height - top - bottom) / inner.height,
      1
    );
    var extraX = (outer.width - left - right) / scale - inner.width;
    canvas.viewbox({
      x: inner.x - left / scale - extraX / 2,
      y: inner.y - top / scale,
      width: outer.width / scale,
      height: outer.height / scale
    });
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function highestLevel(entry) {
    var found = [];
    if (entry && LEVELS.indexOf(entry.level) >= 0) found.push(entry.level);
    ((entry && entry.points) || []).forEach(function (point) {
      if (point && LEVELS.indexOf(point.level) >= 0) found.push(point.level);
    });
    for (var i = 0; i < LEVELS.length; i++) {
      if (found.indexOf(LEVELS[i]) >= 0) return LEVELS[i];
    }
    return null;
  }

  function attr(bo, name) {
    // Works with or without the sunshine moddle extension (without it, unknown attributes land in $attrs).
    var value = typeof bo.get === "function" ? bo.get(name) : undefined;
    if ((value === undefined || value === null) && bo.$attrs) value = bo.$attrs[name];
    return value === undefined || value === null ? "" : String(value);
  }

  function badge(level, t) {
    var el = make("span", "risk-badge risk-badge-" + level, level);
    el.title = t.level + " " + level;
    return el;
  }

  function renderPoints(box, entry, t) {
    var points = (entry && entry.points) || [];
    if (!points.length) {
      box.appendChild(make("p", "flow-risks__none", t.none));
      return;
    }
    var list = make("ol", "risk-points");
    points.forEach(function (point) {
      var item = make("li", "risk-point");
      if (point.level && LEVELS.indexOf(point.level) >= 0) item.appendChild(badge(point.level, t));
      item.appendChild(make("span", "risk-point__description", point.description || ""));
      var measures = point.measures || [];
      if (measures.length) {
        var ul = make("ul", "measures");
        ul.setAttribute("aria-label", t.measures);
        measures.forEach(function (measure) {
          ul.appendChild(make("li", "measure", String(measure)));
        });
        item.appendChild(ul);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function createViewer(container) {
    var t = labels();
    container.classList.add("flow-viewer");
    var canvasEl = make("div", "flow-viewer__canvas");
    var detail = make("section", "flow-risk-detail");
    detail.setAttribute("aria-live", "polite");
    var listBox = make("section", "flow-risks");
    container.appendChild(canvasEl);
    container.appendChild(detail);
    container.appendChild(listBox);

    var viewer = new window.BpmnJS({ container: canvasEl });
    container.flowViewer = viewer; // for page scripts and browser tests
    var risks = readRisks(container.getAttribute("data-risks"));
    var current = readIds(container.getAttribute("data-current"));
    var done = readIds(container.getAttribute("data-done")).filter(function (id) {
      return current.indexOf(id) < 0;
    });
    var xml = sourceText(container.getAttribute("data-xml-source")).trim();

    function stepName(element) {
      return (element.businessObject && element.businessObject.name) || element.id;
    }

    function showDetail(element) {
      detail.textContent = "";
      if (!element) {
        detail.appendChild(make("p", "flow-risk-detail__hint", t.clickHint));
        return;
      }
      var heading = make("h4", "flow-risk-detail__title", stepName(element));
      var level = highestLevel(risks[element.id]);
      if (level) heading.appendChild(badge(level, t));
      detail.appendChild(heading);
      renderPoints(detail, risks[element.id], t);
      listBox.querySelectorAll(".flow-risks__step").forEach(function (item) {
        item.classList.toggle("is-active", item.getAttribute("data-element-id") === element.id);
      });
    }

    return viewer.importXML(xml).then(
      function () {
        var canvas = viewer.get("canvas");
        var overlays = viewer.get("overlays");
        var registry = viewer.get("elementRegistry");
        fitWithMargin(canvas, 16, 16, 16, 40);

        var steps = registry.filter(function (element) {
          return element.type !== "label" && element.businessObject &&
            element.businessObject.$instanceOf("bpmn:FlowNode");
        });
        steps.sort(function (a, b) { return a.x - b.x || a.y - b.y; });

        steps.forEach(function (element) {
          var bo = element.businessObject;
          var level = highestLevel(risks[element.id]);
          if (level) {
            canvas.addMarker(element.id, "risk-" + level);
            overlays.add(element.id, "risk-badge", { position: { top: -10, right: 8 }, html: badge(level, t) });
          }
          if (attr(bo, "sunshine:supervision") === "true") {
            canvas.addMarker(element.id, "supervision-point");
            var s = make("span", "supervision-badge", t.supervision);
            s.title = t.supervisionTitle;
            overlays.add(element.id, "supervision-badge", { position: { top: -10, left: -8 }, html: s });
          }
          if (current.indexOf(element.id) >= 0) {
            canvas.addMarker(element.id, "step-current");
            var c = make("span", "step-current-badge", t.current);
            c.title = t.currentTitle;
            overlays.add(element.id, "step-current", { position: { bottom: -4, left: 0 }, html: c });
          } else if (done.indexOf(element.id) >= 0) {
            canvas.addMarker(element.id, "step-done");
            var d = make("span", "step-done-badge", t.done);
            d.title = t.doneTitle;
            overlays.add(element.id, "step-done", { position: { bottom: 20, right: 20 }, html: d });
          }
          var limit = attr(bo, "sunshine:timeLimit");
          if (limit && bo.$instanceOf("bpmn:Activity")) {
            var unit = t.units[attr(bo, "sunshine:timeUnit")] || "";
            overlays.add(element.id, "time-limit", {
              position: { bottom: 24, left: 4 }, // inside the task, under its name
              html: make("span", "time-limit-badge", t.limit + limit + unit)
            });
          }
        });

        listBox.textContent = "";
        listBox.appendChild(make("h3", "flow-risks__title", t.title));
        var listed = steps.filter(function (element) { return risks[element.id]; });
        if (!listed.length) listBox.appendChild(make("p", "flow-risks__none", t.noRisks));
        var list = make("ul", "flow-risks__list");
        listed.forEach(function (element) {
          var item = make("li", "flow-risks__step");
          item.setAttribute("data-element-id", element.id);
          var heading = make("h4", "flow-risks__step-title", stepName(element));
          var level = highestLevel(risks[element.id]);
          if (level) heading.appendChild(badge(level, t));
          item.appendChild(heading);
          renderPoints(item, risks[element.id], t);
          list.appendChild(item);
        });
        listBox.appendChild(list);
        showDetail(null);

        viewer.get("eventBus").on("element.click", function (event) {
          var element = event.element;
          var isStep = element && element.businessObject && element.businessObject.$instanceOf("bpmn:FlowNode");
          showDetail(isStep ? element : null);
        });
      },
      function (err) {
        listBox.textContent = "";
        listBox.appendChild(make("p", "flow-viewer__message", t.importError + (err && err.message ? err.message : err)));
      }
    ).then(function () {
      container.dispatchEvent(new CustomEvent("flow-viewer:ready", { bubbles: true }));
      return viewer;
    });
  }

  function init(root) {
    (root || document).querySelectorAll("[data-flow-viewer]").forEach(function (container) {
      if (container.flowViewer) return;
      createViewer(container);
    });
  }

  window.SunshineFlowViewer = { init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
