"""Staff pages of the integrity file under /cadres/files/: the discipline office's list of files, a
file (every view a logged read, IFL-1), its Word and PDF, the readers it approved and the reads, the
pre-promotion opinions with the printable form, and the dashboard of open cadre matters. Thin views:
the rules and their refusals are the services'."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cadres.integrity import forms, printing, services
from sunshine.cadres.integrity.models import FileRead, OpinionConclusion, OpinionStatus
from sunshine.core import clock
from sunshine.core.errors import NotFound
from sunshine.core.pages import FormPage, StaffView

CONCLUSION_TAGS = {
    OpinionConclusion.VETO: "tag-red",
    OpinionConclusion.DEFER: "tag-orange",
    OpinionConclusion.REPORTED: "tag-blue",
    OpinionConclusion.NO_OBJECTION: "tag-green",
}


def supervised_body(actor):
    from sunshine.org import selectors as org_selectors

    return org_selectors.unit_list(actor=actor, perm=services.SUPERVISE).filter(kind="body").first()


class FileListView(StaffView):
    """廉政档案: the cadres of the discipline office's bodies, each file one click away."""

    def get(self, request):
        query = request.GET.get("q", "")
        people = services.cadre_list(actor=self.actor, query=query)[:500]
        return render(request, "cadres/integrity/file_list.html", {"people": people, "q": query})


class FileDetailView(StaffView):
    """One cadre's file, assembled now from the records (a logged read; refused: IFL-1)."""

    def get(self, request, pk: int):
        cadre = services.cadre_get(actor=self.actor, pk=pk)
        file = services.file_read(actor=self.actor, cadre=cadre)
        is_office = services.may_supervise(self.actor, file.body)
        return render(
            request,
            "cadres/integrity/file_detail.html",
            {"file": file, "cadre": cadre, "name": services.name_of(cadre), "is_office": is_office},
        )


class FileExportView(StaffView):
    """The file as Word or PDF (each download a logged read)."""

    def get(self, request, pk: int, fmt: str):
        if fmt not in ("docx", "pdf"):
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"))
        cadre = services.cadre_get(actor=self.actor, pk=pk)
        kind = FileRead.Kind.WORD if fmt == "docx" else FileRead.Kind.PDF
        file = services.file_read(actor=self.actor, cadre=cadre, kind=kind)
        if fmt == "docx":
            content = printing.file_docx(file)
            mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            content, mime = printing.file_pdf(file), "application/pdf"
        response = HttpResponse(content, content_type=mime)
        filename = f"integrity-file-{cadre.pk}-{file.today.isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class GrantListView(StaffView):
    def get(self, request):
        grants = services.grant_list(actor=self.actor)[:500]
        return render(request, "cadres/integrity/grant_list.html", {"grants": grants, "today": clock.today()})


