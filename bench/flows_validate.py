#!/usr/bin/env python3
"""Benchmark: sunshine.flows.engine.validate() of a 40-step flowchart, SpiffWorkflow test run included.

Target: well under 1 s (an editor saves and re-checks a flowchart interactively). The diagram is generated:
a start event, 40 user tasks spread over 5 lanes with time limits, an exclusive gateway with named exits
after every tenth task (one exit loops back for rework), a supervision point, an end event. Each round
validates the XML text from scratch (parse, checks, SpiffWorkflow parse and drive); the median of the
rounds counts. Needs no database. Prints a human line and ``RESULT flows.validate_40_steps_ms <ms> ms``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import QUICK, ROOT

STEPS = 40
LANES = ["窗口受理岗", "承办岗", "审核岗", "分管领导", "领导班子集体"]
CONTEXT = {
    "conditions": "申请条件",
    "materials": "申请材料",
    "counterpart_rights": "陈述、申辩、复议、诉讼",
    "complaint_channel": "投诉电话",
}


def diagram(steps: int) -> str:
    nodes, flows, lane_refs = ['<bpmn:startEvent id="Start" name="开始"/>'], [], {lane: [] for lane in LANES}
    previous, label = "Start", ""  # label: the name of the next flow, 通过 on a gateway's forward exit
    for i in range(1, steps + 1):
        task = f"Task_{i}"
        supervision = ' sunshine:supervision="true"' if i == 1 else ""
        nodes.append(
            f'<bpmn:userTask id="{task}" name="环节{i}" sunshine:timeLimit="{1 + i % 5}" '
            f'sunshine:timeUnit="working_days"{supervision}/>'
        )
        lane_refs[LANES[i % len(LANES)]].append(task)
        flows.append(
            f'<bpmn:sequenceFlow id="Flow_{i}" name="{label}" sourceRef="{previous}" targetRef="{task}"/>'
        )
        previous, label = task, ""
        if i % 10 == 0:  # a name alone is a gateway condition: 退回 loops back, 通过 goes on
            gateway = f"Gateway_{i}"
            nodes.append(f'<bpmn:exclusiveGateway id="{gateway}" name="审查结果{i}"/>')
            flows.append(f'<bpmn:sequenceFlow id="Flow_{i}_g" sourceRef="{task}" targetRef="{gateway}"/>')
            flows.append(
                f'<bpmn:sequenceFlow id="Flow_{i}_back" name="退回" sourceRef="{gateway}" '
                f'targetRef="Task_{i - 1}"/>'
            )
            previous, label = gateway, "通过"
    nodes.append('<bpmn:endEvent id="End" name="办结"/>')
    flows.append(f'<bpmn:sequenceFlow id="Flow_end" name="{label}" sourceRef="{previous}" targetRef="End"/>')
    lanes = "".join(
        f'<bpmn:lane id="Lane_{n}" name="{lane}">'
        + "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in refs)
        + "</bpmn:lane>"
        for n, (lane, refs) in enumerate(lane_refs.items())
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:sunshine="http://sunshine.example.org/bpmn" id="Definitions_bench" targetNamespace="bench">'
        '<bpmn:process id="Process_bench" name="基准流程" isExecutable="true">'
        f'<bpmn:laneSet id="LaneSet">{lanes}'
        f"</bpmn:laneSet>{''.join(nodes)}{''.join(flows)}</bpmn:process></bpmn:definitions>"
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings_test")
    import django

    django.setup()  # messages go through gettext, as in the web process
    from sunshine.flows.engine import test_run, validate

    xml = diagram(STEPS)
    problems = validate(xml, context=CONTEXT)
    if problems:
        raise SystemExit(f"the generated diagram should be valid: {problems}")
    run = test_run(xml)
    user_tasks = sum(1 for step in run.completed_steps if step.startswith("Task_"))

    rounds = 10 if QUICK else 50
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        validate(xml, context=CONTEXT)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(
        f"flows.validate: {STEPS}-step flowchart ({len(xml):,} bytes, test run completes {user_tasks} user "
        f"tasks) validated with its SpiffWorkflow test run in {median:.1f} ms (median of {rounds}, "
        f"min {min(times):.1f}, max {max(times):.1f}; target well under 1000 ms)"
    )
    print(f"RESULT flows.validate_40_steps_ms {median:.1f} ms")


if __name__ == "__main__":
    main()
