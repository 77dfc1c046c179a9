"""Pages of a case's outcome (issue #6 §1, §6): service, publication, archiving, a decision change,
adding documents, downloading one (permission- and scope-checked; files are never served from a
public URL), and the printable decision document as PDF."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases import selectors
from sunshine.cases.clock_views import ClockPage
from sunshine.cases.models import CaseDocument, Decision
from sunshine.cases.outcome import archive, decisions, delivery, documents, publication
from sunshine.cases.outcome import forms as f
from sunshine.cases.outcome.pdf import render_decision
from sunshine.core import clock
from sunshine.core.errors import NotFound
from sunshine.core.pages import StaffView
from sunshine.core.permissions import require_permission


class OutcomePage(ClockPage):
    anchor = "#outcome"


class DeliveryView(OutcomePage):
    """送达: the deadline (CASE-153 / CASE-33) is stated above the form."""

    form_class = f.DeliveryForm
    title = gettext_lazy("记录送达")
    submit_label = gettext_lazy("保存送达记录")

    def initial(self, case) -> dict:
        return {"recipient": case.applicant_name, "served_at": clock.local(clock.now()).replace(second=0)}

    @property
    def intro(self):
        case = self.load(pk=self.kwargs["pk"])
        decision = Decision.objects.filter(case=case).first()
        if decision is None:
            return ""
        from sunshine.cases.outcome import rules

        days, rule = rules.service_rule(decision.kind)
        return _("决定书应自决定之日起%(days)d个工作日内送达，即不晚于%(due)s（%(rule)s）。") % {
            "days": days,
            "due": rules.service_due(decision).isoformat(),
            "rule": rule,
        }

    def perform(self, form, case):
        return delivery.delivery_record(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已记录送达") + (_("（超期送达）") if result.late else "")


class PublicationView(OutcomePage):
    form_class = f.PublicationForm
    title = gettext_lazy("结果公示")
    submit_label = gettext_lazy("发布公示")
    intro = gettext_lazy("办理结果在门户网站公示，时间不少于7个工作日（CASE-158、CASE-35）。")

    def initial(self, case) -> dict:
        decision = Decision.objects.filter(case=case).first()
        return {
            "channel": case.power_version.disclosure or _("门户网站"),
            "starts_on": clock.today(),
            "content": publication.summary(case, decision) if decision else "",
        }

    def perform(self, form, case):
        return publication.publication_record(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已发布公示，最早可于%(day)s结束") % {"day": result.earliest_end.isoformat()}


class ArchiveView(OutcomePage):
    form_class = f.ArchiveForm
    title = gettext_lazy("归档")
    submit_label = gettext_lazy("归档")
    intro = gettext_lazy("办结后按统一卷宗归档（CASE-156）；归档后不能再变更办理结果。")

    def initial(self, case) -> dict:
        return {"file_number": archive.suggested_number(case)}

    def perform(self, form, case):
        return archive.case_archive(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已归档，档案号 %(n)s") % {"n": result.file_number}


class RecordFilingView(OutcomePage):
    """备案 of an archived major penalty with the superior bureau (CASE-156)."""

    form_class = f.RecordFilingForm
    title = gettext_lazy("重大行政处罚备案")
    submit_label = gettext_lazy("保存备案记录")
    intro = gettext_lazy("经集体讨论的重大行政处罚案件，归档后应及时报上级主管部门备案（CASE-156）。")

    def initial(self, case) -> dict:
        return {"recipient": archive.default_recipient(case), "filed_on": clock.today()}

    def perform(self, form, case):
        return archive.record_filing_record(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已备案，文号 %(n)s") % {"n": result.document_number}


class DecisionChangeView(OutcomePage):
    """决定变更 (OUT-1): only with the permission to change decisions, with a reason."""

    form_class = f.DecisionChangeForm
    title = gettext_lazy("变更决定")
    submit_label = gettext_lazy("保存变更")
    permission = "cases.change_decision"
    intro = gettext_lazy("已作出的决定只能在此变更：须写明理由，变更前后的内容记入办件并推送电子监察。")

    def decision(self, case) -> Decision:
        decision = Decision.objects.filter(case=case).first()
        if decision is None:
            raise NotFound("no_decision", _("该办件尚未作出决定"))
        return decision

    def form_kwargs(self, case) -> dict:
        return {"version": case.power_version}

    def initial(self, case) -> dict:
        d = self.decision(case)
        return {
            "kind": d.kind,
            "tier": d.tier_id,
            "measure": d.measure,
            "amount": d.amount,
            "measure_text": d.measure_text,
            "range_reason": d.range_reason,
            "reasons": d.reasons,
            "legal_basis": d.legal_basis,
            "expected_version": d.version,
        }

    def perform(self, form, case):
        data = dict(form.cleaned_data)
        return decisions.decision_change(actor=self.actor, decision=self.decision(case), **data)

    def success_message(self, result, case) -> str:
        return _("已变更决定")


class DocumentsAddView(OutcomePage):
    form_class = f.DocumentsForm
    title = gettext_lazy("上传文书")
    submit_label = gettext_lazy("上传")
    template_name = "cases/outcome/upload.html"

    def form_kwargs(self, case) -> dict:
        kwargs = {"tasks": list(case.tasks.all())}
        if self.request.method == "POST":
            kwargs["files"] = self.request.FILES
        return kwargs

    def perform(self, form, case):
        data = form.cleaned_data
        task = case.tasks.filter(pk=data.get("task")).first() if data.get("task") else None
        return documents.documents_add(actor=self.actor, case=case, task=task, files=data["documents"])

    def success_message(self, result, case) -> str:
        return _("已上传%(n)d个文件") % {"n": len(result)}


def download(*, actor, pk: int, doc: int) -> FileResponse:
    """A case's document, for those who may see the case (its scope): as an attachment, never inline."""
    case = selectors.case_get(actor=actor, pk=pk)
    require_permission(actor, "cases.view", case)
    document = CaseDocument.objects.filter(case=case, pk=doc).first()
    if document is None:
        raise NotFound("no_document", _("文件不存在"))
    path = documents.path_of(document.sha256)
    if not path.is_file():
        raise NotFound("file_missing", _("文件已丢失，请联系系统管理员"))
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class DocumentDownloadView(StaffView):
    def get(self, request, pk: int, doc: int):
        return download(actor=self.actor, pk=pk, doc=doc)


class DecisionPdfView(StaffView):
    """行政处罚决定书 / 准予（不予）许可决定书 as PDF, with the rights statement."""

    def get(self, request, pk: int):
        case = selectors.case_get(actor=self.actor, pk=pk)
        decision = Decision.objects.filter(case=case).first()
        if decision is None:
            raise NotFound("no_decision", _("该办件尚未作出决定"))
        data, filename = render_decision(decision)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
        return response
