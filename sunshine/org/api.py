"""The org API (/api/v1/org/): units, posts, people, post holdings, portfolios, roles, role
assignments and accounts. Thin views: parse with an input serializer, call a selector or service,
answer with an output serializer. Permission, data scope (404 outside it) and rules live in the
services and selectors; errors are built by core.api.exception_handler."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf
from rest_framework.response import Response

from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput, NotFound
from sunshine.org import filters, selectors, services
from sunshine.org import serializers as s


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """The query parameters of a FilterSet, for the OpenAPI schema."""
    params = []
    for name, flt in filterset_class.base_filters.items():
        kind = OpenApiTypes.STR
        enum = None
        if isinstance(flt, django_filters.BooleanFilter):
            kind = OpenApiTypes.BOOL
        elif isinstance(flt, django_filters.ModelChoiceFilter | django_filters.NumberFilter):
            kind = OpenApiTypes.INT
        elif isinstance(flt, django_filters.ChoiceFilter):
            enum = [value for value, _label in flt.extra["choices"]]
        params.append(OpenApiParameter(name, kind, description=str(flt.label or ""), enum=enum))
    return params


def ref(getter, field: str, **lookup):
    """An object named in the input, looked up in the actor's scope; a missing one is a 400 naming
    the field (same message whether it does not exist or lies outside the scope, SEC-7)."""
    try:
        return getter(**lookup)
    except NotFound:
        raise InvalidInput("not_found", _("所选记录不存在或不在您的数据范围内"), field=field) from None


class OrgAPIView(ServiceAPIView):
    def filtered(self, filterset_class, queryset):
        filterset = filterset_class(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise drf.ValidationError(filterset.errors)
        return filterset.qs

    @property
    def actor(self):
        return self.request.user

    def unit(self, pk, field="unit"):
        return ref(selectors.unit_get, field, actor=self.actor, unit_id=pk)

    def person(self, pk, field="person"):
        return ref(selectors.person_get, field, actor=self.actor, person_id=pk)


PAGE_PARAMETERS = [
    OpenApiParameter("limit", OpenApiTypes.INT, description="rows per page (default 50, at most 500)"),
    OpenApiParameter("offset", OpenApiTypes.INT, description="rows to skip"),
]


def paginated(output) -> drf.Serializer:
    """The envelope of core.api.LimitOffsetPagination around ``output`` rows."""
    return inline_serializer(
        name=f"Paginated{output.__name__.removesuffix('Output')}List",
        fields={
            "count": drf.IntegerField(),
            "next": drf.URLField(allow_null=True),
            "previous": drf.URLField(allow_null=True),
            "results": output(many=True),
        },
    )


def _list_schema(output, filterset_class, operation_id: str):
    return extend_schema(
        operation_id=operation_id,
        parameters=[*filter_parameters(filterset_class), *PAGE_PARAMETERS],
        responses={200: paginated(output), **ERROR_RESPONSES},
    )


def _write_schema(request, output, status=200):
    return extend_schema(request=request, responses={status: output, **ERROR_RESPONSES})


_remove_schema = extend_schema(request=s.RemoveInput, responses={204: None, **ERROR_RESPONSES})


# --- Units ----------------------------------------------------------------------------------------


class UnitListAPI(OrgAPIView):
    @_list_schema(s.UnitOutput, filters.UnitListFilter, "org_units_list")
    def get(self, request):
        units = self.filtered(filters.UnitListFilter, selectors.unit_list(actor=self.actor))
        return self.paginate(units, s.UnitOutput)

    @_write_schema(s.UnitCreateInput, s.UnitOutput, 201)
    def post(self, request):
        data = self.parse(s.UnitCreateInput)
        parent_id = data.pop("parent", None)
        parent = self.unit(parent_id, "parent") if parent_id else None
        unit = services.unit_create(actor=self.actor, parent=parent, **data)
        return Response(s.UnitOutput(unit).data, status=201)


class UnitDetailAPI(OrgAPIView):
    @extend_schema(responses={200: s.UnitOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.UnitOutput(selectors.unit_get(actor=self.actor, unit_id=pk)).data)

    @_write_schema(s.UnitUpdateInput, s.UnitOutput)
    def patch(self, request, pk: int):
        unit = selectors.unit_get(actor=self.actor, unit_id=pk)
        data = self.parse(s.UnitUpdateInput)
        unit = services.unit_update(actor=self.actor, unit=unit, expected_version=data.pop("version"), **data)
        return Response(s.UnitOutput(unit).data)

    @_remove_schema
    def delete(self, request, pk: int):
        unit = selectors.unit_get(actor=self.actor, unit_id=pk)
        data = self.parse(s.RemoveInput)
        services.unit_delete(
            actor=self.actor, unit=unit, reason=data["reason"], expected_version=data["version"]
        )
        return Response(status=204)


class UnitMoveAPI(OrgAPIView):
    @_write_schema(s.UnitMoveInput, s.UnitOutput)
    def post(self, request, pk: int):
        unit = selectors.unit_get(actor=self.actor, unit_id=pk)
        data = self.parse(s.UnitMoveInput)
        parent = self.unit(data["parent"], "parent") if data["parent"] else None
        unit = services.unit_move(
            actor=self.actor, unit=unit, parent=parent, expected_version=data["version"]
        )
        return Response(s.UnitOutput(unit).data)


# --- Posts ----------------------------------------------------------------------------------------


class PostListAPI(OrgAPIView):
    @_list_schema(s.PostOutput, filters.PostListFilter, "org_posts_list")
    def get(self, request):
        posts = self.filtered(
            filters.PostListFilter, selectors.post_list(actor=self.actor, with_holders=True)
        )
        return self.paginate(posts, s.PostOutput)

    @_write_schema(s.PostCreateInput, s.PostOutput, 201)
    def post(self, request):
        data = self.parse(s.PostCreateInput)
        data["unit"] = self.unit(data["unit"])
        post = services.post_create(actor=self.actor, **data)
        return Response(s.PostOutput(selectors.post_get(actor=self.actor, post_id=post.pk)).data, status=201)


class PostDetailAPI(OrgAPIView):
    @extend_schema(responses={200: s.PostOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.PostOutput(selectors.post_get(actor=self.actor, post_id=pk)).data)

    @_write_schema(s.PostUpdateInput, s.PostOutput)
    def patch(self, request, pk: int):
        post = selectors.post_get(actor=self.actor, post_id=pk)
        data = self.parse(s.PostUpdateInput)
        services.post_update(actor=self.actor, post=post, expected_version=data.pop("version"), **data)
        return Response(s.PostOutput(selectors.post_get(actor=self.actor, post_id=pk)).data)

    @_remove_schema
    def delete(self, request, pk: int):
        post = selectors.post_get(actor=self.actor, post_id=pk)
        data = self.parse(s.RemoveInput)
        services.post_delete(
            actor=self.actor, post=post, reason=data["reason"], expected_version=data["version"]
        )
        return Response(status=204)


# --- People ---------------------------------------------------------------------------------------


class PersonListAPI(OrgAPIView):
    @_list_schema(s.PersonOutput, filters.PersonListFilter, "org_people_list")
    def get(self, request):
        people = self.filtered(filters.PersonListFilter, selectors.person_list(actor=self.actor))
        return self.paginate(people, s.PersonOutput)

    @_write_schema(s.PersonCreateInput, s.PersonOutput, 201)
    def post(self, request):
        data = self.parse(s.PersonCreateInput)
        data["unit"] = self.unit(data["unit"])
        person = services.person_create(actor=self.actor, **data)
        return Response(
            s.PersonOutput(selectors.person_get(actor=self.actor, person_id=person.pk)).data, status=201
        )


class PersonDetailAPI(OrgAPIView):
    @extend_schema(responses={200: s.PersonOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.PersonOutput(selectors.person_get(actor=self.actor, person_id=pk)).data)

    @_write_schema(s.PersonUpdateInput, s.PersonOutput)
    def patch(self, request, pk: int):
        person = selectors.person_get(actor=self.actor, person_id=pk)
        data = self.parse(s.PersonUpdateInput)
        services.person_update(actor=self.actor, person=person, expected_version=data.pop("version"), **data)
        return Response(s.PersonOutput(selectors.person_get(actor=self.actor, person_id=pk)).data)

    @_remove_schema
    def delete(self, request, pk: int):
        person = selectors.person_get(actor=self.actor, person_id=pk)
        data = self.parse(s.RemoveInput)
        services.person_delete(
            actor=self.actor, person=person, reason=data["reason"], expected_version=data["version"]
        )
        return Response(status=204)


class PersonMoveAPI(OrgAPIView):
    @_write_schema(s.PersonMoveInput, s.PersonOutput)
    def post(self, request, pk: int):
        person = selectors.person_get(actor=self.actor, person_id=pk)
        data = self.parse(s.PersonMoveInput)
        services.person_move(
            actor=self.actor, person=person, unit=self.unit(data["unit"]), expected_version=data["version"]
        )
        return Response(s.PersonOutput(selectors.person_get(actor=self.actor, person_id=pk)).data)


# --- Post holdings --------------------------------------------------------------------------------


class HoldingListAPI(OrgAPIView):
    @_list_schema(s.HoldingOutput, filters.HoldingListFilter, "org_holdings_list")
    def get(self, request):
        holdings = self.filtered(
            filters.HoldingListFilter, selectors.holding_list(actor=self.actor, current=None)
        )
        return self.paginate(holdings, s.HoldingOutput)

    @_write_schema(s.HoldingCreateInput, s.HoldingOutput, 201)
    def post(self, request):
        data = self.parse(s.HoldingCreateInput)
        holding = services.post_holding_assign(
            actor=self.actor,
            person=self.person(data["person"]),
            post=ref(selectors.post_get, "post", actor=self.actor, post_id=data["post"]),
            start_date=data.get("start_date"),
        )
        return Response(s.HoldingOutput(holding).data, status=201)


class HoldingDetailAPI(OrgAPIView):
    @extend_schema(responses={200: s.HoldingOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.HoldingOutput(selectors.holding_get(actor=self.actor, holding_id=pk)).data)


class HoldingEndAPI(OrgAPIView):
    @_write_schema(s.HoldingEndInput, s.HoldingOutput)
    def post(self, request, pk: int):
        holding = selectors.holding_get(actor=self.actor, holding_id=pk)
        data = self.parse(s.HoldingEndInput)
        holding = services.post_holding_end(
            actor=self.actor,
            holding=holding,
            expected_version=data["version"],
            end_date=data.get("end_date"),
            note=data["note"],
        )
        return Response(s.HoldingOutput(holding).data)


# --- Portfolios -----------------------------------------------------------------------------------


class PortfolioListAPI(OrgAPIView):
    @_list_schema(s.PortfolioOutput, filters.PortfolioListFilter, "org_portfolios_list")
    def get(self, request):
        portfolios = self.filtered(
            filters.PortfolioListFilter, selectors.portfolio_list(actor=self.actor, current=None)
        )
        return self.paginate(portfolios, s.PortfolioOutput)

    @_write_schema(s.PortfolioCreateInput, s.PortfolioOutput, 201)
    def post(self, request):
        data = self.parse(s.PortfolioCreateInput)
        portfolio = services.portfolio_assign(
            actor=self.actor,
            body=self.unit(data["body"], "body"),
            leader=self.person(data["leader"], "leader"),
            area=data["area"],
            title=data["title"],
            departments=[self.unit(pk, "departments") for pk in data["departments"]],
            start_date=data.get("start_date"),
        )
        return Response(
            s.PortfolioOutput(selectors.portfolio_get(actor=self.actor, portfolio_id=portfolio.pk)).data,
            status=201,
        )


class PortfolioDetailAPI(OrgAPIView):
    @extend_schema(responses={200: s.PortfolioOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.PortfolioOutput(selectors.portfolio_get(actor=self.actor, portfolio_id=pk)).data)

    @_write_schema(s.PortfolioUpdateInput, s.PortfolioOutput)
    def patch(self, request, pk: int):
        portfolio = selectors.portfolio_get(actor=self.actor, portfolio_id=pk)
        data = self.parse(s.PortfolioUpdateInput)
        departments = data.get("departments")
        services.portfolio_update(
            actor=self.actor,
            portfolio=portfolio,
            expected_version=data["version"],
            title=data.get("title"),
            departments=None if departments is None else [self.unit(pk, "departments") for pk in departments],
        )
        return Response(s.PortfolioOutput(selectors.portfolio_get(actor=self.actor, portfolio_id=pk)).data)


class PortfolioEndAPI(OrgAPIView):
    @_write_schema(s.PortfolioEndInput, s.PortfolioOutput)
    def post(self, request, pk: int):
        portfolio = selectors.portfolio_get(actor=self.actor, portfolio_id=pk)
        data = self.parse(s.PortfolioEndInput)
        services.portfolio_end(
            actor=self.actor,
            portfolio=portfolio,
            expected_version=data["version"],
            end_date=data.get("end_date"),
            note=data["note"],
        )
        return Response(s.PortfolioOutput(selectors.portfolio_get(actor=self.actor, portfolio_id=pk)).data)


# --- Roles ----------------------------------------------------------------------------------------


class RoleListAPI(OrgAPIView):
    @_list_schema(s.RoleOutput, filters.RoleListFilter, "org_roles_list")
    def get(self, request):
        return self.paginate(
            self.filtered(filters.RoleListFilter, selectors.role_list(actor=self.actor)), s.RoleOutput
        )

    @_write_schema(s.RoleCreateInput, s.RoleOutput, 201)
    def post(self, request):
        role = services.role_create(actor=self.actor, **self.parse(s.RoleCreateInput))
        return Response(s.RoleOutput(role).data, status=201)


class RoleDetailAPI(OrgAPIView):
    @extend_schema(responses={200: s.RoleOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.RoleOutput(selectors.role_get(actor=self.actor, role_id=pk)).data)

    @_write_schema(s.RoleUpdateInput, s.RoleOutput)
    def patch(self, request, pk: int):
        role = selectors.role_get(actor=self.actor, role_id=pk)
        data = self.parse(s.RoleUpdateInput)
        role = services.role_update(actor=self.actor, role=role, expected_version=data.pop("version"), **data)
        return Response(s.RoleOutput(role).data)

    @_remove_schema
    def delete(self, request, pk: int):
        role = selectors.role_get(actor=self.actor, role_id=pk)
        data = self.parse(s.RemoveInput)
        services.role_delete(
            actor=self.actor, role=role, reason=data["reason"], expected_version=data["version"]
        )
        return Response(status=204)


# --- Role assignments -----------------------------------------------------------------------------


class AssignmentListAPI(OrgAPIView):
    @_list_schema(s.AssignmentOutput, filters.AssignmentListFilter, "org_role_assignments_list")
    def get(self, request):
        assignments = self.filtered(filters.AssignmentListFilter, selectors.assignment_list(actor=self.actor))
        return self.paginate(assignments, s.AssignmentOutput)

    @_write_schema(s.AssignmentCreateInput, s.AssignmentOutput, 201)
    def post(self, request):
        data = self.parse(s.AssignmentCreateInput)
        assignment = services.role_assignment_create(
            actor=self.actor,
            user=ref(
                selectors.account_get, "user", actor=self.actor, user_id=data["user"], perms=["roles.manage"]
            ),
            role=ref(selectors.role_get, "role", actor=self.actor, role_id=data["role"]),
            unit=ref(selectors.unit_get, "unit", actor=self.actor, unit_id=data["unit"], perm="roles.manage"),
            data_scope=data["data_scope"],
            note=data["note"],
        )
        return Response(s.AssignmentOutput(assignment).data, status=201)


class AssignmentDetailAPI(OrgAPIView):
    @extend_schema(responses={200: s.AssignmentOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.AssignmentOutput(selectors.assignment_get(actor=self.actor, assignment_id=pk)).data)


class AssignmentRevokeAPI(OrgAPIView):
    @_write_schema(s.RevokeInput, s.AssignmentOutput)
    def post(self, request, pk: int):
        assignment = selectors.assignment_get(actor=self.actor, assignment_id=pk)
        data = self.parse(s.RevokeInput)
        assignment = services.role_assignment_revoke(
            actor=self.actor, assignment=assignment, reason=data["reason"], expected_version=data["version"]
        )
        return Response(s.AssignmentOutput(assignment).data)


# --- Accounts -------------------------------------------------------------------------------------


class AccountListAPI(OrgAPIView):
    @_list_schema(s.AccountOutput, filters.AccountListFilter, "org_accounts_list")
    def get(self, request):
        accounts = self.filtered(filters.AccountListFilter, selectors.account_list(actor=self.actor))
        return self.paginate(accounts, s.AccountOutput)

    @_write_schema(s.AccountCreateInput, s.AccountOutput, 201)
    def post(self, request):
        data = self.parse(s.AccountCreateInput)
        person = data.pop("person", None)
        user = services.account_create(
            actor=self.actor, person=self.person(person) if person else None, **data
        )
        return Response(s.AccountOutput(self._get(user.pk)).data, status=201)

    def _get(self, pk):
        return selectors.account_get(actor=self.actor, user_id=pk)


class AccountAPIView(OrgAPIView):
    def account(self, pk: int):
        return selectors.account_get(actor=self.actor, user_id=pk, perms=["accounts.manage"])

    def answer(self, pk: int):
        return Response(s.AccountOutput(selectors.account_get(actor=self.actor, user_id=pk)).data)


class AccountDetailAPI(AccountAPIView):
    @extend_schema(responses={200: s.AccountOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return self.answer(pk)

    @_write_schema(s.AccountUpdateInput, s.AccountOutput)
    def patch(self, request, pk: int):
        user = self.account(pk)
        data = self.parse(s.AccountUpdateInput)
        services.account_update(actor=self.actor, user=user, expected_version=data.pop("version"), **data)
        return self.answer(pk)


class AccountDisableAPI(AccountAPIView):
    @_write_schema(s.AccountReasonInput, s.AccountOutput)
    def post(self, request, pk: int):
        data = self.parse(s.AccountReasonInput)
        services.account_disable(
            actor=self.actor, user=self.account(pk), reason=data["reason"], expected_version=data["version"]
        )
        return self.answer(pk)


class AccountEnableAPI(AccountAPIView):
    @_write_schema(s.AccountReasonInput, s.AccountOutput)
    def post(self, request, pk: int):
        data = self.parse(s.AccountReasonInput)
        services.account_enable(
            actor=self.actor, user=self.account(pk), reason=data["reason"], expected_version=data["version"]
        )
        return self.answer(pk)


class AccountResetPasswordAPI(AccountAPIView):
    @_write_schema(s.AccountResetPasswordInput, s.AccountOutput)
    def post(self, request, pk: int):
        data = self.parse(s.AccountResetPasswordInput)
        services.account_reset_password(
            actor=self.actor,
            user=self.account(pk),
            new_password=data["new_password"],
            expected_version=data["version"],
        )
        return self.answer(pk)


class AccountUnlockAPI(AccountAPIView):
    @_write_schema(s.VersionInput, s.AccountOutput)
    def post(self, request, pk: int):
        data = self.parse(s.VersionInput)
        services.account_unlock(actor=self.actor, user=self.account(pk), expected_version=data["version"])
        return self.answer(pk)


class AccountPersonAPI(AccountAPIView):
    @_write_schema(s.AccountLinkPersonInput, s.AccountOutput)
    def post(self, request, pk: int):
        data = self.parse(s.AccountLinkPersonInput)
        person = self.person(data["person"]) if data["person"] else None
        services.account_link_person(
            actor=self.actor, user=self.account(pk), person=person, expected_version=data["version"]
        )
        return self.answer(pk)
