"""The actions on a talk or letter, each the service it calls and the submitted fields it passes:
one table for the pages (talks.views) and the API (talks.api), which differ only in their forms."""

from __future__ import annotations

from sunshine.cadres.talks import services

CALLS = {
    "approve": (services.talk_approve, ("opinion",)),
    "notify": (services.talk_notify, ("scheduled_at", "place", "received_at")),
    "record": (services.talk_record, ("held_at", "talker", "content", "problems", "requirements")),
    "extend": (services.inquiry_extend, ("workdays", "reason")),
    "reply": (services.inquiry_reply, ("answers", "measures", "replied_at")),
    "plan": (services.rectification_plan, ("plan", "rectify_by", "submitted_at")),
    "follow-up": (services.follow_up_add, ("method", "finding", "at")),
    "conclude": (services.talk_conclude, ("outcome", "escalation", "conclusion")),
}


def perform(name: str, *, actor, talk, data: dict, expected_version):
    service, fields = CALLS[name]
    return service(
        actor=actor, talk=talk, expected_version=expected_version, **{field: data[field] for field in fields}
    )
