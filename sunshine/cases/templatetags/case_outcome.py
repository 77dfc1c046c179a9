"""{% case_outcome case %}: the outcome card of the case page (cases/_outcome.html hook), its data
from cases.outcome.selectors so that the shared case view needs no change."""

from django import template

from sunshine.cases.outcome.selectors import outcome_context

register = template.Library()


@register.inclusion_tag("cases/outcome/card.html", takes_context=True)
def case_outcome(context, case):
    return {**outcome_context(actor=context["request"].user, case=case), "request": context["request"]}


@register.simple_tag
def step_documents(task):
    return list(task.documents.all())
