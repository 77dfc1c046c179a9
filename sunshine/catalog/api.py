"""The catalog API (/api/v1/catalog/): power items and versions, their parts, risk points,
discretion benchmarks, flowcharts, the life cycle, personal power lists and the completeness
report. Thin views: parse, call a selector or service, answer (core.api maps domain errors)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.catalog import selectors, services
from sunshine.catalog import serializers as s
from sunshine.catalog.models import Measure, RiskPoint
from sunshine.catalog.services.checks import publication_problems
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput, NotFound
from sunshine.core.permissions import require_permission
from sunshine.flows.services import flowchart_from_template, flowchart_save
from sunshine.org import selectors as org_selectors
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref


class CatalogAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def version(self, pk: int):
        return selectors.version_get(actor=self.actor, pk=pk)

    def unit(self, pk: int, field: str, perm: str = "catalog.view"):
        return ref(org_selectors.unit_get, field, actor=self.actor, unit_id=pk, perm=perm)

    def detail(self, version, status: int = 200) -> Response:
        return Response(s.VersionOutput(self.version(version.pk)).data, status=status)


def _write(request, output=s.VersionOutput, status=200):
    return extend_schema(request=request, responses={status: output, **ERROR_RESPONSES})


SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="name or code contains"),
    OpenApiParameter("category", OpenApiTypes.STR, enum=list(s.Category.values)),
    OpenApiParameter("department", OpenApiTypes.INT, description="the department and its subunits"),
    OpenApiParameter("risk_level", OpenApiTypes.STR, enum=["A", "B", "C"]),
    OpenApiParameter("status", OpenApiTypes.STR),
    OpenApiParameter("body", OpenApiTypes.INT),
]


class ItemListAPI(CatalogAPIView):
    @extend_schema(
        operation_id="catalog_items_list",
        parameters=[*SEARCH_PARAMETERS, *PAGE_PARAMETERS],
        responses={200: paginated(s.VersionSummaryOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The latest version of every power item in scope, searched."""
        params = request.query_params

        def number(name):
            value = params.get(name) or None
            return int(value) if value and value.isdigit() else (-1 if value else None)

        versions = selectors.version_search(
            actor=self.actor,
            q=params.get("q", ""),
            category=params.get("category", ""),
            department=number("department"),
            risk_level=params.get("risk_level", ""),
            status=params.get("status", ""),
            body=number("body"),
        )
        return self.paginate(versions, s.VersionSummaryOutput)

    @_write(s.ItemCreateInput, status=201)
    def post(self, request):
        """Register a power: the item and its first version (a draft)."""
        data = dict(self.parse(s.ItemCreateInput))
        body_id, department_id = data.pop("body", None), data.pop("department", None)
        if department_id is None and body_id is None:
            raise InvalidInput("required", _("请选择责任科室"), field="department")
        if department_id is not None:
            department = self.unit(department_id, "department", "catalog.edit")
            body = department.body
        else:
            department = body = self.unit(body_id, "body", "catalog.edit")
        template = data.pop("template", None)
        version = services.item_create(actor=self.actor, body=body, department=department, **data)
        if template:
            flowchart_from_template(actor=self.actor, version=version, template=template)
        return self.detail(version, 201)