class GrantNewView(FormPage):
    """批准查阅: one reader, one cadre, a reason and a period (IFL-1)."""

    form_class = forms.GrantForm
    title = gettext_lazy("批准查阅廉政档案")
    submit_label = gettext_lazy("批准")

    def load(self, pk: int):
        return services.cadre_get(actor=self.actor, pk=pk)

    def check(self, cadre) -> None:
        services.require_supervise(self.actor, services.cadre_body(cadre))

    def initial(self, cadre) -> dict:
        today = clock.today()
        return {"starts_on": today, "ends_on": today}

    def form_kwargs(self, cadre) -> dict:
        return {"body": services.cadre_body(cadre)}

    def get_title(self, cadre) -> str:
        return _("批准查阅%(name)s的廉政档案") % {"name": services.name_of(cadre)}

    def perform(self, form, cadre):
        d = form.cleaned_data
        return services.grant_approve(
            actor=self.actor,
            reader=d["reader"],
            cadre=cadre,
            reason=d["reason"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
        )

    def done(self, result, cadre) -> str:
        return reverse("cadres:integrity_grants")

    def success_message(self, result, cadre) -> str:
        return _("已批准%(reader)s查阅至%(end)s") % {
            "reader": services.name_of(result.reader),
            "end": result.ends_on.isoformat(),
        }

    def cancel_url(self, cadre) -> str:
        return reverse("cadres:integrity_file", args=[cadre.pk])


class GrantRevokeView(FormPage):
    form_class = forms.ReasonForm
    title = gettext_lazy("撤销查阅授权")
    submit_label = gettext_lazy("撤销")
    danger = True

    def load(self, pk: int):
        return services.grant_get(actor=self.actor, pk=pk)

    def check(self, grant) -> None:
        services.require_supervise(self.actor, grant.body)

    def initial(self, grant) -> dict:
        return {}

    def perform(self, form, grant):
        return services.grant_revoke(actor=self.actor, grant=grant, reason=form.cleaned_data["reason"])

    def done(self, result, grant) -> str:
        return reverse("cadres:integrity_grants")

    def cancel_url(self, grant) -> str:
        return reverse("cadres:integrity_grants")


class ReadListView(StaffView):
    """Every read of the files of the office's bodies, allowed or refused (IFL-1)."""

    def get(self, request):
        reads = services.read_list(actor=self.actor)[:500]
        return render(request, "cadres/integrity/read_list.html", {"reads": reads})


# --- Opinions -----------------------------------------------------------------------------------


def opinion_row(o) -> dict:
    return {
        "o": o,
        "url": reverse("cadres:integrity_opinion", args=[o.pk]),
        "late": o.is_late,
        "tag": CONCLUSION_TAGS.get(o.conclusion, "tag-blue"),
    }


class OpinionListView(StaffView):
    def get(self, request):
        opinions = services.opinion_list(actor=self.actor)[:500]
        return render(
            request,
            "cadres/integrity/opinion_list.html",
            {
                "rows": [opinion_row(o) for o in opinions],
                "can_request": services.has_permission(self.actor, services.ORGANISE),
                "can_set": services.has_permission(self.actor, services.SUPERVISE),
            },
        )


class OpinionNewView(FormPage):
    """征求党风廉政意见 (SUP-115(1)): by the organisation side, before the Party committee discusses."""

    form_class = forms.OpinionRequestForm
    title = gettext_lazy("填写《拟提拔任用干部征求意见表》")
    submit_label = gettext_lazy("函告纪委")

    def load(self):
        return None

    def check(self, obj) -> None:
        if not services.has_permission(self.actor, services.ORGANISE):
            from sunshine.core.errors import NotPermitted

            raise NotPermitted(
                "not_organisation", _("只有本单位组织人事部门可以征求党风廉政意见（SUP-115）"), rule="SUP-115"
            )

    def form_kwargs(self, obj) -> dict:
        from sunshine.core.models import User
        from sunshine.core.permissions import scope_filter
        from sunshine.org.models import Person

        people = scope_filter(
            Person.objects.filter(user__isnull=False), self.actor, services.ORGANISE, "unit"
        )
        cadres = User.objects.filter(person__in=people, is_active=True).order_by("full_name", "username")
        return {"cadres": cadres}

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.opinion_request(
            actor=self.actor,
            cadre=d["cadre"],
            current_post=d["current_post"],
            proposed_post=d["proposed_post"],
            note=d["note"],
        )

    def done(self, result, obj) -> str:
        return reverse("cadres:integrity_opinion", args=[result.pk])

    def cancel_url(self, obj) -> str:
        return reverse("cadres:integrity_opinions")


class OpinionDetailView(StaffView):
    """An opinion: for the discipline office with what the file gives today while unanswered."""

    def get(self, request, pk: int):
        opinion = services.opinion_get(actor=self.actor, pk=pk)
        is_office = services.may_supervise(self.actor, opinion.body)
        preview = None
        if is_office and opinion.status == OpinionStatus.REQUESTED:
            preview = services.opinion_preview(actor=self.actor, opinion=opinion)
        return render(
            request,
            "cadres/integrity/opinion_detail.html",
            {
                "row": opinion_row(opinion),
                "o": opinion,
                "preview": preview,
                "is_office": is_office,
                "can_answer": is_office and opinion.status == OpinionStatus.REQUESTED,
                "conclusion": OpinionConclusion(preview_conclusion(preview)) if preview else None,
            },
        )


def preview_conclusion(preview) -> str:
    return services.conclusion_of(preview.findings)


class OpinionAnswerView(FormPage):
    """回复征求意见 (SUP-115(2)): the findings come from the file; the office adds the collective
    opinion, its date and any veto the file cannot know (SUP-116(5))."""

    form_class = forms.AnswerForm
    title = gettext_lazy("回复党风廉政意见")
    submit_label = gettext_lazy("回复")

    def load(self, pk: int):
        return services.opinion_get(actor=self.actor, pk=pk)

    def check(self, opinion) -> None:
        services.require_supervise(self.actor, opinion.body)

    def initial(self, opinion) -> dict:
        return {"version": opinion.version, "discussed_on": clock.today()}

    def get_title(self, opinion) -> str:
        return _("回复党风廉政意见：%(name)s拟任%(post)s") % {
            "name": services.name_of(opinion.cadre),
            "post": opinion.proposed_post,
        }

    def perform(self, form, opinion):
        d = form.cleaned_data
        return services.opinion_answer(
            actor=self.actor,
            opinion=opinion,
            collective_opinion=d["collective_opinion"],
            discussed_on=d["discussed_on"],
            other_veto_reason=d["other_veto_reason"],
            expected_version=d.get("version"),
        )

    def done(self, result, opinion) -> str:
        return reverse("cadres:integrity_opinion", args=[result.pk])

    def success_message(self, result, opinion) -> str:
        return _("已回复：%(c)s") % {"c": result.get_conclusion_display()}

    def cancel_url(self, opinion) -> str:
        return reverse("cadres:integrity_opinion", args=[opinion.pk])


class OpinionPrintView(StaffView):
    """《拟提拔任用干部征求意见表》 (SUP-117) as PDF."""

    def get(self, request, pk: int):
        opinion = services.opinion_get(actor=self.actor, pk=pk)
        response = HttpResponse(printing.opinion_pdf(opinion), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="opinion-{opinion.pk}.pdf"'
        return response


class DashboardView(StaffView):
    """干部监督待办: each area's open matters in the office's scope, late ones first."""

    def get(self, request):
        groups = services.open_matters(actor=self.actor)
        late = sum(r.late for _area, rows in groups for r in rows)
        return render(request, "cadres/integrity/dashboard.html", {"groups": groups, "late": late})
