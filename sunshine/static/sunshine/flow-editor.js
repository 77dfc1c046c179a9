// Flowchart (流程图) editor: bpmn-js Modeler plus a small side panel for our sunshine:* attributes.
//
// Markup:
//   <div data-flow-editor data-xml-source="#flow-xml" data-target="#id_bpmn_xml"></div>
// where #flow-xml is a <textarea> or <script type="application/xml"> holding the BPMN (empty: a new
// diagram) and #id_bpmn_xml the (hidden) form field that receives saveXML({format: true}) after every
// change, so an ordinary form POST saves the diagram.
// Load first: vendor/bpmn-js/bpmn-modeler.production.min.js (global BpmnJS) and its CSS, and flow.css.
// Labels are Chinese; English when <html lang> starts with "en". No build step, no framework.
(function () {
  "use strict";

  // Moddle descriptor of our BPMN extension, so sunshine:* attributes survive import and export.
  // Must match sunshine/flows/engine (SUNSHINE_NS). Plain strings: the server validates the values.
  var SUNSHINE_MODDLE = {
    name: "Sunshine",
    prefix: "sunshine",
    uri: "http://sunshine.example.org/bpmn",
    xml: { tagAlias: "lowerCase" },
    associations: [],
    types: [
      {
        name: "StepAttributes",
        isAbstract: true,
        extends: ["bpmn:FlowNode"],
        properties: [
          { name: "timeLimit", isAttr: true, type: "String" },
          { name: "timeUnit", isAttr: true, type: "String" },
          { name: "supervision", isAttr: true, type: "String" },
          { name: "postKind", isAttr: true, type: "String" },
          { name: "countersign", isAttr: true, type: "String" }
        ]
      }
    ]
  };

  var LABELS = {
    zh: {
      panel: "环节属性",
      hint: "在流程图中选择一个环节、网关或连线以编辑其属性。",
      name: "名称",
      id: "标识",
      timeLimit: "办理时限",
      timeUnit: "时限单位",
      units: { working_days: "工作日", calendar_days: "自然日", hours: "小时" },
      supervision: "电子监察点",
      countersign: "多人签署",
      countersignModes: { "": "不需要（由本岗位一人办理）", all: "会签（全部签署人同意）", any: "或签（任一签署人即可）" },
      condition: "条件表达式",
      conditionHint: "留空时，连线名称即条件（path == 名称）。例：decision == \"approve\"",
      isDefault: "默认出口",
      importError: "流程图无法导入：",
      saveError: "流程图无法保存：",
      kinds: {
        "bpmn:UserTask": "用户任务",
        "bpmn:Task": "任务",
        "bpmn:ExclusiveGateway": "排他网关",
        "bpmn:ParallelGateway": "并行网关",
        "bpmn:StartEvent": "开始事件",
        "bpmn:EndEvent": "结束事件",
        "bpmn:SequenceFlow": "连线",
        "bpmn:Lane": "泳道（承办岗位）",
        "bpmn:Participant": "流程"
      }
    },
    en: {
      panel: "Step properties",
      hint: "Select a step, gateway or flow in the diagram to edit its properties.",
      name: "Name",
      id: "ID",
      timeLimit: "Time limit",
      timeUnit: "Unit",
      units: { working_days: "working days", calendar_days: "calendar days", hours: "hours" },
      supervision: "Supervision point",
      countersign: "Signed by several",
      countersignModes: { "": "No (one person of the post)", all: "All signers (会签)", any: "Any signer (或签)" },
      condition: "Condition",
      conditionHint: "Empty: the flow's name is the condition (path == name). E.g. decision == \"approve\"",
      isDefault: "Default exit",
      importError: "The diagram cannot be imported: ",
      saveError: "The diagram cannot be saved: ",
      kinds: {
        "bpmn:UserTask": "User task",
        "bpmn:Task": "Task",
        "bpmn:ExclusiveGateway": "Exclusive gateway",
        "bpmn:ParallelGateway": "Parallel gateway",
        "bpmn:StartEvent": "Start event",
        "bpmn:EndEvent": "End event",
        "bpmn:SequenceFlow": "Flow",
        "bpmn:Lane": "Lane (handling post)",
        "bpmn:Participant": "Process"
      }
    }
  };

  function labels() {
    var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
    return lang.indexOf("en") === 0 ? LABELS.en : LABELS.zh;
  }

  function is(element, type) {
    var bo = element && element.businessObject;
    return !!(bo && typeof bo.$instanceOf === "function" && bo.$instanceOf(type));
  }

  function sourceText(selector) {
    var el = selector && document.querySelector(selector);
    if (!el) return "";
    return ("value" in el && el.tagName !== "SCRIPT" ? el.value : el.textContent) || "";
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

  function field(panel, labelText, input) {
    var row = make("label", "flow-panel__field");
    row.appendChild(make("span", "flow-panel__label", labelText));
    row.appendChild(input);
    panel.appendChild(row);
    return input;
  }

  function createEditor(container) {
    var t = labels();
    var target = document.querySelector(container.getAttribute("data-target"));
    container.classList.add("flow-editor");
    var canvasEl = make("div", "flow-editor__canvas");
    var panel = make("aside", "flow-panel");
    panel.setAttribute("aria-label", t.panel);
    var message = make("p", "flow-editor__message");
    message.setAttribute("role", "alert");
    message.hidden = true;
    container.appendChild(canvasEl);
    container.appendChild(panel);
    container.appendChild(message);

    var modeler = new window.BpmnJS({
      container: canvasEl,
      moddleExtensions: { sunshine: SUNSHINE_MODDLE }
    });
    container.flowModeler = modeler; // for page scripts and browser tests
    var modeling = modeler.get("modeling");
    var selected = null;

    function showError(prefix, err) {
      message.textContent = prefix + (err && err.message ? err.message : String(err));
      message.hidden = false;
    }

    function writeTarget() {
      if (!target) return Promise.resolve();
      return modeler.saveXML({ format: true }).then(
        function (result) {
          target.value = result.xml;
          target.dispatchEvent(new Event("change", { bubbles: true }));
        },
        function (err) {
          showError(t.saveError, err);
        }
      );
    }

    function get(element, name) {
      var value = element.businessObject.get(name);
      return value === undefined || value === null ? "" : String(value);
    }

    function update(element, props) {
      modeling.updateProperties(element, props);
    }

    function renderPanel() {
      var element = selected;
      panel.textContent = "";
      panel.appendChild(make("h3", "flow-panel__title", t.panel));
      if (!element || element.type === "label") {
        panel.appendChild(make("p", "flow-panel__hint", t.hint));
        return;
      }
      var bo = element.businessObject;
      panel.appendChild(make("p", "flow-panel__kind", (t.kinds[bo.$type] || bo.$type) + " · " + bo.id));

      var name = field(panel, t.name, make("input"));
      name.type = "text";
      name.name = "name";
      name.value = bo.name || "";
      name.addEventListener("change", function () {
        modeling.updateLabel(element, name.value.trim() || null);
      });

      if (is(element, "bpmn:Activity")) {
        var limit = field(panel, t.timeLimit, make("input"));
        limit.type = "number";
        limit.min = "1";
        limit.step = "1";
        limit.name = "timeLimit";
        limit.value = get(element, "sunshine:timeLimit");

        var unit = field(panel, t.timeUnit, make("select"));
        unit.name = "timeUnit";
        Object.keys(t.units).forEach(function (code) {
          var option = make("option", null, t.units[code]);
          option.value = code;
          unit.appendChild(option);
        });
        unit.value = get(element, "sunshine:timeUnit") || "working_days";

        limit.addEventListener("change", function () {
          var value = limit.value.trim();
          var props = { "sunshine:timeLimit": value || undefined };
          if (value && !get(element, "sunshine:timeUnit")) props["sunshine:timeUnit"] = unit.value;
          update(element, props);
        });
        unit.addEventListener("change", function () {
          update(element, { "sunshine:timeUnit": unit.value });
        });

        var supervision = make("input");
        supervision.type = "checkbox";
        supervision.name = "supervision";
        supervision.checked = get(element, "sunshine:supervision") === "true";
        var row = make("label", "flow-panel__field flow-panel__field--check");
        row.appendChild(supervision);
        row.appendChild(make("span", "flow-panel__label", t.supervision));
        panel.appendChild(row);
        supervision.addEventListener("change", function () {
          update(element, { "sunshine:supervision": supervision.checked ? "true" : undefined });
        });
      }

      if (is(element, "bpmn:UserTask")) {
        // TASK-7: the step's signers are its post's holders when it opens (cases.actions.sign).
        var countersign = field(panel, t.countersign, make("select"));
        countersign.name = "countersign";
        Object.keys(t.countersignModes).forEach(function (code) {
          var option = make("option", null, t.countersignModes[code]);
          option.value = code;
          countersign.appendChild(option);
        });
        countersign.value = get(element, "sunshine:countersign");
        countersign.addEventListener("change", function () {
          update(element, { "sunshine:countersign": countersign.value || undefined });
        });
      }

      if (is(element, "bpmn:SequenceFlow") && element.source && is(element.source, "bpmn:Gateway")) {
        var gateway = element.source;
        var expression = bo.conditionExpression;
        var condition = field(panel, t.condition, make("input"));
        condition.type = "text";
        condition.name = "condition";
        condition.value = (expression && expression.body) || "";
        panel.appendChild(make("p", "flow-panel__hint", t.conditionHint));
        condition.addEventListener("change", function () {
          var body = condition.value.trim();
          var value = body
            ? modeler.get("moddle").create("bpmn:FormalExpression", { body: body })
            : undefined;
          update(element, { conditionExpression: value });
        });

        var isDefault = make("input");
        isDefault.type = "checkbox";
        isDefault.name = "isDefault";
        isDefault.checked = gateway.businessObject.default === bo;
        var defaultRow = make("label", "flow-panel__field flow-panel__field--check");
        defaultRow.appendChild(isDefault);
        defaultRow.appendChild(make("span", "flow-panel__label", t.isDefault));
        panel.appendChild(defaultRow);
        isDefault.addEventListener("change", function () {
          update(gateway, { default: isDefault.checked ? bo : undefined });
        });
      }
    }

    var eventBus = modeler.get("eventBus");
    eventBus.on("selection.changed", function (event) {
      selected = event.newSelection.length === 1 ? event.newSelection[0] : null;
      renderPanel();
    });
    eventBus.on("element.changed", function (event) {
      // Re-read values changed on the canvas (e.g. a name edited in place), unless the user is typing.
      if (selected && event.element === selected && !panel.contains(document.activeElement)) renderPanel();
    });
    eventBus.on("commandStack.changed", writeTarget);

    var xml = sourceText(container.getAttribute("data-xml-source")).trim();
    var imported = xml ? modeler.importXML(xml) : modeler.createDiagram();
    return imported.then(
      function () {
        fitWithMargin(modeler.get("canvas"), 90, 16, 16, 40);
        renderPanel();
        return writeTarget();
      },
      function (err) {
        showError(t.importError, err);
      }
    ).then(function () {
      container.dispatchEvent(new CustomEvent("flow-editor:ready", { bubbles: true }));
      return modeler;
    });
  }

  function init(root) {
    (root || document).querySelectorAll("[data-flow-editor]").forEach(function (container) {
      if (container.flowModeler) return;
      createEditor(container);
    });
  }

  window.SunshineFlowEditor = { init: init, moddle: SUNSHINE_MODDLE };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
