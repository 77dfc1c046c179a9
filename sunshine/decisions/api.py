"""/api/v1/decisions/: topics and their prerequisites, meetings run item by item, minutes, and the
discipline office's list of refused attempts. Thin views: parse, call a selector or a service,
answer (STYLE §5). Scope is the actor's organisation: anything outside it is 404 (SEC-7)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput, NotPermitted
from sunshine.core.models import User
from sunshine.decisions import selectors, services
from sunshine.decisions import serializers as s
from sunshine.decisions.models import Participant
from sunshine.org import selectors as org_selectors
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref

TAG = ["decisions"]


def _user(pk: int, field: str) -> User:
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise InvalidInput("not_found", _("所选人员不存在"), field=field)
    return user


def _participant(meeting_id: int, pk: int | None) -> Participant:
    found = Participant.objects.select_related("user").filter(meeting_id=meeting_id, pk=pk).first()
    if found is None:
        raise InvalidInput("not_found", _("所选人员不是本次会议的参会人员"), field="participant")
    return found


class DecisionsAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def topic(self, pk: int):
        return selectors.topic_get(actor=self.actor, pk=pk)

    def meeting(self, pk: int):
        return selectors.meeting_get(actor=self.actor, pk=pk)

    def item(self, pk: int):
        return selectors.item_get(actor=self.actor, pk=pk)

    def topic_answer(self, topic, status: int = 200) -> Response:
        return Response(s.TopicOutput(self.topic(topic.pk)).data, status=status)

    def meeting_answer(self, meeting_id: int, status: int = 200) -> Response:
        return Response(s.MeetingOutput(self.meeting(meeting_id)).data, status=status)


# --- Topics ----------------------------------------------------------------------------------------


class TopicListAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_list",
        parameters=[s.TopicListQuery, *PAGE_PARAMETERS],
        responses={200: paginated(s.TopicOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Topics of the departments in scope, newest first."""
        query = self.parse(s.TopicListQuery, data=request.query_params)
        topics = selectors.topic_list(
            actor=self.actor, status=query.get("status", ""), kind=query.get("kind", "")
        )
        return self.paginate(topics, s.TopicOutput)

    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_propose",
        request=s.TopicProposeInput,
        responses={201: s.TopicOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Propose a topic (DEC-210), classified against the body's scope (DEC-3)."""
        data = self.parse(s.TopicProposeInput)
        department = ref(
            org_selectors.unit_get,
            "department",
            actor=self.actor,
            unit_id=data["department"],
            perm="decisions.propose",
        )
        topic = services.topic_propose(
            actor=self.actor,
            department=department,
            title=data["title"],
            kind=data["kind"],
            amount=data.get("amount"),
            background=data["background"],
            draft_decision=data["draft_decision"],
            alternatives=data["alternatives"],
            legal_basis=data["legal_basis"],
            responsible_leader=_user(data["responsible_leader"], "responsible_leader"),
            amends=self.item(data["amends"]) if data.get("amends") else None,
        )
        return self.topic_answer(topic, 201)


class TopicDetailAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG, operation_id="decisions_topics_get", responses={200: s.TopicOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        """One topic with the prerequisites it still lacks."""
        return self.topic_answer(self.topic(pk))

    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_update",
        request=s.TopicUpdateInput,
        responses={200: s.TopicOutput, **ERROR_RESPONSES},
    )
    def patch(self, request, pk: int):
        """Edit a topic in preparation; a decided topic is refused (DEC-63: a change needs a new
        decision, proposed with ``amends``)."""
        data = dict(self.parse(s.TopicUpdateInput))
        version = data.pop("version", None)
        topic = services.topic_update(
            actor=self.actor, topic=self.topic(pk), expected_version=version, **data
        )
        return self.topic_answer(topic)


class TopicSubmitAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_submit",
        request=s.DecisionVersionInput,
        responses={200: s.TopicOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Submit to the office (DEC-216); refused while a prerequisite is missing (DEC-60)."""
        data = self.parse(s.DecisionVersionInput)
        topic = services.topic_submit(
            actor=self.actor, topic=self.topic(pk), expected_version=data.get("version")
        )
        return self.topic_answer(topic)


class TopicCheckAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_check",
        request=s.TopicCheckInput,
        responses={200: s.TopicOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The office's completeness check: ready, or returned with reasons (DEC-216)."""
        data = self.parse(s.TopicCheckInput)
        topic = services.topic_check(
            actor=self.actor,
            topic=self.topic(pk),
            accept=data["accept"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self.topic_answer(topic)


class ResearchAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_research",
        request=s.ResearchInput,
        responses={201: s.TopicOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Attach a research report (DEC-29)."""
        data = self.parse(s.ResearchInput)
        topic = self.topic(pk)
        services.research_add(actor=self.actor, topic=topic, summary=data["summary"])
        return self.topic_answer(topic, 201)


class LegalityReviewAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_legality_review",
        request=s.LegalityInput,
        responses={201: s.TopicOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The legal office's written review (DEC-32, DEC-36, DEC-38)."""
        data = self.parse(s.LegalityInput)
        topic = self.topic(pk)
        services.legality_review_record(actor=self.actor, topic=topic, **data)
        return self.topic_answer(topic, 201)


class RiskAssessmentAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_topics_risk_assessment",
        request=s.RiskInput,
        responses={201: s.TopicOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The risk assessment: four dimensions, level, measures (DEC-41)."""
        data = self.parse(s.RiskInput)
        topic = self.topic(pk)
        services.risk_assessment_record(actor=self.actor, topic=topic, **data)
        return self.topic_answer(topic, 201)


# --- Meetings ----------------------------------------------------------------------------------------


class MeetingListAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_meetings_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.MeetingListOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Meetings of the bodies in scope and those the actor sits in, newest first."""
        return self.paginate(selectors.meeting_list(actor=self.actor), s.MeetingListOutput)

    @extend_schema(
        tags=TAG,
        operation_id="decisions_meetings_create",
        request=s.MeetingCreateInput,
        responses={201: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """A meeting with its members due and non-voting attendees (DEC-50, DEC-228), in the
        actor's own body."""
        data = self.parse(s.MeetingCreateInput)
        body = self._own_body()
        meeting = services.meeting_create(
            actor=self.actor,
            body=body,
            kind=data["kind"],
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            chair=_user(data["chair"], "chair"),
            recorder=_user(data["recorder"], "recorder"),
            members=[_user(pk, "members") for pk in data["members"]],
            attendees=[_user(pk, "attendees") for pk in data["attendees"]],
        )
        return self.meeting_answer(meeting.pk, 201)

    def _own_body(self):
        """The body where the actor runs meetings (their decisions.office grant)."""
        from sunshine.org.models import RoleAssignment

        for grant in (
            RoleAssignment.objects.filter(user=self.actor).select_related("unit", "role").order_by("id")
        ):
            if "decisions.office" in (grant.role.permissions or []):
                unit = grant.unit
                return unit if unit.body_id in (None, unit.pk) else unit.body
        raise NotPermitted("permission_denied", _("您没有组织会议的权限"))


class MeetingDetailAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG, operation_id="decisions_meetings_get", responses={200: s.MeetingOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        """A meeting with its participants, agenda, opinions and votes."""
        return self.meeting_answer(self.meeting(pk).pk)


class AgendaAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_meetings_agenda_add",
        request=s.AgendaInput,
        responses={201: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Put a ready topic on the agenda (DEC-60); after the notice only urgent items (DEC-211)."""
        data = self.parse(s.AgendaInput)
        meeting = self.meeting(pk)
        topic = ref(selectors.topic_get, "topic", actor=self.actor, pk=data["topic"])
        services.agenda_add(
            actor=self.actor,
            meeting=meeting,
            topic=topic,
            urgent=data["urgent"],
            urgent_reason=data["urgent_reason"],
        )
        return self.meeting_answer(meeting.pk, 201)


def _meeting_step(service, operation_id: str, doc: str):
    class StepAPI(DecisionsAPIView):
        @extend_schema(
            tags=TAG,
            operation_id=operation_id,
            request=s.DecisionVersionInput,
            responses={200: s.MeetingOutput, **ERROR_RESPONSES},
            description=doc,
        )
        def post(self, request, pk: int):
            self.parse(s.DecisionVersionInput)
            meeting = self.meeting(pk)
            service(actor=self.actor, meeting=meeting)
            return self.meeting_answer(meeting.pk)

    StepAPI.__name__ = operation_id
    return StepAPI


MeetingNotifyAPI = _meeting_step(
    services.meeting_notify,
    "decisions_meetings_notify",
    "Send the notice, at least the body's working days before (DEC-212).",
)
MeetingOpenAPI = _meeting_step(services.meeting_open, "decisions_meetings_open", "Open the session.")
MeetingCloseAPI = _meeting_step(
    services.meeting_close, "decisions_meetings_close", "Close once every item has an outcome (DEC-220)."
)


class AttendanceAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_meetings_attendance",
        request=s.AttendanceInput,
        responses={200: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Attendance; an absence with its reason and written opinion (DEC-108, DEC-218)."""
        data = self.parse(s.AttendanceInput)
        meeting = self.meeting(pk)
        services.attendance_record(
            actor=self.actor,
            participant=_participant(meeting.pk, data["participant"]),
            attendance=data["attendance"],
            absence_reason=data["absence_reason"],
            written_opinion=data["written_opinion"],
        )
        return self.meeting_answer(meeting.pk)


class OpinionAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_opinion",
        request=s.DecisionOpinionInput,
        responses={201: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """A member's opinion in turn; the principal leader last (DEC-54, DEC-64)."""
        data = self.parse(s.DecisionOpinionInput)
        item = self.item(pk)
        services.opinion_record(
            actor=self.actor,
            item=item,
            participant=_participant(item.meeting_id, data["participant"]),
            position=data["position"],
            reason=data["reason"],
        )
        return self.meeting_answer(item.meeting_id, 201)


class VoteOpenAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_vote_open",
        request=s.VoteOpenInput,
        responses={201: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Open the vote on a quorate item (DEC-208, DEC-209, DEC-52); personnel by secret ballot."""
        data = self.parse(s.VoteOpenInput)
        item = self.item(pk)
        services.vote_open(actor=self.actor, item=item, method=data["method"])
        return self.meeting_answer(item.meeting_id, 201)


class BallotAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_ballot",
        request=s.BallotInput,
        responses={201: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """A ballot: in an open vote the member's choice by name (the recorder may enter it); in a
        secret ballot only the member's own, from their own log-in (DEC-56, DEC-221)."""
        data = self.parse(s.BallotInput)
        item = self.item(pk)
        vote = selectors.vote_of(item)
        if vote is None:
            raise InvalidInput("no_vote", _("此议题尚未开始表决"), field="choice")
        if vote.method == "secret":
            services.ballot_cast(actor=self.actor, vote=vote, choice_value=data["choice"])
        else:
            services.ballot_record(
                actor=self.actor,
                vote=vote,
                participant=_participant(item.meeting_id, data.get("participant")),
                choice_value=data["choice"],
            )
        return self.meeting_answer(item.meeting_id, 201)


class VoteCloseAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_vote_close",
        request=None,
        responses={200: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Count: passed when yes votes exceed half of the members due (DEC-222)."""
        item = self.item(pk)
        vote = selectors.vote_of(item)
        if vote is None:
            raise InvalidInput("no_vote", _("此议题尚未开始表决"), field="vote")
        services.vote_close(actor=self.actor, vote=vote)
        return self.meeting_answer(item.meeting_id)


class OutcomeAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_outcome",
        request=s.OutcomeInput,
        responses={200: s.MeetingOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The chair's ruling (DEC-223): adopted only after a passed vote (DEC-61, DEC-62)."""
        data = self.parse(s.OutcomeInput)
        item = self.item(pk)
        services.outcome_record(actor=self.actor, item=item, **data)
        return self.meeting_answer(item.meeting_id)


# --- Minutes ------------------------------------------------------------------------------------------


class MinutesDraftAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_meetings_minutes_draft",
        request=s.MinutesDraftInput,
        responses={201: s.MinutesOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Draft the numbered minutes of a closed meeting (DEC-225)."""
        data = self.parse(s.MinutesDraftInput)
        minutes = services.minutes_draft(
            actor=self.actor, meeting=self.meeting(pk), confidentiality=data["confidentiality"]
        )
        return Response(s.MinutesOutput(minutes).data, status=201)


class MinutesDetailAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG, operation_id="decisions_minutes_get", responses={200: s.MinutesOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        return Response(s.MinutesOutput(selectors.minutes_get(actor=self.actor, pk=pk)).data)


class MinutesSignAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_minutes_sign",
        request=s.DecisionVersionInput,
        responses={200: s.MinutesOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The chair or the recorder signs; with both the minutes lock (DEC-225)."""
        data = self.parse(s.DecisionVersionInput)
        minutes = services.minutes_sign(
            actor=self.actor,
            minutes=selectors.minutes_get(actor=self.actor, pk=pk),
            expected_version=data.get("version"),
        )
        return Response(s.MinutesOutput(minutes).data)


class MinutesAddendumAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_minutes_addendum",
        request=s.AddendumInput,
        responses={201: s.MinutesOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """A correction to signed minutes, kept beside them (DEC-224)."""
        data = self.parse(s.AddendumInput)
        minutes = selectors.minutes_get(actor=self.actor, pk=pk)
        services.minutes_addendum(
            actor=self.actor, minutes=minutes, text_=data["text"], reason=data["reason"]
        )
        return Response(s.MinutesOutput(selectors.minutes_get(actor=self.actor, pk=pk)).data, status=201)


class NoticeListAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_notices_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.DisciplineNoticeOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Refused attempts, rulings against the vote and urgent items, for the discipline office."""
        return self.paginate(selectors.notice_list(actor=self.actor), s.DisciplineNoticeOutput)


class TaskListAPI(DecisionsAPIView):
    def tasks(self, item):
        return Response(
            s.DecisionTaskOutput(
                item.implementation_tasks.select_related("order__department", "order__responsible").order_by(
                    "id"
                ),
                many=True,
            ).data
        )

    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_tasks",
        responses={200: s.DecisionTaskOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        """The tasks that carry out an adopted decision (DEC-226), each a supervision order."""
        return self.tasks(self.item(pk))

    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_tasks_assign",
        request=s.DecisionTaskInput,
        responses={201: s.DecisionTaskOutput(many=True), **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Break an adopted decision into a task: responsible unit, person, deadline (DEC-226, EXE-3)."""
        data = self.parse(s.DecisionTaskInput)
        item = self.item(pk)
        department = ref(
            org_selectors.unit_get,
            "department",
            actor=self.actor,
            unit_id=data["department"],
            perm="decisions.view",
        )
        services.implementation_task_assign(
            actor=self.actor,
            item=item,
            department=department,
            responsible=_user(data["responsible"], "responsible"),
            requirement=data["requirement"],
            reply_workdays=data["reply_workdays"],
        )
        response = self.tasks(item)
        response.status_code = 201
        return response


class EvaluationListAPI(DecisionsAPIView):
    def evaluations(self, item, status: int = 200):
        return Response(
            s.DecisionEvaluationOutput(item.evaluations.order_by("seq"), many=True).data, status=status
        )

    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_evaluations",
        responses={200: s.DecisionEvaluationOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        """The tracking evaluations of an adopted decision (EXE-13..EXE-19), oldest first."""
        return self.evaluations(self.item(pk))

    @extend_schema(
        tags=TAG,
        operation_id="decisions_items_evaluations_plan",
        request=s.DecisionEvaluationPlanInput,
        responses={201: s.DecisionEvaluationOutput(many=True), **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Plan a tracking evaluation after a phase of implementation (EXE-14, EXE-15, EXE-17, EXE-18)."""
        data = self.parse(s.DecisionEvaluationPlanInput)
        item = self.item(pk)
        services.evaluation_plan(actor=self.actor, item=item, **data)
        return self.evaluations(item, 201)


class EvaluationReportAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_evaluations_report",
        request=s.DecisionEvaluationReportInput,
        responses={200: s.DecisionEvaluationOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The evaluation report with its recommendation: continue, adjust, pause, terminate (EXE-19)."""
        data = self.parse(s.DecisionEvaluationReportInput)
        evaluation = services.evaluation_report(
            actor=self.actor,
            evaluation=selectors.evaluation_get(actor=self.actor, pk=pk),
            report=data["report"],
            recommendation=data["recommendation"],
            expected_version=data.get("version"),
        )
        return Response(s.DecisionEvaluationOutput(evaluation).data)


class EvaluationConcludeAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_evaluations_conclude",
        request=s.DecisionEvaluationConcludeInput,
        responses={200: s.DecisionEvaluationOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The collective's decision on the report: continue, adjust, pause or terminate (EXE-19)."""
        data = self.parse(s.DecisionEvaluationConcludeInput)
        evaluation = services.evaluation_conclude(
            actor=self.actor,
            evaluation=selectors.evaluation_get(actor=self.actor, pk=pk),
            result=data["result"],
            basis=data["basis"],
            expected_version=data.get("version"),
        )
        return Response(s.DecisionEvaluationOutput(evaluation).data)


# --- The other prerequisites (DEC-16..23, DEC-215, PUB-12) -------------------------------------------


class ExpertListAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_experts_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.ExpertOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The expert registers (专家库) of the bodies in scope."""
        return self.paginate(selectors.expert_list(actor=self.actor), s.ExpertOutput)

    @extend_schema(
        tags=TAG,
        operation_id="decisions_experts_register",
        request=s.ExpertInput,
        responses={201: s.ExpertOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Put an expert on the register of the actor's body (qualifications of DEC-19)."""
        from sunshine.decisions.views import _home_body

        data = self.parse(s.ExpertInput)
        expert = services.expert_register(
            actor=self.actor, body=_home_body(self.actor, "decisions.prepare"), **data
        )
        return Response(s.ExpertOutput(expert).data, status=201)


class ExpertRevokeAPI(DecisionsAPIView):
    @extend_schema(
        tags=TAG,
        operation_id="decisions_experts_revoke",
        request=s.ReasonInput,
        responses={200: s.ExpertOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Revoke an expert's status (DEC-23)."""
        data = self.parse(s.ReasonInput)
        expert = services.expert_revoke(
            actor=self.actor, expert=selectors.expert_get(actor=self.actor, pk=pk), reason=data["reason"]
        )
        return Response(s.ExpertOutput(expert).data)


def _topic_post(input_class, operation_id: str, doc: str, call):
    class TopicPostAPI(DecisionsAPIView):
        @extend_schema(
            tags=TAG,
            operation_id=operation_id,
            request=input_class,
            responses={201: s.TopicOutput, **ERROR_RESPONSES},
            description=doc,
        )
        def post(self, request, pk: int):
            data = self.parse(input_class)
            topic = self.topic(pk)
            call(self, topic, data)
            return self.topic_answer(topic, 201)

    TopicPostAPI.__name__ = operation_id
    return TopicPostAPI


def _part_post(input_class, operation_id: str, doc: str, model, topic_of, call):
    class PartPostAPI(DecisionsAPIView):
        @extend_schema(
            tags=TAG,
            operation_id=operation_id,
            request=input_class,
            responses={200: s.TopicOutput, **ERROR_RESPONSES},
            description=doc,
        )
        def post(self, request, pk: int):
            data = self.parse(input_class)
            part = selectors.topic_part_get(actor=self.actor, model=model, pk=pk, topic_path=topic_of)
            call(self, part, data)
            topic_id = model.objects.filter(pk=pk).values_list(topic_of, flat=True).get()
            return self.topic_answer(self.topic(topic_id))

    PartPostAPI.__name__ = operation_id
    return PartPostAPI


ArgumentationAPI = _topic_post(
    s.ArgumentationInput,
    "decisions_topics_argumentation",
    "Record an expert argumentation; material sent at least the lead time before (DEC-16).",
    lambda v, topic, d: services.argumentation_add(actor=v.actor, topic=topic, **d),
)
ExpertConflictAPI = _topic_post(
    s.ExpertConflictInput,
    "decisions_topics_expert_conflict",
    "Declare an expert's conflict of interest on the topic: the expert is excluded.",
    lambda v, topic, d: services.expert_conflict_declare(
        actor=v.actor,
        topic=topic,
        expert=ref(selectors.expert_get, "expert", actor=v.actor, pk=d["expert"]),
        reason=d["reason"],
    ),
)
ConsultationAPI = _topic_post(
    s.ConsultationInput,
    "decisions_topics_consultation",
    "Ask for a written opinion by a deadline; silence counts as agreement (DEC-215).",
    lambda v, topic, d: services.consultation_request(
        actor=v.actor, topic=topic, consultee=_user(d["consultee"], "consultee"), deadline=d["deadline"]
    ),
)
PublicCommentAPI = _topic_post(
    s.PublicCommentInput,
    "decisions_topics_public_comment",
    "Publish the proposed decision for comment, at least the minimum working days (PUB-12).",
    lambda v, topic, d: services.public_comment_open(actor=v.actor, topic=topic, **d),
)


def _models():
    from sunshine.decisions import models

    return models


ExpertOpinionAPI = _part_post(
    s.ExpertOpinionInput,
    "decisions_argumentations_opinion",
    "An expert's signed opinion (DEC-21); revoked or conflicted experts are refused (DEC-23).",
    _models().ExpertArgumentation,
    "topic",
    lambda v, arg, d: services.expert_opinion_add(
        actor=v.actor,
        argumentation=arg,
        expert=ref(selectors.expert_get, "expert", actor=v.actor, pk=d["expert"]),
        opinion=d["opinion"],
        signed_on=d["signed_on"],
    ),
)
ConsultationAnswerAPI = _part_post(
    s.ConsultationAnswerInput,
    "decisions_consultations_answer",
    "The consulted person's written answer before the deadline (DEC-215).",
    _models().Consultation,
    "topic",
    lambda v, c, d: services.consultation_answer(actor=v.actor, consultation=c, **d),
)
ConsultationHandlingAPI = _part_post(
    s.HandlingInput,
    "decisions_consultations_handling",
    "How a dissenting opinion was taken into account, with reasons (DEC-215).",
    _models().Consultation,
    "topic",
    lambda v, c, d: services.consultation_handle(actor=v.actor, consultation=c, **d),
)
PublicCommentEntryAPI = _part_post(
    s.PublicCommentEntryInput,
    "decisions_public_comments_entry",
    "A comment received during the period, with its answer (PUB-12).",
    _models().PublicComment,
    "topic",
    lambda v, period, d: services.public_comment_entry_add(
        actor=v.actor, period=period, text_=d["text"], commenter=d["commenter"], answer=d["answer"]
    ),
)
PublicCommentAnswerAPI = _part_post(
    s.AnswerInput,
    "decisions_public_comment_entries_answer",
    "Answer a public comment (PUB-12).",
    _models().PublicCommentEntry,
    "period__topic",
    lambda v, entry, d: services.public_comment_answer(actor=v.actor, entry=entry, answer=d["answer"]),
)
