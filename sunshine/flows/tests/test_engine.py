"""The BPMN engine layer (sunshine.flows.engine): parse, validate, test_run, templates. No database."""

from __future__ import annotations

import pytest
from lxml import etree

from sunshine.flows import engine
from sunshine.flows.engine import BpmnError, ProblemCode
from sunshine.flows.engine.conditions import ConditionError, evaluate_condition
from sunshine.flows.engine.document import BPMN_NS, SUNSHINE_NS

NS = {"bpmn": BPMN_NS}
FULL_CONTEXT = {
    "conditions": "申请人为依法设立的企业，具备安全生产条件",
    "materials": "申请书一式三份；营业执照复印件",
    "counterpart_rights": "陈述、申辩、听证、行政复议、行政诉讼",
    "complaint_channel": "投诉举报电话 12345；纪检监察室",
}


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def mutate(name: str, change) -> bytes:
    """A built-in template with ``change(root)`` applied."""
    root = etree.fromstring(engine.template(name).encode())
    change(root)
    return etree.tostring(root)


def element(root, element_id: str):
    return root.xpath("//*[@id=$i]", i=element_id)[0]


def remove(root, element_id: str) -> None:
    el = element(root, element_id)
    el.getparent().remove(el)


def small(body: str, *, lanes: dict[str, list[str]] | None = None, executable: str = "true") -> str:
    """A one-process diagram without DI; ``lanes`` maps lane name -> node ids."""
    lane_xml = ""
    if lanes:
        lane_xml = (
            "<bpmn:laneSet id='ls'>"
            + "".join(
                f"<bpmn:lane id='lane{i}' name='{name}'>"
                + "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in refs)
                + "</bpmn:lane>"
                for i, (name, refs) in enumerate(lanes.items())
            )
            + "</bpmn:laneSet>"
        )
    return (
        f"<bpmn:definitions xmlns:bpmn='{BPMN_NS}' xmlns:sunshine='{SUNSHINE_NS}' id='d' targetNamespace='t'>"
        f"<bpmn:process id='p' name='测试流程' isExecutable='{executable}'>{lane_xml}{body}</bpmn:process>"
        "</bpmn:definitions>"
    )


TASK = "<bpmn:userTask id='{id}' name='{name}' sunshine:timeLimit='1' sunshine:timeUnit='hours' {extra}/>"


def task(element_id: str, name: str | None = None, extra: str = "") -> str:
    return TASK.format(id=element_id, name=name or element_id, extra=extra)


def seq(flow_id: str, source: str, target: str, name: str = "", condition: str | None = None) -> str:
    cond = f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
    return (
        f"<bpmn:sequenceFlow id='{flow_id}' name='{name}' sourceRef='{source}' targetRef='{target}'>"
        f"{cond}</bpmn:sequenceFlow>"
    )


# ---------------------------------------------------------------------------------------------- templates


@pytest.mark.parametrize("name", ["permit", "penalty"])
def test_template_parses_with_lanes_and_time_limits_on_every_user_task(name):
    diagram = engine.parse(engine.template(name))
    user_tasks = [s for s in diagram.steps if s.kind == "userTask"]
    assert diagram.name == engine.TEMPLATES[name]
    assert len(diagram.lanes) == 5
    assert len(user_tasks) >= 9
    assert all(s.lane and s.time_limit and s.time_unit in engine.TIME_UNITS for s in user_tasks)
    assert sum(s.supervision for s in diagram.steps) >= 2


@pytest.mark.parametrize("name", ["permit", "penalty"])
def test_template_validates_clean_with_full_context(name):
    assert engine.validate(engine.template(name), context=FULL_CONTEXT) == []


@pytest.mark.parametrize("name", ["permit", "penalty"])
def test_template_test_run_reaches_the_end(name):
    result = engine.test_run(engine.template(name))
    assert result.ok, result.message
    assert result.completed_steps[0].startswith("Start_")
    assert result.completed_steps[-1] == "End_done"


def test_permit_acceptance_within_five_working_days():
    step = engine.parse(engine.template("permit")).step("Task_acceptance")
    assert (step.time_limit, step.time_unit, step.lane, step.supervision) == (
        5,
        "working_days",
        "窗口受理岗",
        True,
    )


