"""Case events (办件事件) that other apps react to, e.g. oversight's anomaly rules (issue #6 §5).

The cases app must not import oversight (oversight depends on cases, ARCHITECTURE.md), so a case
service sends one of these signals inside its transaction, after its own writes; a receiver that
fails rolls the whole step back. Every signal is sent with ``sender=Case`` and the keyword
arguments listed; receivers must accept ``**kwargs`` so that arguments can be added.

- ``task_completed``: case, task (the CaseTask just done), actor.
- ``case_refused``: case, actor — the application was refused (at acceptance or by decision).
- ``decision_recorded``: case, task, actor, decision (cases' decision record), out_of_range (bool:
  the amount or measure lies outside the stated discretion tier, with a written reason; CAT-128, CASE-143).
- ``decision_changed``: case, actor, decision, before (dict), after (dict) — a decision altered
  after it was approved.
"""

from django.dispatch import Signal

task_completed = Signal()
case_refused = Signal()
decision_recorded = Signal()
decision_changed = Signal()
