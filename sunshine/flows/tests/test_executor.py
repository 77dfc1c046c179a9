"""Running published flowcharts step by step, the state kept between steps (cases use this)."""

from __future__ import annotations

import pytest

from sunshine.flows.engine import executor, template


def drive(xml: str, choose: dict[str, str]) -> list[str]:
    """Complete every ready step, taking at a gateway the option labelled ``choose[step name]``."""
    progress = executor.start(xml)
    done = []
    while not progress.finished:
        step = progress.ready[0]
        options = {o.label: o.data for o in executor.options_after(xml, step.element_id)}
        data = options[choose[step.name]] if options else {}
        progress = executor.complete(xml, progress.state, step.task_id, data)
        done.append(step.name)
        assert len(done) < 40
    return done


def test_a_permit_runs_its_correction_loop_then_to_the_end():
    xml = template("permit")
    acceptances = iter(["一次性告知补正", "受理"])

    class Choices(dict):
        def __getitem__(self, name):
            return next(acceptances) if name == "受理审查" else {"审核": "否"}[name]

    done = drive(xml, Choices())
    assert done == ["受理审查", "一次性告知补正", "受理审查", "审查", "现场核查", "审核", "作出决定", "送达"]


def test_a_major_penalty_goes_to_collective_discussion_and_a_minor_one_does_not():
    xml = template("penalty")
    gateway_step = next(
        s for s in executor.prepared(xml).diagram.steps if executor.options_after(xml, s.element_id)
    )
    labels = [o.label for o in executor.options_after(xml, gateway_step.element_id)]
    major, minor = labels[0], labels[1]
    assert "集体讨论" in drive(xml, dict.fromkeys([gateway_step.name], major))
    assert "集体讨论" not in drive(xml, dict.fromkeys([gateway_step.name], minor))


def test_ready_steps_carry_their_lane_and_time_limit():
    progress = executor.start(template("permit"))
    (step,) = progress.ready
    assert (step.name, step.lane, step.time_limit, step.time_unit) == (
        "受理审查",
        "窗口受理岗",
        5,
        "working_days",
    )


def test_a_step_done_already_is_refused_and_the_state_is_kept():
    xml = template("permit")
    first = executor.start(xml)
    step = first.ready[0]
    after = executor.complete(xml, first.state, step.task_id, {"acceptance": "accept"})
    with pytest.raises(executor.StepNotReady):
        executor.complete(xml, after.state, step.task_id, {"acceptance": "accept"})
    # the earlier state still replays (a failed step leaves the case as it was)
    again = executor.complete(xml, first.state, step.task_id, {"acceptance": "reject"})
    assert [s.name for s in again.ready] == ["出具不予受理决定书"]


def test_gateway_options_are_derived_from_the_conditions():
    xml = template("permit")
    options = executor.options_after(xml, "Task_acceptance")
    assert [(o.label, o.data) for o in options] == [
        ("受理", {"acceptance": "accept"}),
        ("一次性告知补正", {"acceptance": "correct"}),
        ("不予受理", {"acceptance": "reject"}),
    ]
    assert executor.options_after(xml, "Task_review") == []


def test_send_back_goes_to_a_step_done_on_the_path_and_runs_on_from_it():
    """退回 (cases.actions, ADR 0006): SpiffWorkflow's reset_from_task_id under executor.send_back."""
    xml = template("permit")
    progress = executor.start(xml)
    progress = executor.complete(xml, progress.state, progress.ready[0].task_id, {"acceptance": "accept"})
    review = progress.ready[0]
    progress = executor.complete(xml, progress.state, review.task_id, {})
    site = progress.ready[0]
    earlier = executor.earlier_steps(xml, progress.state, site.task_id)
    assert [element for _tid, element in earlier] == [review.element_id, "Task_acceptance"]
    back, removed = executor.send_back(xml, progress.state, site.task_id, review.task_id)
    assert [s.name for s in back.ready] == ["审查"]
    assert site.task_id in removed
    with pytest.raises(executor.StepNotReady):  # the site check is no longer waiting
        executor.send_back(xml, back.state, site.task_id, review.task_id)
    with pytest.raises(executor.StepNotReady):  # not a step done before this one
        executor.send_back(xml, progress.state, site.task_id, site.task_id)
    again = executor.complete(xml, back.state, back.ready[0].task_id, {})
    assert [s.name for s in again.ready] == ["现场核查"]


def test_the_next_lanes_of_a_step_hold_the_lanes_of_every_step_it_makes_ready():
    """executor.next_lanes: what a case step reads before the engine runs (cases.services)."""
    xml = template("permit")
    assert executor.next_lanes(xml, "Task_acceptance") == {"窗口受理岗", "承办岗"}
    assert executor.next_lanes(xml, "Task_deliver") == frozenset()  # the end
    for choose in ({"受理审查": "受理", "审核": "否"}, {"受理审查": "受理", "审核": "是"}):
        progress = executor.start(xml)
        while not progress.finished:
            step = progress.ready[0]
            options = {o.label: o.data for o in executor.options_after(xml, step.element_id)}
            data = options[choose.get(step.name, "")] if options else {}
            progress = executor.complete(xml, progress.state, step.task_id, data)
            assert {s.lane for s in progress.ready} <= executor.next_lanes(xml, step.element_id)