def test_permit_major_matter_goes_through_collective_decision_when_data_says_so():
    result = engine.test_run(engine.template("permit"), data={"acceptance": "accept", "major": True})
    assert result.ok
    assert "Task_collective" in result.completed_steps


def test_permit_default_test_path_skips_collective_decision():
    result = engine.test_run(engine.template("permit"))
    assert result.taken_flows == ["Flow_accept", "Flow_major_no"]
    assert "Task_collective" not in result.completed_steps


def test_permit_rejection_ends_at_the_rejection_end_event():
    result = engine.test_run(engine.template("permit"), data={"acceptance": "reject"})
    assert result.ok
    assert result.completed_steps[-1] == "End_rejected"


def test_unknown_template_is_a_key_error():
    with pytest.raises(KeyError):
        engine.template("nope")


# ---------------------------------------------------------------------------------------------- parse


def test_parse_reads_steps_lanes_flows_and_conditions():
    diagram = engine.parse(engine.template("permit"))
    accept = next(f for f in diagram.flows if f.element_id == "Flow_accept")
    no = next(f for f in diagram.flows if f.element_id == "Flow_major_no")
    assert (accept.source, accept.target, accept.name, accept.condition) == (
        "Gateway_acceptance",
        "Task_review",
        "受理",
        'acceptance == "accept"',
    )
    assert no.is_default
    assert diagram.step("Gateway_major").kind == "exclusiveGateway"
    assert diagram.lanes[0] == "窗口受理岗"


def test_parse_accepts_str_with_encoding_declaration_and_bytes():
    text = '<?xml version="1.0" encoding="GBK"?>' + small(task("a", "审核"))
    assert engine.parse(text).step("a").name == "审核"
    assert engine.parse(text.encode("gbk")).step("a").name == "审核"


def test_parse_uses_innermost_lane_and_post_kind():
    body = (
        "<bpmn:laneSet id='ls'><bpmn:lane id='outer' name='科室'><bpmn:flowNodeRef>a</bpmn:flowNodeRef>"
        "<bpmn:childLaneSet id='cls'><bpmn:lane id='inner' name='承办岗'>"
        "<bpmn:flowNodeRef>a</bpmn:flowNodeRef>"
        "</bpmn:lane></bpmn:childLaneSet></bpmn:lane></bpmn:laneSet>"
        + task("a", extra="sunshine:postKind='handler'")
    )
    step = engine.parse(small(body)).step("a")
    assert (step.lane, step.post_kind) == ("承办岗", "handler")


def test_malformed_xml_raises_bpmn_error():
    with pytest.raises(BpmnError) as info:
        engine.parse("<bpmn:definitions")
    assert info.value.code == ProblemCode.XML_MALFORMED


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}"><bpmn:process id="p"><bpmn:task id="t" name="a">'
        "<bpmn:documentation>&x;</bpmn:documentation></bpmn:task></bpmn:process></bpmn:definitions>",
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}"><bpmn:process id="p" name="&c;"/></bpmn:definitions>',
    ],
    ids=["xxe", "entity-expansion"],
)
def test_doctype_and_entities_are_refused_not_resolved(xml):
    with pytest.raises(BpmnError) as info:
        engine.parse(xml)
    problems = engine.validate(xml)
    assert info.value.code == ProblemCode.XML_DOCTYPE_FORBIDDEN
    assert codes(problems) == [ProblemCode.XML_DOCTYPE_FORBIDDEN]
    assert "root:" not in problems[0].message
    assert not engine.test_run(xml).ok


def test_doctype_in_utf16_file_is_refused():
    xml = f'<!DOCTYPE d><bpmn:definitions xmlns:bpmn="{BPMN_NS}"><bpmn:process id="p"/></bpmn:definitions>'
    with pytest.raises(BpmnError) as info:
        engine.parse(xml.encode("utf-16"))
    assert info.value.code == ProblemCode.XML_DOCTYPE_FORBIDDEN


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        ("", ProblemCode.XML_MALFORMED),
        ("<html><body/></html>", ProblemCode.NOT_BPMN),
        (f"<bpmn:definitions xmlns:bpmn='{BPMN_NS}'/>", ProblemCode.NO_PROCESS),
        (
            f"<bpmn:definitions xmlns:bpmn='{BPMN_NS}'><bpmn:process id='a'/><bpmn:process id='b'/>"
            "</bpmn:definitions>",
            ProblemCode.MULTIPLE_PROCESSES,
        ),
        (small(task("a") + task("a")), ProblemCode.DUPLICATE_ID),
    ],
)
def test_unreadable_files_give_one_problem_with_the_error_code(xml, code):
    with pytest.raises(BpmnError) as info:
        engine.parse(xml)
    assert info.value.code == code
    assert codes(engine.validate(xml)) == [code]
    assert engine.test_run(xml).code == code


