"""/api/v1/cadres/talks/: the discipline office's talks and letters in scope, a cadre's own letters,
one talk as far as the reader may see it (SUP-248; anyone else: 404), registering one and each
action. Thin views: parse, resolve references, call a service."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.cadres.talks import actions, selectors, services
from sunshine.cadres.talks import serializers as s
from sunshine.cadres.talks.models import Talk
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.core.models import User
from sunshine.org import selectors as org_selectors
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref


def user(pk, field: str):
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise InvalidInput("not_found", _("所选人员不存在"), field=field)
    return found


TALK_PAGE = paginated(s.TalkOutput)


class TalkAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def out(self, talk, status: int = 200) -> Response:
        talk = selectors.talk_get(actor=self.actor, pk=talk.pk)
        return Response(s.TalkOutput(talk, context={"actor": self.actor}).data, status=status)

    def paginate_talks(self, talks):
        from sunshine.core.api import LimitOffsetPagination

        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(talks, self.request, view=self)
        return paginator.get_paginated_response(
            s.TalkOutput(page, many=True, context={"actor": self.actor}).data
        )


class TalkListAPI(TalkAPIView):
    @extend_schema(
        operation_id="cadres_talks_list",
        parameters=[
            OpenApiParameter("open", OpenApiTypes.BOOL, description="only those not concluded"),
            OpenApiParameter("kind", OpenApiTypes.STR),
            OpenApiParameter("status", OpenApiTypes.STR),
            *PAGE_PARAMETERS,
        ],
        responses={200: TALK_PAGE, **ERROR_RESPONSES},
    )
    def get(self, request):
        """The talks and letters of the actor's bodies (discipline office only, SUP-240, SUP-248)."""
        query = self.parse(s.TalkListQuery, data=request.query_params)
        talks = selectors.talk_list(
            actor=self.actor,
            open_only=query.get("open", False),
            kind=query.get("kind", ""),
            status=query.get("status", ""),
        )
        return self.paginate_talks(talks)

    @extend_schema(
        operation_id="cadres_talks_register",
        request=s.TalkRegisterInput,
        responses={201: s.TalkOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Fill in the approval form of a talk or letter (SUP-244)."""
        d = self.parse(s.TalkRegisterInput)
        body = ref(
            org_selectors.unit_get, "body", actor=self.actor, unit_id=d["body"], perm=services.SUPERVISE
        )
        talk = services.talk_register(
            actor=self.actor,
            body=body,
            kind=d["kind"],
            subject=user(d.get("subject"), "subject"),
            subject_post=d["subject_post"],
            participants=[user(pk, "participants") for pk in d["participants"]],
            reason=d["reason"],
            outline=d["outline"],
            questions=d["questions"],
            talker=user(d.get("talker"), "talker"),
            source_kind=d["source_kind"],
            source_id=d["source_id"],
        )
        return self.out(talk, status=201)


class MyLettersAPI(TalkAPIView):
    @extend_schema(
        operation_id="cadres_talks_mine",
        parameters=PAGE_PARAMETERS,
        responses={200: TALK_PAGE, **ERROR_RESPONSES},
    )
    def get(self, request):
        """The letters sent to the caller, with his replies (SUP-247, SUP-248)."""
        return self.paginate_talks(selectors.my_letters(actor=self.actor))


class TalkDetailAPI(TalkAPIView):
    @extend_schema(operation_id="cadres_talks_get", responses={200: s.TalkOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        """One talk or letter, its content only for those who may read it (SUP-248)."""
        return self.out(selectors.talk_get(actor=self.actor, pk=pk))


# name → input; the service each calls is in talks.actions.
ACTIONS = {
    "approve": s.TalkApproveInput,
    "notify": s.TalkNotifyInput,
    "record": s.TalkRecordInput,
    "extend": s.TalkExtendInput,
    "reply": s.TalkReplyInput,
    "plan": s.TalkPlanInput,
    "follow-up": s.TalkFollowUpInput,
    "conclude": s.TalkConcludeInput,
}


def _action_view(name: str, input_class):
    class ActionAPI(TalkAPIView):
        @extend_schema(
            operation_id=f"cadres_talks_{name.replace('-', '_')}",
            request=input_class,
            responses={200: s.TalkOutput, **ERROR_RESPONSES},
        )
        def post(self, request, pk: int):
            talk = selectors.talk_get(actor=self.actor, pk=pk)
            data = self.parse(input_class)
            if "talker" in data:
                data["talker"] = user(data["talker"], "talker")
            result = actions.perform(
                name, actor=self.actor, talk=talk, data=data, expected_version=data.get("expected_version")
            )
            return self.out(result if isinstance(result, Talk) else talk)  # a follow-up returns its row

    ActionAPI.__name__ = ActionAPI.__qualname__ = "Talk" + name.title().replace("-", "") + "API"
    return ActionAPI


ACTION_VIEWS = {name: _action_view(name, input_class) for name, input_class in ACTIONS.items()}