EVENT_BETWEEN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="L1" name="甲岗"><bpmn:flowNodeRef>A</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="L2" name="乙岗"><bpmn:flowNodeRef>B</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="S"/>
    <bpmn:userTask id="A" name="甲"/>
    <bpmn:intermediateThrowEvent id="E"/>
    <bpmn:userTask id="B" name="乙"/>
    <bpmn:endEvent id="X"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
    <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="E"/>
    <bpmn:sequenceFlow id="f3" sourceRef="E" targetRef="B"/>
    <bpmn:sequenceFlow id="f4" sourceRef="B" targetRef="X"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_the_next_lanes_past_an_event_are_the_engines_to_say():
    assert executor.next_lanes(EVENT_BETWEEN, "A") is None
    assert executor.next_lanes(EVENT_BETWEEN, "B") == frozenset()


_SPLIT = """
    <bpmn:parallelGateway id="Gateway_split" name="分头核查" />
    <bpmn:userTask id="Task_verify" name="材料核验" sunshine:timeLimit="3" sunshine:timeUnit="working_days" />
    <bpmn:parallelGateway id="Gateway_join" name="核查完毕" />
    <bpmn:sequenceFlow id="Flow_split_onsite" sourceRef="Gateway_split" targetRef="Task_onsite" />
    <bpmn:sequenceFlow id="Flow_split_verify" sourceRef="Gateway_split" targetRef="Task_verify" />
    <bpmn:sequenceFlow id="Flow_verified" sourceRef="Task_verify" targetRef="Gateway_join" />
    <bpmn:sequenceFlow id="Flow_joined" sourceRef="Gateway_join" targetRef="Gateway_major" />
  </bpmn:process>"""


def parallel_chart() -> str:
    """The permit template with 材料核验 (another lane) beside 现场核查 → 审核: split after 审查,
    joined before 重大事项？."""
    xml = template("permit")
    for old, new in (
        (
            'sourceRef="Task_review" targetRef="Task_onsite"',
            'sourceRef="Task_review" targetRef="Gateway_split"',
        ),
        (
            'sourceRef="Task_check" targetRef="Gateway_major"',
            'sourceRef="Task_check" targetRef="Gateway_join"',
        ),
        (
            "<bpmn:flowNodeRef>Gateway_major</bpmn:flowNodeRef>",
            "<bpmn:flowNodeRef>Gateway_major</bpmn:flowNodeRef><bpmn:flowNodeRef>Gateway_split"
            "</bpmn:flowNodeRef><bpmn:flowNodeRef>Gateway_join</bpmn:flowNodeRef>",
        ),
        (
            "<bpmn:flowNodeRef>Task_collective</bpmn:flowNodeRef>",
            "<bpmn:flowNodeRef>Task_collective</bpmn:flowNodeRef><bpmn:flowNodeRef>Task_verify</bpmn:flowNodeRef>",
        ),
        ("</bpmn:process>", _SPLIT),
    ):
        assert xml.count(old) == 1, old
        xml = xml.replace(old, new)
    return xml


def test_a_parallel_branch_open_before_a_step_is_not_reached_again():
    """Progress.reached: the steps to open as case tasks. Doing one branch's step leaves the other
    branch's step ready, under the same task id, and not reached; the join reaches the next step
    only when both are done. A send back inside one branch reaches only the step sent back to."""
    xml = parallel_chart()
    assert executor.next_lanes(xml, "Task_review") == {"承办岗", "领导班子集体"}  # both branches
    progress = executor.start(xml)
    progress = executor.complete(xml, progress.state, progress.ready[0].task_id, {"acceptance": "accept"})
    progress = executor.complete(xml, progress.state, progress.ready[0].task_id, {})  # 审查
    branches = {s.name: s for s in progress.reached}
    assert set(branches) == {"现场核查", "材料核验"}
    onsite = executor.complete(xml, progress.state, branches["现场核查"].task_id, {})
    assert sorted(s.name for s in onsite.ready) == ["审核", "材料核验"]
    assert [s.name for s in onsite.reached] == ["审核"]
    check = next(s for s in onsite.ready if s.name == "审核")
    back, _removed = executor.send_back(xml, onsite.state, check.task_id, branches["现场核查"].task_id)
    assert [s.name for s in back.reached] == ["现场核查"]
    assert branches["材料核验"].task_id in {s.task_id for s in back.ready}
    at_join = executor.complete(xml, onsite.state, check.task_id, {})
    assert ([s.name for s in at_join.ready], at_join.reached) == (["材料核验"], [])
    joined = executor.complete(xml, at_join.state, branches["材料核验"].task_id, {})
    assert [s.name for s in joined.reached] == ["作出决定"]