def test_too_large_file_is_refused():
    with pytest.raises(BpmnError) as info:
        engine.parse(b" " * (engine.MAX_XML_BYTES + 1))
    assert info.value.code == ProblemCode.XML_TOO_LARGE


def test_the_one_executable_process_is_chosen_among_several():
    xml = (
        f"<bpmn:definitions xmlns:bpmn='{BPMN_NS}'><bpmn:process id='applicant' isExecutable='false'/>"
        "<bpmn:process id='main' isExecutable='true'><bpmn:startEvent id='s'/></bpmn:process>"
        "</bpmn:definitions>"
    )
    assert engine.parse(xml).process_id == "main"


def test_a_non_executable_process_as_bpmn_js_saves_it_still_runs():
    body = (
        "<bpmn:startEvent id='s'/>"
        + task("a")
        + "<bpmn:endEvent id='e'/>"
        + seq("f1", "s", "a")
        + seq("f2", "a", "e")
    )
    result = engine.test_run(small(body, executable="false"))
    assert result.ok
    assert result.completed_steps == ["s", "a", "e"]


# ---------------------------------------------------------------------------------------------- validate


def _drop_lane_ref(element_id: str):
    def change(root):
        ref = root.xpath("//bpmn:flowNodeRef[.=$i]", namespaces=NS, i=element_id)[0]
        ref.getparent().remove(ref)

    return change


def test_task_without_lane_is_named():
    xml = mutate("permit", _drop_lane_ref("Task_review"))
    problems = engine.validate(xml, context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.TASK_NO_LANE]
    assert problems[0].element_id == "Task_review"
    assert "审查" in problems[0].message
    assert "Task_review" in problems[0].message


def test_task_without_time_limit_is_named():
    xml = mutate("permit", lambda r: element(r, "Task_onsite").attrib.pop(f"{{{SUNSHINE_NS}}}timeLimit"))
    problems = engine.validate(xml, context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.TASK_NO_TIME_LIMIT]
    assert problems[0].element_id == "Task_onsite"


@pytest.mark.parametrize("value", ["0", "-3", "abc", "2.5", "\uff15"])
def test_time_limit_must_be_a_positive_integer(value):
    xml = mutate("permit", lambda r: element(r, "Task_onsite").set(f"{{{SUNSHINE_NS}}}timeLimit", value))
    assert codes(engine.validate(xml, context=FULL_CONTEXT)) == [ProblemCode.TASK_BAD_TIME_LIMIT]


def test_time_limit_without_unit_is_named():
    xml = mutate("permit", lambda r: element(r, "Task_onsite").attrib.pop(f"{{{SUNSHINE_NS}}}timeUnit"))
    assert codes(engine.validate(xml, context=FULL_CONTEXT)) == [ProblemCode.TASK_NO_TIME_UNIT]


def test_unknown_time_unit_is_refused():
    xml = mutate("permit", lambda r: element(r, "Task_onsite").set(f"{{{SUNSHINE_NS}}}timeUnit", "weeks"))
    problems = engine.validate(xml, context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.TASK_BAD_TIME_UNIT]
    assert "weeks" in problems[0].message


def test_a_countersign_mode_is_all_or_any_on_a_user_task():
    """TASK-7: 会签 (all) or 或签 (any); anything else, or on a gateway, is refused by name."""
    good = mutate("permit", lambda r: element(r, "Task_onsite").set(f"{{{SUNSHINE_NS}}}countersign", "all"))
    assert engine.validate(good, context=FULL_CONTEXT) == []
    bad = mutate("permit", lambda r: element(r, "Task_onsite").set(f"{{{SUNSHINE_NS}}}countersign", "both"))
    problems = engine.validate(bad, context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.TASK_BAD_COUNTERSIGN]
    assert "both" in problems[0].message
    assert "Task_onsite" in problems[0].message


