"""Staff pages under /decisions/: topics (list, propose, detail with prerequisites), meetings
(list, create, the live meeting page where the recorder takes attendance, opinions and votes and
members cast their own secret ballots), minutes (read, sign, correct). Thin views: a form parses,
a service decides; a refusal comes back on the page with its rule (STYLE §4)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import DomainError, InvalidInput, NotFound, NotPermitted
from sunshine.core.pages import FormPage, StaffView
from sunshine.core.permissions import has_permission, require_permission, scope_filter
from sunshine.core.rules import get_rule
from sunshine.decisions import forms, selectors, services
from sunshine.decisions.choices import (
    Attendance,
    EvaluationResult,
    EvaluationStatus,
    MeetingStatus,
    MinutesStatus,
    Outcome,
    TopicStatus,
    VoteMethod,
    VoteStatus,
)
from sunshine.decisions.models import AgendaItem, Minutes, Participant, PublicCommentEntry, Topic, Vote
from sunshine.decisions.services._common import body_of
from sunshine.org.choices import UnitKind
from sunshine.org.models import RoleAssignment, Unit

PAGE_SIZE = 50


def _home_body(actor, perm: str):
    for grant in RoleAssignment.objects.filter(user=actor).select_related("unit", "role").order_by("id"):
        if perm in (grant.role.permissions or []):
            return body_of(grant.unit)
    raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))


def _refusal(error: DomainError) -> dict:
    return {"message": str(error.message), "rule": get_rule(error.rule).as_dict() if error.rule else None}


def _post_action(request, handlers: dict, action: str, render_page, success_url: str):
    """Run one action of a page: its form, its service; on refusal the page again with the message."""
    if action not in handlers:
        raise NotFound("not_found", _("页面或记录不存在"))
    form_class, handler = handlers[action]
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise InvalidInput(
                "invalid", f"{form.fields[field].label if field in form.fields else ''}：{errors[0]}"
            )
        handler(form.cleaned_data if form is not None else {})
    except DomainError as error:
        if (
            isinstance(error, NotFound | NotPermitted)
            and error.field is None
            and error.rule in (None, "SEC-7", "SEC-6")
        ):
            raise
        return render_page(refusal=_refusal(error), status=422)
    return redirect(success_url)


def _experts(topic):
    from sunshine.decisions.choices import ExpertStatus
    from sunshine.decisions.models import Expert

    return Expert.objects.filter(body=topic.body, status=ExpertStatus.ACTIVE).order_by("name")


def _part(related, pk):
    found = related.filter(pk=pk).first()
    if found is None:
        raise InvalidInput("not_found", _("所选记录不存在或不在您的数据范围内"), field=None)
    return found


# --- Topics -------------------------------------------------------------------------------------------


class TopicListView(StaffView):
    def get(self, request):
        status = request.GET.get("status", "")
        topics = selectors.topic_list(actor=self.actor, status=status if status in TopicStatus.values else "")
        page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "statuses": TopicStatus.choices,
            "status": status,
            "can_propose": has_permission(self.actor, "decisions.propose"),
            "can_oversee": has_permission(self.actor, "decisions.oversee"),
            "title": _("三重一大议题"),
        }
        return render(request, "decisions/topic_list.html", context)


class TopicProposeView(FormPage):
    form_class = forms.TopicForm
    title = _("提出议题")
    submit_label = _("保存议题")
    intro = _(
        "议题提交前须完成本单位议事决策规范要求的前置程序（调研、比选方案、专家论证、合法性审查、风险评估、征求意见、决策公开）。"
    )

    def check(self, obj) -> None:
        require_permission(self.actor, "decisions.propose")

    def form_kwargs(self, obj) -> dict:
        body = _home_body(self.actor, "decisions.propose")
        departments = scope_filter(
            Unit.objects.filter(body=body), self.actor, "decisions.propose", ""
        ).exclude(kind=UnitKind.BODY)
        decisions = AgendaItem.objects.filter(
            meeting__body=body, outcome__in=(Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES)
        ).select_related("topic")
        return {
            "departments": departments.order_by("path"),
            "leaders": forms.body_users(body),
            "decisions": decisions.order_by("-decided_at"),
        }

    def initial(self, obj) -> dict:
        amends = self.request.GET.get("amends", "")
        return {"amends": int(amends)} if amends.isdigit() else {}

    def perform(self, form, obj):
        return services.topic_propose(actor=self.actor, **form.cleaned_data)

    def done(self, result, obj) -> str:
        return reverse("decisions:topic_detail", args=[result.pk])

    def cancel_url(self, obj) -> str:
        return reverse("decisions:topic_list")


def _after_decision(topic, actor) -> dict:
    """What the topic page shows once the topic is adopted: the decision it changes or the topics
    that changed it (DEC-63), its tasks and its tracking evaluations with the forms for the next
    step (EXE-13..EXE-19)."""
    item = services.adopted_item(topic)
    context = {"decision": item, "amends": topic.amends}
    if item is None:
        return context
    evaluations = list(item.evaluations.order_by("seq"))
    current = next((e for e in evaluations if e.status != EvaluationStatus.CONCLUDED), None)
    evaluator = has_permission(actor, "decisions.prepare", topic) or has_permission(
        actor, "decisions.office", item.meeting
    )
    tasks = item.implementation_tasks.select_related("order__responsible", "order__department")
    state = services.implementation_state(item)
    return {
        **context,
        "changed_by": services.changed_by(item),
        "tasks": tasks,
        "evaluations": evaluations,
        "implementation_state": EvaluationResult(state).label if state else "",
        "can_plan": evaluator and current is None and state != EvaluationResult.TERMINATE and bool(tasks),
        "can_report": evaluator and current is not None and current.status == EvaluationStatus.PLANNED,
        "can_conclude": current is not None
        and current.status == EvaluationStatus.REPORTED
        and has_permission(actor, "decisions.office", item.meeting),
        "can_change": has_permission(actor, "decisions.propose", topic),
        "plan_form": forms.EvaluationPlanForm(),
        "report_form": forms.EvaluationReportForm(),
        "conclude_form": forms.EvaluationConcludeForm(),
    }


class TopicDetailView(StaffView):
    def page(self, topic, *, refusal=None, status=200):
        actor = self.actor
        editable = topic.status in (
            TopicStatus.DRAFT,
            TopicStatus.RETURNED,
            TopicStatus.SENT_BACK,
            TopicStatus.DEFERRED,
            TopicStatus.SUBMITTED,
            TopicStatus.READY,
        )
        context = {
            "topic": topic,
            "missing": services.missing_prerequisites(topic),
            "required": services.required_prerequisites(services.settings_for(topic.body), topic.kind),
            "research": topic.research.select_related("author"),
            "argumentations": topic.argumentations.prefetch_related("opinions__expert"),
            "reviews": topic.legality_reviews.select_related("reviewer"),
            "risks": topic.risk_assessments.all(),
            "consultations": topic.consultations.select_related("consultee"),
            "public_comments": topic.public_comments.prefetch_related("entries"),
            "agenda": topic.agenda_items.select_related("meeting"),
            **_after_decision(topic, actor),
            "can_prepare": editable and has_permission(actor, "decisions.prepare", topic),
            "can_review": editable and has_permission(actor, "decisions.legal_review", topic.body),
            "can_submit": topic.status
            in (TopicStatus.DRAFT, TopicStatus.RETURNED, TopicStatus.SENT_BACK, TopicStatus.DEFERRED)
            and has_permission(actor, "decisions.propose", topic),
            "can_check": topic.status == TopicStatus.SUBMITTED
            and has_permission(actor, "decisions.office", topic.body),
            "research_form": forms.ResearchForm(),
            "legality_form": forms.LegalityForm(),
            "risk_form": forms.RiskForm(),
            "check_form": forms.CheckForm(),
            "argumentation_form": forms.ArgumentationForm(),
            "opinion_form": forms.ExpertOpinionForm(experts=_experts(topic)),
            "consultation_form": forms.ConsultationForm(users=forms.body_users(topic.body)),
            "public_comment_form": forms.PublicCommentForm(),
            "comment_answer_form": forms.PublicCommentAnswerForm(),
            "can_answer": editable and has_permission(actor, "decisions.prepare", topic),
            "my_consultations": topic.consultations.filter(consultee=actor, answer="pending"),
            "refusal": refusal,
            "title": topic.title,
        }
        return render(self.request, "decisions/topic_detail.html", context, status=status)

    def get(self, request, pk: int, **kwargs):
        return self.page(selectors.topic_get(actor=self.actor, pk=pk))

    def post(self, request, pk: int, action: str):
        topic = selectors.topic_get(actor=self.actor, pk=pk)
        actor = self.actor

        def decision():
            found = services.adopted_item(topic)
            if found is None:
                raise InvalidInput("not_found", _("此议题尚未作出通过的决定"), field="item")
            return found

        def open_evaluation():
            found = decision().evaluations.exclude(status=EvaluationStatus.CONCLUDED).first()
            if found is None:
                raise InvalidInput("not_found", _("没有进行中的评估"), field="evaluation")
            return found

        handlers = {
            "submit": (None, lambda d: services.topic_submit(actor=actor, topic=topic)),
            "check": (forms.CheckForm, lambda d: services.topic_check(actor=actor, topic=topic, **d)),
            "research": (forms.ResearchForm, lambda d: services.research_add(actor=actor, topic=topic, **d)),
            "legality": (
                forms.LegalityForm,
                lambda d: services.legality_review_record(actor=actor, topic=topic, **d),
            ),
            "risk": (
                forms.RiskForm,
                lambda d: services.risk_assessment_record(actor=actor, topic=topic, **d),
            ),
            "argumentation": (
                forms.ArgumentationForm,
                lambda d: services.argumentation_add(actor=actor, topic=topic, **d),
            ),
            "expert-opinion": (
                lambda data: forms.ExpertOpinionForm(data, experts=_experts(topic)),
                lambda d: services.expert_opinion_add(
                    actor=actor,
                    argumentation=_part(topic.argumentations, d["argumentation"]),
                    expert=d["expert"],
                    opinion=d["opinion"],
                    signed_on=d["signed_on"],
                ),
            ),
            "consultation": (
                lambda data: forms.ConsultationForm(data, users=forms.body_users(topic.body)),
                lambda d: services.consultation_request(actor=actor, topic=topic, **d),
            ),
            "answer": (
                forms.ConsultationAnswerForm,
                lambda d: services.consultation_answer(
                    actor=actor,
                    consultation=_part(topic.consultations, d["consultation"]),
                    agree=d["agree"],
                    answer_text=d["answer_text"],
                ),
            ),
            "public-comment": (
                forms.PublicCommentForm,
                lambda d: services.public_comment_open(actor=actor, topic=topic, **d),
            ),
            "public-comment-answer": (
                forms.PublicCommentAnswerForm,
                lambda d: services.public_comment_answer(
                    actor=actor,
                    entry=_part(PublicCommentEntry.objects.filter(period__topic=topic), d["entry"]),
                    answer=d["answer"],
                ),
            ),
            "evaluation-plan": (
                forms.EvaluationPlanForm,
                lambda d: services.evaluation_plan(actor=actor, item=decision(), **d),
            ),
            "evaluation-report": (
                forms.EvaluationReportForm,
                lambda d: services.evaluation_report(actor=actor, evaluation=open_evaluation(), **d),
            ),
            "evaluation-conclude": (
                forms.EvaluationConcludeForm,
                lambda d: services.evaluation_conclude(actor=actor, evaluation=open_evaluation(), **d),
            ),
        }
        return _post_action(
            request,
            handlers,
            action,
            lambda **kw: self.page(selectors.topic_get(actor=actor, pk=pk), **kw),
            reverse("decisions:topic_detail", args=[pk]),
        )


# --- Meetings ----------------------------------------------------------------------------------------


class MeetingListView(StaffView):
    def get(self, request):
        meetings = selectors.meeting_list(actor=self.actor)
        page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "can_create": has_permission(self.actor, "decisions.office"),
            "title": _("决策会议"),
        }
        return render(request, "decisions/meeting_list.html", context)


class MeetingCreateView(FormPage):
    form_class = forms.MeetingForm
    title = _("新建会议")
    submit_label = _("保存会议")
    intro = _("应到会成员为领导班子全体成员；列席人员（如纪检组、法制机构）不计入到会人数，不参加表决。")

    def check(self, obj) -> None:
        require_permission(self.actor, "decisions.office")

    def form_kwargs(self, obj) -> dict:
        return {"users": forms.body_users(_home_body(self.actor, "decisions.office"))}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.meeting_create(
            actor=self.actor,
            body=_home_body(self.actor, "decisions.office"),
            kind=data["kind"],
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            chair=data["chair"],
            recorder=data["recorder"],
            members=list(data["members"]),
            attendees=list(data["attendees"]),
        )

    def done(self, result, obj) -> str:
        return reverse("decisions:meeting_detail", args=[result.pk])

    def cancel_url(self, obj) -> str:
        return reverse("decisions:meeting_list")


def _item_rows(meeting, actor) -> list[dict]:
    rows = []
    me = Participant.objects.filter(meeting=meeting, user=actor, voting=True).first()
    for item in meeting.items.select_related("topic").prefetch_related(
        "opinions__participant__user", "recusals"
    ):
        vote = Vote.objects.filter(item=item).first()
        eligible = services.eligible(item) if meeting.status == MeetingStatus.IN_SESSION else []
        stated = {o.participant_id for o in item.opinions.all()}
        quorum = services.item_quorum(item)
        rows.append(
            {
                "item": item,
                "vote": vote,
                "quorum": quorum,
                "speakers": [p for p in eligible if p.pk not in stated],
                "voters": [p for p in eligible],
                "secret": vote is not None and vote.method == VoteMethod.SECRET,
                "counts_hidden": vote is not None
                and vote.method == VoteMethod.SECRET
                and vote.status == VoteStatus.OPEN,
                "can_cast": vote is not None
                and vote.method == VoteMethod.SECRET
                and vote.status == VoteStatus.OPEN
                and me is not None
                and not services.meetings.item_has_ballot(item, me),
                "ballots": vote.ballots.select_related("participant__user") if vote else [],
                "tasks": item.implementation_tasks.select_related("order__responsible", "order__department"),
            }
        )
    return rows


class MeetingDetailView(StaffView):
    def page(self, meeting, *, refusal=None, status=200):
        actor = self.actor
        running = actor.pk == meeting.recorder_id or has_permission(actor, "decisions.office", meeting)
        ready = Topic.objects.filter(
            body=meeting.body, status__in=[TopicStatus.READY, TopicStatus.DEFERRED]
        ).order_by("-created_at")
        departments = Unit.objects.filter(body=meeting.body).exclude(kind=UnitKind.BODY).order_by("path")
        context = {
            "meeting": meeting,
            "task_form": forms.TaskForm(departments=departments, users=forms.body_users(meeting.body)),
            "can_assign": has_permission(actor, "oversight.order"),
            "participants": meeting.participants.select_related("user"),
            "rows": _item_rows(meeting, actor),
            "running": running,
            "minutes": Minutes.objects.filter(meeting=meeting).first(),
            "agenda_form": forms.AgendaForm(topics=ready),
            "attendance_choices": Attendance.choices,
            "vote_form": forms.VoteForm(),
            "outcome_form": forms.OutcomeForm(),
            "minutes_form": forms.MinutesForm(),
            "refusal": refusal,
            "title": meeting.title,
            "statuses": MeetingStatus,
        }
        return render(self.request, "decisions/meeting_detail.html", context, status=status)

    def get(self, request, pk: int, **kwargs):
        return self.page(selectors.meeting_get(actor=self.actor, pk=pk))

    def post(self, request, pk: int, action: str, ref: int = 0):
        actor = self.actor
        meeting = selectors.meeting_get(actor=actor, pk=pk)

        def item():
            found = selectors.item_get(actor=actor, pk=ref)
            if found.meeting_id != meeting.pk:
                raise NotFound("not_found", _("页面或记录不存在"))
            return found

        def participant(pk_):
            found = Participant.objects.filter(meeting=meeting, pk=pk_).first()
            if found is None:
                raise InvalidInput("not_found", _("所选人员不是本次会议的参会人员"), field="participant")
            return found

        def vote():
            found = Vote.objects.filter(item=item()).first()
            if found is None:
                raise InvalidInput("no_vote", _("此议题尚未开始表决"), field="vote")
            return found

        def minutes_draft(d):
            return services.minutes_draft(actor=actor, meeting=meeting, **d)

        handlers = {
            "agenda": (
                forms.AgendaForm,
                lambda d: services.agenda_add(actor=actor, meeting=meeting, **d),
            ),
            "notify": (None, lambda d: services.meeting_notify(actor=actor, meeting=meeting)),
            "open": (None, lambda d: services.meeting_open(actor=actor, meeting=meeting)),
            "close": (None, lambda d: services.meeting_close(actor=actor, meeting=meeting)),
            "attendance": (
                forms.AttendanceForm,
                lambda d: services.attendance_record(actor=actor, participant=participant(ref), **d),
            ),
            "opinion": (
                forms.OpinionForm,
                lambda d: services.opinion_record(
                    actor=actor,
                    item=item(),
                    participant=participant(d["participant"]),
                    position=d["position"],
                    reason=d["reason"],
                ),
            ),
            "vote": (forms.VoteForm, lambda d: services.vote_open(actor=actor, item=item(), **d)),
            "ballot": (
                forms.BallotForm,
                lambda d: services.ballot_record(
                    actor=actor,
                    vote=vote(),
                    participant=participant(d["participant"]),
                    choice_value=d["choice"],
                ),
            ),
            "cast": (
                forms.BallotForm,
                lambda d: services.ballot_cast(actor=actor, vote=vote(), choice_value=d["choice"]),
            ),
            "count": (None, lambda d: services.vote_close(actor=actor, vote=vote())),
            "outcome": (forms.OutcomeForm, lambda d: services.outcome_record(actor=actor, item=item(), **d)),
            "minutes": (forms.MinutesForm, minutes_draft),
            "task": (
                lambda data: forms.TaskForm(
                    data,
                    departments=Unit.objects.filter(body=meeting.body),
                    users=forms.body_users(meeting.body),
                ),
                lambda d: services.implementation_task_assign(actor=actor, item=item(), **d),
            ),
        }
        if action == "agenda":  # the agenda form needs its queryset to validate the topic
            ready = Topic.objects.filter(body=meeting.body)
            handlers["agenda"] = (
                lambda data: forms.AgendaForm(data, topics=ready),
                handlers["agenda"][1],
            )
        return _post_action(
            request,
            handlers,
            action,
            lambda **kw: self.page(selectors.meeting_get(actor=actor, pk=pk), **kw),
            reverse("decisions:meeting_detail", args=[pk]) + (f"#item-{ref}" if ref else ""),
        )


# --- Minutes and the discipline office's list --------------------------------------------------------


class MinutesDetailView(StaffView):
    def page(self, minutes, *, refusal=None, status=200):
        actor = self.actor
        meeting = minutes.meeting
        context = {
            "minutes": minutes,
            "content": minutes.content,
            "addenda": minutes.addenda.select_related("author"),
            "can_sign": minutes.status == MinutesStatus.DRAFT
            and (
                (actor.pk == meeting.chair_id and minutes.chair_signed_at is None)
                or (actor.pk == meeting.recorder_id and minutes.recorder_signed_at is None)
            ),
            "can_correct": minutes.locked_at is not None
            and has_permission(actor, "decisions.office", meeting),
            "addendum_form": forms.AddendumForm(),
            "refusal": refusal,
            "title": minutes.number,
        }
        return render(self.request, "decisions/minutes_detail.html", context, status=status)

    def get(self, request, pk: int, **kwargs):
        return self.page(selectors.minutes_get(actor=self.actor, pk=pk))

    def post(self, request, pk: int, action: str):
        actor = self.actor
        minutes = selectors.minutes_get(actor=actor, pk=pk)
        handlers = {
            "sign": (None, lambda d: services.minutes_sign(actor=actor, minutes=minutes)),
            "addendum": (
                forms.AddendumForm,
                lambda d: services.minutes_addendum(
                    actor=actor, minutes=minutes, text_=d["text"], reason=d["reason"]
                ),
            ),
        }
        return _post_action(
            request,
            handlers,
            action,
            lambda **kw: self.page(selectors.minutes_get(actor=actor, pk=pk), **kw),
            reverse("decisions:minutes_detail", args=[pk]),
        )


class NoticeListView(StaffView):
    def get(self, request):
        notices = selectors.notice_list(actor=self.actor)
        page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "decisions/notice_list.html", {"page": page, "title": _("集体决策监督提示")})


def _quarter(request, actor):
    from sunshine.decisions import quarter

    year, q = quarter.quarter_of(clock.today())
    raw_year, raw_q = request.GET.get("year", ""), request.GET.get("quarter", "")
    if raw_year.isdigit() and raw_q.isdigit():
        year, q = int(raw_year), int(raw_q)
    return quarter.quarter_record(actor=actor, year=year, quarter=q)


class OversightView(StaffView):
    """The discipline office's view of its bodies' collective decisions, by quarter (§8, SUP-112)."""

    def get(self, request):
        from sunshine.decisions import printing

        record = _quarter(request, self.actor)
        previous = (record.year, record.quarter - 1) if record.quarter > 1 else (record.year - 1, 4)
        following = (record.year, record.quarter + 1) if record.quarter < 4 else (record.year + 1, 1)
        context = {
            "record": record,
            "doc": printing.quarter_sections(record),
            "previous": previous,
            "following": following,
            "title": _("三重一大决策监督"),
        }
        return render(request, "decisions/oversight.html", context)


class OversightPrintView(StaffView):
    """The quarterly record as PDF (SUP-112: the discipline secretary reports it to the leading team)."""

    def get(self, request):
        from django.http import FileResponse

        from sunshine.decisions import printing

        record = _quarter(request, self.actor)
        return FileResponse(
            iter([printing.quarter_pdf(record)]),
            content_type="application/pdf",
            filename=f"decisions-{record.year}-q{record.quarter}.pdf",
        )


class MinutesPrintView(StaffView):
    """The minutes as PDF or Word, in the seeds' form (ARCHITECTURE: printable documents)."""

    def get(self, request, pk: int, fmt: str):
        from django.http import FileResponse, Http404

        from sunshine.decisions import printing

        minutes = selectors.minutes_get(actor=self.actor, pk=pk)
        if fmt == "pdf":
            data, kind = printing.minutes_pdf(minutes), "application/pdf"
        elif fmt == "docx":
            data = printing.minutes_docx(minutes)
            kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            raise Http404
        return FileResponse(
            iter([data]), content_type=kind, as_attachment=fmt == "docx", filename=f"{minutes.number}.{fmt}"
        )


class SettingsView(FormPage):
    """本单位议事决策规范 (DEC-229): kinds, thresholds, prerequisites, quorum, lead times."""

    form_class = forms.SettingsForm
    title = _("议事决策规范")
    submit_label = _("保存设置")
    intro = _(
        "种子文件中“XX万元”“提前X个工作日”等由各单位设定；会议通知至少提前1个工作日，决策公开不少于5个工作日。"
    )

    def load(self, **kwargs):
        return services.settings_for(_home_body(self.actor, "decisions.configure"))

    def check(self, obj) -> None:
        require_permission(self.actor, "decisions.configure", obj.body)

    def initial(self, obj) -> dict:
        return forms.SettingsForm.initial_from(obj)

    def perform(self, form, obj):
        return services.settings_save(actor=self.actor, body=obj.body, **form.values())

    def done(self, result, obj) -> str:
        return reverse("decisions:settings")

    def success_message(self, result, obj) -> str:
        return _("议事决策规范已保存")

    def cancel_url(self, obj) -> str:
        return reverse("decisions:topic_list")