class VersionDetailAPI(CatalogAPIView):
    @extend_schema(responses={200: s.VersionOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.VersionOutput(self.version(pk)).data)

    @_write(s.VersionUpdateInput)
    def patch(self, request, pk: int):
        """Change a draft's fields (409 if it changed since ``expected_version``)."""
        version = self.version(pk)
        data = dict(self.parse(s.VersionUpdateInput, partial=True))
        if "department" in data:
            data["department"] = self.unit(data["department"], "department", "catalog.edit")
        expected = data.pop("expected_version", version.version)
        services.version_update(actor=self.actor, version=version, expected_version=expected, **data)
        return self.detail(version)


class ItemVersionsAPI(CatalogAPIView):
    @extend_schema(responses={200: s.VersionSummaryOutput(many=True), **ERROR_RESPONSES})
    def get(self, request, pk: int):
        item = selectors.item_get(actor=self.actor, pk=pk)
        return Response(s.VersionSummaryOutput(selectors.item_versions(item), many=True).data)

    @_write(s.NewVersionInput, status=201)
    def post(self, request, pk: int):
        """Start a new draft version of a published power."""
        item = selectors.item_get(actor=self.actor, pk=pk)
        version = services.version_new(actor=self.actor, item=item, **self.parse(s.NewVersionInput))
        return self.detail(version, 201)


def _parts_view(name: str, row_input, service):
    class PartsAPI(CatalogAPIView):
        @_write(row_input(many=True))
        def put(self, request, pk: int):
            version = self.version(pk)
            rows = self.parse(row_input, data=request.data, many=True)
            service(actor=self.actor, version=version, rows=[dict(r) for r in rows])
            return self.detail(version)

    PartsAPI.__name__ = PartsAPI.__qualname__ = f"{name}API"
    return PartsAPI


LegalBasesAPI = _parts_view("LegalBases", s.LegalBasisInput, services.legal_bases_set)
MaterialsAPI = _parts_view("Materials", s.MaterialInput, services.materials_set)
ResponsibilitiesAPI = _parts_view("Responsibilities", s.ResponsibilityInput, services.responsibilities_set)


class BenchmarksAPI(CatalogAPIView):
    @_write(s.BenchmarksInput)
    def put(self, request, pk: int):
        """Replace a penalty draft's discretion benchmarks (CAT-127)."""
        version = self.version(pk)
        data = self.parse(s.BenchmarksInput)
        benchmarks = [{**b, "tiers": [dict(t) for t in b["tiers"]]} for b in data["benchmarks"]]
        services.benchmarks_set(actor=self.actor, version=version, benchmarks=benchmarks)
        return self.detail(version)


class RiskPointListAPI(CatalogAPIView):
    @_write(s.RiskPointInput, status=201)
    def post(self, request, pk: int):
        version = self.version(pk)
        data = dict(self.parse(s.RiskPointInput))
        services.risk_point_add(actor=self.actor, version=version, **data)
        return self.detail(version, 201)


def _risk_point(actor, pk: int) -> RiskPoint:
    point = RiskPoint.objects.select_related("version").filter(pk=pk).first()
    if point is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"))
    selectors.version_get(actor=actor, pk=point.version_id)  # the scope check
    return point


class RiskPointDetailAPI(CatalogAPIView):
    @_write(s.RiskPointUpdateInput)
    def patch(self, request, pk: int):
        point = _risk_point(self.actor, pk)
        data = dict(self.parse(s.RiskPointUpdateInput, partial=True))
        expected = data.pop("expected_version", point.version.version)
        services.risk_point_update(actor=self.actor, point=point, expected_version=expected, **data)
        return self.detail(point.version)

    @extend_schema(responses={204: None, **ERROR_RESPONSES})
    def delete(self, request, pk: int):
        point = _risk_point(self.actor, pk)
        services.risk_point_remove(actor=self.actor, point=point)
        return Response(status=204)


class MeasureListAPI(CatalogAPIView):
    @_write(s.MeasureInput, status=201)
    def post(self, request, pk: int):
        point = _risk_point(self.actor, pk)
        services.measure_add(actor=self.actor, point=point, **self.parse(s.MeasureInput))
        return self.detail(point.version, 201)


class MeasureDetailAPI(CatalogAPIView):
    @extend_schema(responses={204: None, **ERROR_RESPONSES})
    def delete(self, request, pk: int):
        measure = Measure.objects.select_related("risk_point").filter(pk=pk).first()
        if measure is None:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"))
        _risk_point(self.actor, measure.risk_point_id)
        services.measure_remove(actor=self.actor, measure=measure)
        return Response(status=204)


class FlowchartAPI(CatalogAPIView):
    @_write(s.FlowchartInput)
    def put(self, request, pk: int):
        """Store a draft's BPMN diagram, or start it from a built-in template."""
        version = self.version(pk)
        data = self.parse(s.FlowchartInput)
        if data.get("template"):
            flowchart_from_template(actor=self.actor, version=version, template=data["template"])
        else:
            flowchart_save(
                actor=self.actor,
                version=version,
                xml=data.get("xml", ""),
                expected_version=data.get("expected_version"),
            )
        return self.detail(version)


class ProblemsAPI(CatalogAPIView):
    @extend_schema(responses={200: s.ProblemOutput(many=True), **ERROR_RESPONSES})
    def get(self, request, pk: int):
        """What stops the version being published, each with its rule (empty: none)."""
        version = self.version(pk)
        return Response([p.as_dict() for p in publication_problems(version)])


class SubmitAPI(CatalogAPIView):
    @_write(s.ExpectedVersionInput)
    def post(self, request, pk: int):
        version = self.version(pk)
        services.version_submit(actor=self.actor, version=version, **self.parse(s.ExpectedVersionInput))
        return self.detail(version)


class ReviewAPI(CatalogAPIView):
    @_write(s.ReviewInput, status=201)
    def post(self, request, pk: int):
        version = self.version(pk)
        services.version_review(actor=self.actor, version=version, **self.parse(s.ReviewInput))
        return self.detail(version, 201)


class PublishAPI(CatalogAPIView):
    @_write(s.ExpectedVersionInput)
    def post(self, request, pk: int):
        version = self.version(pk)
        services.version_publish(actor=self.actor, version=version, **self.parse(s.ExpectedVersionInput))
        return self.detail(version)


class PostPowersAPI(CatalogAPIView):
    @extend_schema(responses={200: s.PowerEntryOutput(many=True), **ERROR_RESPONSES})
    def get(self, request, pk: int):
        """The personal power list of a post (CAT-1): powers in force that name it."""
        post = selectors.post_get(actor=self.actor, pk=pk)
        return Response(s.PowerEntryOutput(selectors.post_powers(post), many=True).data)


class PersonPowersAPI(CatalogAPIView):
    @extend_schema(responses={200: s.PowerEntryOutput(many=True), **ERROR_RESPONSES})
    def get(self, request, pk: int):
        """The personal power list of a person: the powers of every post they hold now."""
        person = selectors.person_get(actor=self.actor, pk=pk)
        entries = [entry for _post, entries in selectors.person_powers(person) for entry in entries]
        return Response(s.PowerEntryOutput(entries, many=True).data)


class ReportAPI(CatalogAPIView):
    @extend_schema(
        parameters=[OpenApiParameter("body", OpenApiTypes.INT)],
        responses={200: s.ReportRowOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Completeness per department: items lacking each element, risk points by grade, posts
        without a personal power list."""
        require_permission(self.actor, "catalog.view")
        body_id = request.query_params.get("body")
        body = self.unit(int(body_id), "body") if body_id and body_id.isdigit() else None
        return Response(
            s.ReportRowOutput(selectors.completeness_report(actor=self.actor, body=body), many=True).data
        )