def test_unnamed_task_is_named_by_id():
    xml = mutate("permit", lambda r: element(r, "Task_onsite").set("name", ""))
    problems = engine.validate(xml, context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.TASK_UNNAMED]
    assert "Task_onsite" in problems[0].message


def _add_isolated_task(root):
    process = root.find("bpmn:process", NS)
    lane = root.find(".//bpmn:lane", NS)
    etree.SubElement(lane, f"{{{BPMN_NS}}}flowNodeRef").text = "Task_orphan"
    orphan = etree.SubElement(process, f"{{{BPMN_NS}}}userTask", id="Task_orphan", name="孤立环节")
    orphan.set(f"{{{SUNSHINE_NS}}}timeLimit", "1")
    orphan.set(f"{{{SUNSHINE_NS}}}timeUnit", "hours")


def test_unreachable_node_is_named():
    problems = engine.validate(mutate("permit", _add_isolated_task), context=FULL_CONTEXT)
    unreachable = [p for p in problems if p.code == ProblemCode.NODE_UNREACHABLE]
    assert [p.element_id for p in unreachable] == ["Task_orphan"]
    assert "孤立环节" in unreachable[0].message


def test_dead_end_is_named():
    xml = mutate("permit", lambda r: remove(r, "Flow_done"))
    problems = engine.validate(xml, context=FULL_CONTEXT)
    dead_ends = {p.element_id for p in problems if p.code == ProblemCode.NODE_DEAD_END}
    assert "Task_deliver" in dead_ends
    assert "Task_acceptance" not in dead_ends  # it can still end through 不予受理


def test_no_start_and_no_end_event_are_each_named():
    body = task("a")
    assert {ProblemCode.NO_START_EVENT, ProblemCode.NO_END_EVENT} <= set(codes(engine.validate(small(body))))


def test_gateway_flow_without_condition_is_named():
    def strip(root):
        flow = element(root, "Flow_accept")
        flow.remove(flow.find("bpmn:conditionExpression", NS))
        flow.set("name", "")

    problems = engine.validate(mutate("permit", strip), context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.GATEWAY_FLOW_NO_CONDITION]
    assert problems[0].element_id == "Flow_accept"
    assert "受理审查结果" in problems[0].message


def test_flow_names_alone_are_conditions():
    def names_only(root):
        for flow in root.iterfind(".//bpmn:sequenceFlow", NS):
            for expression in flow.findall("bpmn:conditionExpression", NS):
                flow.remove(expression)

    xml = mutate("permit", names_only)
    assert engine.validate(xml, context=FULL_CONTEXT) == []
    assert engine.test_run(xml, data={"path": "不予受理"}).completed_steps[-1] == "End_rejected"


def test_condition_outside_the_safe_subset_is_refused():
    xml = mutate(
        "penalty",
        lambda r: setattr(element(r, "Flow_major_yes")[0], "text", '__import__("os").system("id")'),
    )
    problems = engine.validate(xml, context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.GATEWAY_CONDITION_INVALID]
    assert problems[0].element_id == "Flow_major_yes"


def test_two_exits_with_the_same_condition_are_refused():
    xml = mutate("permit", lambda r: setattr(element(r, "Flow_reject")[0], "text", 'acceptance == "accept"'))
    assert codes(engine.validate(xml, context=FULL_CONTEXT)) == [ProblemCode.GATEWAY_DUPLICATE_CONDITION]


def test_task_with_two_outgoing_flows_must_use_a_gateway():
    body = (
        "<bpmn:startEvent id='s'/>"
        + task("a")
        + "<bpmn:endEvent id='e1'/><bpmn:endEvent id='e2'/>"
        + seq("f1", "s", "a")
        + seq("f2", "a", "e1")
        + seq("f3", "a", "e2")
    )
    problems = engine.validate(small(body, lanes={"岗": ["a"]}), context=None)
    assert ProblemCode.NODE_MULTIPLE_OUTGOING in codes(problems)


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("conditions", ProblemCode.MISSING_CONDITIONS),
        ("materials", ProblemCode.MISSING_MATERIALS),
        ("counterpart_rights", ProblemCode.MISSING_COUNTERPART_RIGHTS),
        ("complaint_channel", ProblemCode.MISSING_COMPLAINT_CHANNEL),
    ],
)
@pytest.mark.parametrize("missing", [None, "", "   ", []])
def test_each_missing_context_element_is_its_own_problem(key, code, missing):
    context = {**FULL_CONTEXT, key: missing}
    assert codes(engine.validate(engine.template("permit"), context=context)) == [code]


