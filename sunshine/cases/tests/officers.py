"""Two enforcement officers for a penalty case's 调查取证 step (CASE-147), for the tests that drive a
case past it: the demo bureau's holders of the lane's post, or, in a test body that has none, the
post created in the case's department with the acting account's person and a colleague holding it
(the account stays the post's sole holder with an account, so it still gets the lane's steps)."""

from __future__ import annotations

from sunshine.cases import penalty_steps
from sunshine.org.choices import PostKind
from sunshine.org.models import Person, Post, PostHolding


def officers(case, task, actor=None) -> list[int]:
    holders = penalty_steps.enforcement_holders(case, task.lane)
    if len(holders) >= 2:
        return [person.pk for person, _post in holders[:2]]
    post = Post.objects.filter(unit__body=case.body_id, name=task.lane).first()
    if post is None:
        post = Post.objects.create(unit=case.department, name=task.lane, kind=PostKind.CLERK)
    people = []
    if actor is not None:
        me = Person.objects.filter(user=actor).first() or Person.objects.create(
            unit=case.department, name=actor.full_name or actor.username, user=actor
        )
        people.append(me)
    while len(people) < 2:
        people.append(Person.objects.create(unit=case.department, name=f"执法队员{len(people) + 1}"))
    for person in people:
        PostHolding.objects.get_or_create(person=person, post=post, defaults={"start_date": "2024-01-01"})
    return [person.pk for person, _post in penalty_steps.enforcement_holders(case, task.lane)[:2]]


def prepare_step(case, task, actor, *, major: bool = False) -> dict:
    """What a penalty step needs before it is done, for tests that drive a case to its end: the two
    investigators of 调查取证 (returned as task_complete's keyword), the hearing notice, waived, before
    a major case leaves 告知 (CASE-149), and the service record before 送达 (CASE-153)."""
    from sunshine.cases import penalty
    from sunshine.cases.outcome import delivery

    if not penalty.is_penalty(case):
        return {}
    if penalty_steps.is_step(task, penalty_steps.INVESTIGATION_STEP):
        return {"investigators": officers(case, task, actor)}
    notify = penalty_steps.is_step(task, penalty_steps.NOTIFY_STEP)
    if notify and major and penalty_steps.current_notice(case) is None:
        penalty_steps.hearing_notice_give(actor=actor, case=case, measure="suspend_business", method="direct")
        penalty_steps.hearing_answer(actor=actor, case=case, answer="waived")
    if penalty_steps.is_step(task, penalty_steps.DELIVER_STEP) and not case.deliveries.exists():
        delivery.delivery_record(actor=actor, case=case, method="direct", recipient=case.applicant_name)
    return {}
