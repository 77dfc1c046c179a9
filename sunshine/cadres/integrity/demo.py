"""Demo integrity files (issue #9 §8): in each body whose discipline office (cadres.supervise) and
organisation side (cadres.organise) have accounts, a read grant for one cadre's file to the
organisation side, a read by each, and a pre-promotion opinion requested and answered from the
file (SUP-115..118). The cadre is the person of the demo accountability case when there is one, so
the file shows a veto. Idempotent: nothing is created when an opinion exists."""

from __future__ import annotations

import datetime as dt

from sunshine.cadres.integrity import services
from sunshine.cadres.integrity.models import PromotionOpinion
from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.org.models import Person, RoleAssignment, Unit


def _holder(body, perm: str, exclude=()) -> User | None:
    ids = (
        RoleAssignment.objects.filter(unit__body_id=body.pk).order_by("id").values_list("user_id", flat=True)
    )
    for user_id in dict.fromkeys(ids):
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is not None and user.pk not in exclude and has_permission(user, perm, body):
            return user
    return None


def _cadre(body, exclude) -> User | None:
    from sunshine.accountability.models import AccountabilityCase

    held = (
        AccountabilityCase.objects.filter(body=body, person__isnull=False)
        .exclude(person_id__in=exclude)
        .order_by("id")
        .first()
    )
    if held is not None and services.cadre_body(held.person) == body:
        return held.person
    person = (
        Person.objects.filter(unit__body_id=body.pk, user__isnull=False, user__is_active=True)
        .exclude(user_id__in=exclude)
        .order_by("id")
        .first()
    )
    return person.user if person else None


def load() -> dict[str, int]:
    if PromotionOpinion.objects.exists():
        return {}
    made = {"integrity read grants": 0, "promotion opinions": 0}
    for body in Unit.objects.filter(kind="body").order_by("id"):
        inspector = _holder(body, services.SUPERVISE)
        organiser = _holder(body, services.ORGANISE, exclude={inspector.pk} if inspector else ())
        if inspector is None or organiser is None:
            continue
        cadre = _cadre(body, {inspector.pk, organiser.pk})
        if cadre is None:
            continue
        try:
            today = clock.today()
            services.grant_approve(
                actor=inspector,
                reader=organiser,
                cadre=cadre,
                reason="干部选拔任用考察，需了解拟考察对象党风廉政情况",
                starts_on=today,
                ends_on=today + dt.timedelta(days=30),
            )
            services.file_read(actor=organiser, cadre=cadre)
            opinion = services.opinion_request(
                actor=organiser,
                cadre=cadre,
                current_post="副局长",
                proposed_post="局长",
                note="拟提交党委会讨论，请于时限内回复党风廉政意见。",
            )
            services.opinion_answer(
                actor=inspector,
                opinion=opinion,
                collective_opinion="经纪委集体讨论，根据该同志廉政档案审核情况形成上述意见。",
                discussed_on=today,
            )
        except DomainError:
            continue
        made["integrity read grants"] += 1
        made["promotion opinions"] += 1
    return {k: v for k, v in made.items() if v}