def test_empty_context_names_all_four_elements():
    assert set(codes(engine.validate(engine.template("penalty"), context={}))) == {
        ProblemCode.MISSING_CONDITIONS,
        ProblemCode.MISSING_MATERIALS,
        ProblemCode.MISSING_COUNTERPART_RIGHTS,
        ProblemCode.MISSING_COMPLAINT_CHANNEL,
    }


def _no_supervision(root):
    for el in root.iter():
        el.attrib.pop(f"{{{SUNSHINE_NS}}}supervision", None)


def test_no_supervision_point_is_named():
    problems = engine.validate(mutate("permit", _no_supervision), context=FULL_CONTEXT)
    assert codes(problems) == [ProblemCode.NO_SUPERVISION_POINT]


@pytest.mark.parametrize(
    "risks",
    [{"risk_step_ids": {"Task_review"}}, {"risk_steps": {"Task_review": {"level": "B", "points": []}}}],
)
def test_a_risk_point_counts_as_supervision_point(risks):
    assert engine.validate(mutate("permit", _no_supervision), context={**FULL_CONTEXT, **risks}) == []


def test_risk_point_on_a_missing_step_is_named():
    problems = engine.validate(engine.template("permit"), context={**FULL_CONTEXT, "risk_step_ids": ["Gone"]})
    assert codes(problems) == [ProblemCode.RISK_STEP_UNKNOWN]
    assert problems[0].element_id == "Gone"


def test_validate_reports_a_failed_test_run():
    body = (
        "<bpmn:startEvent id='s'/><bpmn:exclusiveGateway id='g' name='分支'/>"
        + task("a", extra="sunshine:supervision='true'")
        + task("b")
        + "<bpmn:parallelGateway id='j'/><bpmn:endEvent id='e'/>"
        + seq("f1", "s", "g")
        + seq("f2", "g", "a", "甲")
        + seq("f3", "g", "b", "乙")
        + seq("f4", "a", "j")
        + seq("f5", "b", "j")
        + seq("f6", "j", "e")
    )
    problems = engine.validate(small(body, lanes={"承办岗": ["a", "b"]}))
    assert codes(problems) == [ProblemCode.RUN_STUCK]
    assert problems[0].element_id == "j"


# ---------------------------------------------------------------------------------------------- test_run


def test_exclusive_split_joined_by_parallel_gateway_is_stuck():
    body = (
        "<bpmn:startEvent id='s'/><bpmn:exclusiveGateway id='g'/>"
        + task("a")
        + task("b")
        + "<bpmn:parallelGateway id='j'/><bpmn:endEvent id='e'/>"
        + seq("f1", "s", "g")
        + seq("f2", "g", "a", "甲")
        + seq("f3", "g", "b", "乙")
        + seq("f4", "a", "j")
        + seq("f5", "b", "j")
        + seq("f6", "j", "e")
    )
    result = engine.test_run(small(body))
    assert not result.ok
    assert result.code == ProblemCode.RUN_STUCK


def test_gateway_with_no_usable_exit_is_refused():
    body = (
        "<bpmn:startEvent id='s'/><bpmn:exclusiveGateway id='g' name='判断'/>"
        + task("a")
        + "<bpmn:endEvent id='e'/>"
        + seq("f1", "s", "g")
        + seq("f2", "g", "a", condition="False")
        + seq("f3", "g", "e", condition="1 == 2")
        + seq("f4", "a", "e")
    )
    result = engine.test_run(small(body))
    assert (result.ok, result.code, result.element_id) == (False, ProblemCode.RUN_NO_PATH, "g")
    assert "判断" in result.message


def test_data_that_satisfies_no_exit_is_refused():
    result = engine.test_run(engine.template("permit"), data={"acceptance": "maybe"})
    assert (result.ok, result.code, result.element_id) == (
        False,
        ProblemCode.RUN_NO_PATH,
        "Gateway_acceptance",
    )


def test_endless_loop_is_cut_off():
    result = engine.test_run(engine.template("permit"), data={"acceptance": "correct"})
    assert (result.ok, result.code) == (False, ProblemCode.RUN_STEP_LIMIT)


