"""/api/v1/cadres/evaluation/: rounds in the actor's view (outside it: 404), their set-up, the vote
(own online ballot, paper ballots), the count; the body's threshold. Thin views: parse, resolve
references, call a service (rules and refusals are in ``services``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from sunshine.cadres.evaluation import serializers as s
from sunshine.cadres.evaluation import services
from sunshine.cadres.evaluation.models import EvaluatedCadre, EvaluationRound
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.core.models import User
from sunshine.org import selectors as org_selectors
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref


def _user(pk, field: str):
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise InvalidInput("not_found", _("所选人员不存在"), field=field)
    return found


def _entry(evaluation: EvaluationRound, pk) -> EvaluatedCadre:
    found = EvaluatedCadre.objects.filter(round=evaluation, pk=pk).select_related("round__body").first()
    if found is None:
        raise InvalidInput("not_found", _("所选干部不在本次测评名单中"), field="cadre")
    return found


class EvaluationAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def evaluation(self, pk: int) -> EvaluationRound:
        return services.round_get(actor=self.actor, pk=pk)

    def answer(self, evaluation, status: int = 200) -> Response:
        fresh = self.evaluation(evaluation.pk)
        context = {"organiser": services.may_organise(self.actor, fresh)}
        return Response(s.EvalRoundOutput(fresh, context=context).data, status=status)


class RoundListAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.EvalRoundOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Rounds the actor organises, supervises, attends or is evaluated in."""
        return self.paginate(services.round_list(actor=self.actor), s.EvalRoundOutput)

    @extend_schema(
        operation_id="cadres_evaluation_rounds_create",
        request=s.EvalRoundCreateInput,
        responses={201: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """A body's yearly 述职述廉 meeting and evaluation (SUP-10, SUP-249)."""
        d = self.parse(s.EvalRoundCreateInput)
        body = ref(
            org_selectors.unit_get, "body", actor=self.actor, unit_id=d["body"], perm=services.ORGANISE
        )
        evaluation = services.round_create(
            actor=self.actor,
            body=body,
            year=d["year"],
            title=d["title"],
            meeting_date=d["meeting_date"],
            place=d["place"],
            scale=d["scale"],
        )
        return self.answer(evaluation, status=201)


class RoundDetailAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_retrieve",
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        return self.answer(self.evaluation(pk))


class CadreAddAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_cadres",
        request=s.EvalCadreInput,
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        evaluation = self.evaluation(pk)
        d = self.parse(s.EvalCadreInput)
        services.cadre_add(
            actor=self.actor, evaluation=evaluation, cadre=_user(d["cadre"], "cadre"), position=d["position"]
        )
        return self.answer(evaluation)


class ReportAPI(EvaluationAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="cadres_evaluation_rounds_report",
        request={"application/json": s.EvalReportInput, "multipart/form-data": s.EvalReportInput},
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """File a cadre's 述职述廉 report (SUP-249), by the cadre or the organiser."""
        evaluation = self.evaluation(pk)
        d = self.parse(s.EvalReportInput)
        services.report_file(
            actor=self.actor,
            entry=_entry(evaluation, d["cadre"]),
            text=d["text"],
            attachment=d.get("attachment"),
        )
        return self.answer(evaluation)


class ParticipantAddAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_participants",
        request=s.EvalParticipantInput,
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """One attendee with their category (SUP-250)."""
        evaluation = self.evaluation(pk)
        d = self.parse(s.EvalParticipantInput)
        services.participant_add(
            actor=self.actor,
            evaluation=evaluation,
            category=d["category"],
            user=_user(d["user"], "user"),
            name=d["name"],
        )
        return self.answer(evaluation)


class ComplaintsAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_complaints",
        request=s.EvalComplaintsInput,
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The 民主评议 finding on a cadre (SUP-11)."""
        evaluation = self.evaluation(pk)
        d = self.parse(s.EvalComplaintsInput)
        services.complaints_record(
            actor=self.actor,
            entry=_entry(evaluation, d["cadre"]),
            concentrated=d["concentrated"],
            note=d["note"],
        )
        return self.answer(evaluation)


class OpenAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_open",
        request=s.EvalVersionInput,
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Open the vote (SUP-249 reports filed, SUP-250 at least 10 % outside attendees)."""
        d = self.parse(s.EvalVersionInput)
        evaluation = services.round_open(
            actor=self.actor, evaluation=self.evaluation(pk), expected_version=d["expected_version"]
        )
        return self.answer(evaluation)


def _grades(items) -> dict[int, str | None]:
    return {item["cadre"]: item.get("grade") for item in items}


class BallotAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_ballot",
        request=s.EvalBallotInput,
        responses={204: None, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The actor's own secret ballot (EVA-1): who voted is kept, how is only counted."""
        d = self.parse(s.EvalBallotInput)
        services.ballot_cast(actor=self.actor, evaluation=self.evaluation(pk), grades=_grades(d["grades"]))
        return Response(status=204)


class PaperBallotAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_paper_ballot",
        request=s.EvalPaperBallotInput,
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """One paper ballot entered by the organiser: invalid, or graded per cadre (blank = invalid
        for that cadre)."""
        evaluation = self.evaluation(pk)
        d = self.parse(s.EvalPaperBallotInput)
        services.paper_ballot_enter(
            actor=self.actor, evaluation=evaluation, grades=_grades(d["grades"]), invalid=d["invalid"]
        )
        return self.answer(evaluation)


class CountAPI(EvaluationAPIView):
    @extend_schema(
        operation_id="cadres_evaluation_rounds_count",
        request=s.EvalVersionInput,
        responses={200: s.EvalRoundOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Close the vote and count; the triggered outcomes come back in ``outcomes`` (SUP-11, SUP-253)."""
        d = self.parse(s.EvalVersionInput)
        evaluation = services.round_count(
            actor=self.actor, evaluation=self.evaluation(pk), expected_version=d["expected_version"]
        )
        return self.answer(evaluation)
