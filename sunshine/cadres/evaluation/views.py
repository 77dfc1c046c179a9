"""Staff pages of the evaluation under /cadres/evaluation/: the organiser sets up a round (cadres and
reports, attendance, 民主评议), opens the vote, enters paper ballots and counts; an attendee casts
their own ballot; the discipline office reads the results and the printable sheet. Thin views: the
rules and their refusals are the services'."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cadres.evaluation import forms, printing, services
from sunshine.cadres.evaluation.choices import Grade, RoundStatus, grade_label
from sunshine.cadres.evaluation.models import EvaluatedCadre
from sunshine.core.errors import NotFound
from sunshine.core.pages import FormPage, StaffView
from sunshine.org import selectors as org_selectors

TEMPLATE = "cadres/evaluation/form.html"
STATUS_TAGS = {
    RoundStatus.SETUP: "tag-blue",
    RoundStatus.VOTING: "tag-orange",
    RoundStatus.COUNTED: "tag-grey",
}


def detail_url(evaluation) -> str:
    return reverse("cadres:evaluation_detail", args=[evaluation.pk])


def _bodies(actor):
    return org_selectors.unit_list(actor=actor, perm=services.ORGANISE).filter(kind="body")


class RoundListView(StaffView):
    """民主测评: the rounds the actor organises, supervises, attends or is evaluated in."""

    def get(self, request):
        rows = []
        for evaluation in services.round_list(actor=self.actor)[:200]:
            participant = services.participant_of(evaluation, self.actor)
            rows.append(
                {
                    "evaluation": evaluation,
                    "url": detail_url(evaluation),
                    "status": {
                        "label": RoundStatus(evaluation.status).label,
                        "tag": STATUS_TAGS[evaluation.status],
                    },
                    "can_vote": evaluation.status == RoundStatus.VOTING
                    and participant is not None
                    and not services.has_voted(evaluation, participant),
                }
            )
        return render(
            request,
            "cadres/evaluation/list.html",
            {"rows": rows, "can_organise": services.may_organise(self.actor)},
        )


class RoundCreateView(FormPage):
    form_class = forms.RoundForm
    template_name = TEMPLATE
    title = gettext_lazy("新建述职述廉民主测评")
    submit_label = gettext_lazy("建立")

    def check(self, obj) -> None:
        from sunshine.core.permissions import require_permission

        require_permission(self.actor, services.ORGANISE)

    def initial(self, obj) -> dict:
        from sunshine.core import clock

        return {"year": clock.today().year - 1 if clock.today().month <= 3 else clock.today().year}

    def form_kwargs(self, obj) -> dict:
        return {"bodies": _bodies(self.actor)}

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.round_create(
            actor=self.actor,
            body=d["body"],
            year=d["year"],
            title=d["title"],
            meeting_date=d["meeting_date"],
            place=d["place"],
            scale=d["scale"],
        )

    def done(self, result, obj) -> str:
        return detail_url(result)

    def cancel_url(self, obj) -> str:
        return reverse("cadres:evaluation_list")


class RoundDetailView(StaffView):
    def get(self, request, pk: int):
        evaluation = services.round_get(actor=self.actor, pk=pk)
        organiser = services.may_organise(self.actor, evaluation)
        results = services.may_read_results(self.actor, evaluation)
        participant = services.participant_of(evaluation, self.actor)
        counted = evaluation.status == RoundStatus.COUNTED
        cadres = list(evaluation.cadres.select_related("cadre", "report_filed_by").order_by("seq"))
        context = {
            "evaluation": evaluation,
            "status": {"label": RoundStatus(evaluation.status).label, "tag": STATUS_TAGS[evaluation.status]},
            "cadres": [
                {
                    "entry": e,
                    "name": e.cadre.full_name or e.cadre.username,
                    "can_file": evaluation.status == RoundStatus.SETUP
                    and (organiser or e.cadre_id == self.actor.pk),
                    "counts": [getattr(e, g.value) for g in Grade],
                }
                for e in cadres
            ],
            "grades": [grade_label(evaluation.scale, g) for g in Grade],
            "poor_word": grade_label(evaluation.scale, Grade.POOR),
            "organiser": organiser,
            "show_results": counted and results,
            "show_attendance": organiser or services.may_read_results(self.actor, evaluation),
            "participants": evaluation.participants.select_related("user") if organiser or results else [],
            "composition": services.composition(evaluation),
            "can_setup": organiser and evaluation.status == RoundStatus.SETUP,
            "can_appraise": evaluation.status in (RoundStatus.SETUP, RoundStatus.VOTING)
            and (organiser or services.may_read_results(self.actor, evaluation)),
            "can_vote": evaluation.status == RoundStatus.VOTING
            and participant is not None
            and not services.has_voted(evaluation, participant),
            "has_voted": services.has_voted(evaluation, participant),
            "can_count": organiser and evaluation.status == RoundStatus.VOTING,
            "outcomes": _outcome_rows(self.actor, evaluation) if counted and results else [],
        }
        return render(request, "cadres/evaluation/detail.html", context)


def _outcome_rows(actor, evaluation) -> list[dict]:
    """The outcomes with the talk each opened: a link for whoever may read the talk (SUP-248), its
    number and state for the others."""
    from sunshine.cadres.talks.services import audience

    rows = []
    for outcome in evaluation.outcomes.select_related("cadre", "talk"):
        talk = outcome.talk
        rows.append(
            {
                "o": outcome,
                "talk": talk,
                "talk_url": reverse("cadres:talks_detail", args=[talk.pk])
                if talk is not None and audience(actor, talk) is not None
                else "",
            }
        )
    return rows


class RoundPage(FormPage):
    """A form on one round; only the organiser (``cadres.organise``) unless said otherwise."""

    template_name = TEMPLATE

    def load(self, pk: int, **kwargs):
        return services.round_get(actor=self.actor, pk=pk)

    def check(self, obj) -> None:
        from sunshine.core.permissions import require_permission

        require_permission(self.actor, services.ORGANISE, obj)

    def form_kwargs(self, obj) -> dict:
        return {"evaluation": obj}

    def get_title(self, obj) -> str:
        return f"{self.title}：{obj.title}"

    def done(self, result, obj) -> str:
        return detail_url(obj)

    def cancel_url(self, obj) -> str:
        return detail_url(obj)


class CadreAddView(RoundPage):
    form_class = forms.CadreForm
    title = gettext_lazy("增加被测评干部")
    submit_label = gettext_lazy("增加")

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.cadre_add(actor=self.actor, evaluation=obj, cadre=d["cadre"], position=d["position"])


class ParticipantAddView(RoundPage):
    form_class = forms.ParticipantForm
    title = gettext_lazy("登记参会人员")
    submit_label = gettext_lazy("登记")

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.participant_add(
            actor=self.actor, evaluation=obj, category=d["category"], user=d["user"], name=d["name"]
        )

    def done(self, result, obj) -> str:
        if "another" in self.request.POST:
            return reverse("cadres:evaluation_participant_add", args=[obj.pk])
        return detail_url(obj)

    def context(self, obj) -> dict:
        return {"another_label": _("登记并继续")}


class EntryPage(RoundPage):
    def load(self, pk: int, entry: int, **kwargs):
        evaluation = services.round_get(actor=self.actor, pk=pk)
        self.entry = EvaluatedCadre.objects.filter(round=evaluation, pk=entry).select_related("cadre").first()
        if self.entry is None:
            raise Http404
        return evaluation

    def form_kwargs(self, obj) -> dict:
        return {}

    def get_title(self, obj) -> str:
        return f"{self.title}：{self.entry.cadre.full_name or self.entry.cadre.username}"


class ReportView(EntryPage):
    form_class = forms.ReportForm
    title = gettext_lazy("提交述职述廉报告")
    submit_label = gettext_lazy("提交")

    def check(self, obj) -> None:
        if self.entry.cadre_id != self.actor.pk:
            super().check(obj)

    def initial(self, obj) -> dict:
        return {"text": self.entry.report_text}

    def form_kwargs(self, obj) -> dict:
        return {"files": self.request.FILES} if self.request.method == "POST" else {}

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.report_file(
            actor=self.actor, entry=self.entry, text=d["text"], attachment=d["attachment"]
        )


class ComplaintsView(EntryPage):
    form_class = forms.ComplaintsForm
    title = gettext_lazy("记录民主评议情况")
    intro = gettext_lazy(
        "民主评议反映问题突出、意见比较集中，且“不称职”（“较差”）票超过有效票三分之一的，计票后自动列入督察和了解（SUP-11）。"
    )

    def check(self, obj) -> None:
        if not services.may_read_results(self.actor, obj):
            super().check(obj)

    def initial(self, obj) -> dict:
        return {"concentrated": self.entry.complaints_concentrated, "note": self.entry.complaints_note}

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.complaints_record(
            actor=self.actor, entry=self.entry, concentrated=d["concentrated"], note=d["note"]
        )


class OpenView(RoundPage):
    form_class = forms.ConfirmForm
    title = gettext_lazy("开始测评")
    submit_label = gettext_lazy("开始测评")
    intro = gettext_lazy(
        "开始后不能再修改被测评干部、述职述廉报告和参会名单。须全部干部已述职（SUP-249），离退休干部、普通干部职工和服务对象不少于参会总人数10%（SUP-250）。"
    )

    def form_kwargs(self, obj) -> dict:
        return {}

    def perform(self, form, obj):
        return services.round_open(
            actor=self.actor, evaluation=obj, expected_version=form.cleaned_data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("测评已开始，参会人员可以投票")


class CountView(RoundPage):
    form_class = forms.ConfirmForm
    title = gettext_lazy("结束投票并计票")
    submit_label = gettext_lazy("计票")
    danger = True
    intro = gettext_lazy(
        "计票后不能再投票或录入纸质票；按有效票计算，触发的督察了解、诫勉谈话和组织处理自动记录（SUP-11、SUP-253）。"
    )

    def form_kwargs(self, obj) -> dict:
        return {}

    def perform(self, form, obj):
        return services.round_count(
            actor=self.actor, evaluation=obj, expected_version=form.cleaned_data["version"]
        )

    def success_message(self, result, obj) -> str:
        n = result.outcomes.count()
        return _("已计票，触发%(n)d项处理") % {"n": n}


class PaperBallotView(RoundPage):
    form_class = forms.BallotForm
    title = gettext_lazy("录入纸质测评票")
    submit_label = gettext_lazy("录入")
    intro = gettext_lazy("逐张录入；某人未评或多选的，该人一栏选“未评/无效”；整张作废的勾选“整张无效票”。")

    def form_kwargs(self, obj) -> dict:
        return {"evaluation": obj, "paper": True}

    def perform(self, form, obj):
        return services.paper_ballot_enter(
            actor=self.actor,
            evaluation=obj,
            grades=form.grades(),
            invalid=form.cleaned_data.get("invalid", False),
        )

    def done(self, result, obj) -> str:
        return reverse("cadres:evaluation_paper", args=[obj.pk])

    def success_message(self, result, obj) -> str:
        obj.refresh_from_db()
        return _("已录入，共收回%(n)d张") % {"n": obj.ballots}


class VoteView(RoundPage):
    form_class = forms.BallotForm
    title = gettext_lazy("民主测评投票")
    submit_label = gettext_lazy("投票")
    intro = gettext_lazy("无记名投票：系统只记录您已投票，不记录您的评价与您的对应关系。投票后不能更改。")

    def check(self, obj) -> None:
        if services.participant_of(obj, self.actor) is None:
            raise NotFound("not_found", _("您不在本次民主测评的参会名单中"))

    def perform(self, form, obj):
        return services.ballot_cast(actor=self.actor, evaluation=obj, grades=form.grades())

    def success_message(self, result, obj) -> str:
        return _("投票成功，谢谢参与")


class SheetView(StaffView):
    """民主测评结果统计表 (PDF), for the organiser and the discipline office, once counted."""

    def get(self, request, pk: int):
        evaluation = services.round_get(actor=self.actor, pk=pk)
        if not services.may_read_results(self.actor, evaluation):
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"))
        data = printing.sheet_pdf(evaluation)
        return FileResponse(
            iter([data]),
            content_type="application/pdf",
            filename=f"evaluation-{evaluation.year}-{evaluation.pk}.pdf",
        )


class AttachmentView(StaffView):
    """A report's attachment, for whoever may see the round; as an attachment, never inline."""

    def get(self, request, pk: int, entry: int):
        evaluation = services.round_get(actor=self.actor, pk=pk)
        found = EvaluatedCadre.objects.filter(round=evaluation, pk=entry).first()
        if found is None or not found.attachment_sha256:
            raise Http404
        path = services.attachment_path(found.attachment_sha256)
        if not path.is_file():
            raise Http404
        response = FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=found.attachment_name,
            content_type=found.attachment_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