def test_default_test_path_walks_out_of_a_rework_loop():
    body = (
        "<bpmn:startEvent id='s'/>"
        + task("a")
        + "<bpmn:exclusiveGateway id='g'/><bpmn:endEvent id='e'/>"
        + seq("f1", "s", "a")
        + seq("f2", "a", "g")
        + seq("f3", "g", "a", "退回")
        + seq("f4", "g", "e", "通过")
    )
    result = engine.test_run(small(body))
    assert result.ok
    assert result.taken_flows == ["f3", "f4"]


def test_node_ids_that_spiffworkflow_uses_itself_are_fine():
    body = "<bpmn:startEvent id='Start'/>" + task("Root") + "<bpmn:endEvent id='End'/>"
    body += seq("f1", "Start", "Root") + seq("f2", "Root", "End")
    result = engine.test_run(small(body))
    assert result.ok, result.message
    assert result.completed_steps == ["Start", "Root", "End"]


def test_dead_end_task_does_not_reach_an_end_event():
    body = "<bpmn:startEvent id='s'/>" + task("a") + "<bpmn:endEvent id='e'/>" + seq("f1", "s", "a")
    result = engine.test_run(small(body))
    assert (result.ok, result.code, result.element_id) == (False, ProblemCode.RUN_NO_END, "a")


def test_diagram_spiffworkflow_cannot_parse_is_refused():
    body = (
        "<bpmn:startEvent id='s'/>"
        + task("a")
        + "<bpmn:endEvent id='e1'/><bpmn:endEvent id='e2'/>"
        + seq("f1", "s", "a")
        + seq("f2", "a", "e1")
        + seq("f3", "a", "e2")
    )
    result = engine.test_run(small(body))
    assert (result.ok, result.code) == (False, ProblemCode.RUN_PARSE_FAILED)


def test_test_run_never_executes_scripts_or_conditions(tmp_path):
    script_file, condition_file = tmp_path / "script", tmp_path / "condition"
    body = (
        "<bpmn:startEvent id='s'/><bpmn:scriptTask id='x' name='脚本'>"
        f"<bpmn:script>open({str(script_file)!r}, 'w')</bpmn:script></bpmn:scriptTask>"
        "<bpmn:exclusiveGateway id='g'/><bpmn:endEvent id='e'/>"
        + seq("f1", "s", "x")
        + seq("f2", "x", "g")
        + seq("f3", "g", "e", condition=f"open({str(condition_file)!r}, 'w')")
        + seq("f4", "g", "e", "通过")
    )
    result = engine.test_run(small(body))
    assert result.ok
    assert not script_file.exists()
    assert not condition_file.exists()


def test_test_run_is_not_collected_as_a_test():
    assert engine.test_run.__test__ is False


# ---------------------------------------------------------------------------------------------- conditions


@pytest.mark.parametrize(
    ("expression", "data", "expected"),
    [
        ('decision == "approve"', {"decision": "approve"}, True),
        ('decision == "approve"', {}, False),
        ("major and amount >= 10000", {"major": True, "amount": 20000}, True),
        ("not major", {}, True),
        ("amount > 3", {"amount": None}, False),
        ('kind in ["a", "b"]', {"kind": "b"}, True),
        ("0 < n <= 5", {"n": 5}, True),
    ],
)
def test_conditions_evaluate_over_case_data(expression, data, expected):
    assert bool(evaluate_condition(expression, data)) is expected


@pytest.mark.parametrize(
    "expression",
    ["__import__('os')", "a.b", "a[0]", "(lambda: 1)()", "x if y else z", "1 +", "", "a" * 600, "2 ** 999"],
)
def test_conditions_outside_the_subset_are_refused(expression):
    with pytest.raises(ConditionError):
        evaluate_condition(expression, {})


def test_lanes_can_take_the_names_of_real_posts():
    xml = engine.name_lanes(engine.template("permit"), {"Lane_handler": "安监一股·承办人", "Nope": "x"})
    diagram = engine.parse(xml)
    assert "安监一股·承办人" in diagram.lanes
    assert "承办岗" not in diagram.lanes
    handled = [s.element_id for s in diagram.steps if s.lane == "安监一股·承办人"]
    assert handled == [
        s.element_id for s in engine.parse(engine.template("permit")).steps if s.lane == "承办岗"
    ]
    assert engine.validate(xml) == []  # still runs to its end
