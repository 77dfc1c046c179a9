"""The petitions API (/api/v1/petitions/, staff): items in scope, registering visits and calls, the
actions on an item, the reporter's identity (assigned handlers, audited) and the late-item alerts.
Outside the scope, or a report on a leader for anyone outside the discipline office: 404."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.org.api import PAGE_PARAMETERS, paginated
from sunshine.org.models import Person, Unit
from sunshine.petitions import selectors, services
from sunshine.petitions import serializers as s


def _get(model, pk, field: str, **filters):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, **filters).first()
    if obj is None:
        raise InvalidInput("not_found", _("所选记录不存在"), field=field)
    return obj


class PetitionAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def petition(self, pk: int):
        return selectors.petition_get(actor=self.actor, pk=pk)

    def answer(self, petition, status=200) -> Response:
        petition = self.petition(petition.pk)
        return Response(s.PetitionDetailOutput(petition).data, status=status)


class PetitionListAPI(PetitionAPIView):
    @extend_schema(
        operation_id="petitions_list",
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, description="open, received, assigned, answered, closed"
            ),
            OpenApiParameter("kind", OpenApiTypes.STR, description="complaint, report, suggestion, request"),
            OpenApiParameter("late", OpenApiTypes.BOOL, description="open items past their answer limit"),
            OpenApiParameter("mine", OpenApiTypes.BOOL, description="items assigned to me"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(s.PetitionOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Items in scope, newest first."""
        query = self.parse(s.ListQuery, data=request.query_params)
        items = selectors.petition_list(actor=self.actor, **query).prefetch_related("assignments")
        return self.paginate(items, s.PetitionOutput)

    @extend_schema(
        operation_id="petitions_register",
        request=s.RegisterInput,
        responses={201: s.RegisteredOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Register a visit, call or letter (首问负责, CASE-1); the answer holds the secret, once."""
        data = dict(self.parse(s.RegisterInput))
        data["body"] = _get(Unit, data["body"], "body", kind="body")
        data["accused_person"] = _get(Person, data["accused_person"], "accused_person")
        petition, secret = services.petition_file(actor=self.actor, **data)
        return Response(
            {"petition": s.PetitionOutput(self.petition(petition.pk)).data, "secret": secret}, status=201
        )


class PetitionDetailAPI(PetitionAPIView):
    @extend_schema(
        operation_id="petitions_retrieve", responses={200: s.PetitionDetailOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        return Response(s.PetitionDetailOutput(self.petition(pk)).data)


class IdentityAPI(PetitionAPIView):
    @extend_schema(operation_id="petitions_identity", responses={200: s.IdentityOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        """The reporter's name and contact, for an assigned handler; each call is an audited read (PET-11)."""
        identity = services.petition_identity_read(actor=self.actor, petition=self.petition(pk))
        body = {"anonymous": identity is None, "name": "", "phone": "", "address": ""}
        if identity is not None:
            body.update(name=identity.name, phone=identity.phone, address=identity.address)
        response = Response(s.IdentityOutput(body).data)
        response["Cache-Control"] = "no-store"
        return response


def _action(name: str, input_class, call, resolve=None, reread: bool = True):
    class ActionAPI(PetitionAPIView):
        @extend_schema(
            operation_id=f"petitions_{name}",
            request=input_class,
            responses={200: s.PetitionDetailOutput, **ERROR_RESPONSES},
        )
        def post(self, request, pk: int):
            petition = self.petition(pk)
            data = dict(self.parse(input_class))
            if resolve:
                resolve(data)
            result = call(actor=self.actor, petition=petition, **data)
            if not reread:  # a transferred item has left the actor's scope: show what was done
                return Response(s.PetitionDetailOutput(result).data)
            return self.answer(result)

    ActionAPI.__name__ = ActionAPI.__qualname__ = f"Petition{name.title()}API"
    return ActionAPI


def _triage(data):
    data["accused_person"] = _get(Person, data["accused_person"], "accused_person")


def _assign(data):
    data["handler"] = _get(get_user_model(), data["handler"], "handler")


def _transfer(data):
    data["to_body"] = _get(Unit, data["to_body"], "to_body", kind="body")


TriageAPI = _action("triage", s.TriageInput, services.petition_triage, _triage)
AssignAPI = _action("assign", s.AssignInput, services.petition_assign, _assign)
TransferAPI = _action("transfer", s.TransferInput, services.petition_transfer, _transfer, reread=False)
ExtendAPI = _action("extend", s.ExtendInput, services.petition_extend)
AnswerAPI = _action("answer", s.PetitionAnswerInput, services.petition_answer)
CloseAPI = _action("close", s.CloseInput, services.petition_close)


class AlertListAPI(PetitionAPIView):
    @extend_schema(
        operation_id="petitions_alerts_list",
        parameters=[OpenApiParameter("level", OpenApiTypes.STR, enum=["yellow", "red"]), *PAGE_PARAMETERS],
        responses={200: paginated(s.PetitionAlertOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Open alerts of late and nearly late items (discipline office, principal leader)."""
        services.require_permission(self.actor, "petitions.supervise")
        level = request.query_params.get("level", "")
        if level not in ("", "red", "yellow"):
            raise InvalidInput("level_invalid", _("预警级别只能是 red 或 yellow"), field="level")
        return self.paginate(selectors.alert_list(actor=self.actor, level=level), s.PetitionAlertOutput)
