"""The catalogue as an Excel workbook: export, check-everything-first import, marked workbook back."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sunshine.catalog import services
from sunshine.catalog import workbook as layout
from sunshine.catalog.choices import Category, Status
from sunshine.catalog.models import PowerItem, PowerVersion
from sunshine.catalog.tests.factories import complete_draft, published, user_steps
from sunshine.catalog.workbook import (
    CHECK_AUTHOR,
    ERRORS_TITLE,
    SHEETS,
    export_workbook,
    import_workbook,
    template_workbook,
)
from sunshine.core.errors import InvalidInput, NotPermitted
from sunshine.core.models import AuditRecord
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, PostFactory, account_with_role

pytestmark = pytest.mark.django_db

TITLES = {sheet.key: sheet.title for sheet in SHEETS}


@pytest.fixture
def importer(body):
    """An office clerk (办公室): the built-in role that may import the catalogue."""
    return account_with_role("office_clerk", unit=body, username="office", full_name="钱办公室")


def filled(actor, body, sheets: dict[str, list[list]]) -> bytes:
    """The body's empty template with ``sheets`` (sheet key -> rows of values, columns in layout order)."""
    workbook = load_workbook(io.BytesIO(template_workbook(actor, body)))
    for key, rows in sheets.items():
        for row in rows:
            workbook[TITLES[key]].append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def item_row(code="XK-1", name="某许可", category="行政许可", department="安监一股", **kw):
    row = [code, name, category, "对外公开", department, "条件", 20, "工作日", 10, "工作日"]
    row += [kw.get("fees", "不收费"), "", "门户网站", "是", "陈述、申辩", "12388"]
    return row


def content(version: PowerVersion) -> dict:
    """What a version says, without ids, for comparing two versions."""
    fields = [
        "name",
        "category",
        "audience",
        "conditions",
        "statutory_limit",
        "statutory_unit",
        "promised_limit",
        "promised_unit",
        "fees",
        "fee_basis",
        "disclosure",
        "results_public",
        "counterpart_rights",
        "complaint_channel",
    ]
    return {
        "code": version.item.code,
        "department": version.department.name,
        **{f: getattr(version, f) for f in fields},
        "legal": [(b.level, b.statute, b.article, b.text) for b in version.legal_bases.all()],
        "materials": [(m.name, m.copies, m.required, m.note) for m in version.materials.all()],
        "responsibilities": [
            (r.role, r.post and r.post.name, r.collective_body) for r in version.responsibilities.all()
        ],
        "risks": [
            (
                p.step_id,
                p.step_name,
                p.description,
                p.level,
                p.is_main,
                [m.description for m in p.measures.all()],
            )
            for p in version.risk_points.all()
        ],
        "benchmarks": [
            (
                b.violation,
                b.basis,
                [(t.grade, t.circumstances, t.min_amount, t.max_amount) for t in b.tiers.all()],
            )
            for b in version.benchmarks.all()
        ],
        "template": version.flowchart.template,
    }


def comments(data: bytes) -> dict[tuple[str, str], str]:
    """The cells the import marked: (sheet, cell) -> comment."""
    workbook = load_workbook(io.BytesIO(data))
    return {
        (ws.title, cell.coordinate): cell.comment.text
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.comment is not None and cell.comment.author == CHECK_AUTHOR
    }


def test_an_exported_catalogue_imports_into_another_body_unchanged(clerk, department, other_body):
    permit = complete_draft(clerk, department, code="XK-001")
    penalty = complete_draft(
        clerk, department, code="CF-001", name="未按规定储存烟花爆竹的处罚", category="penalty"
    )
    data = export_workbook(clerk, department.body)
    other_department = DepartmentFactory(name="安监一股", code="BODY-2-D1", parent=other_body)
    for code in ("XK-001", "CF-001"):
        PostFactory(unit=other_department, name=f"承办岗{code}")
    office = account_with_role("office_clerk", unit=other_body, username="office2")

    result = import_workbook(office, other_body, data)

    assert result.ok, [e.as_dict() for e in result.errors]
    assert result.counts["items_created"] == 2
    for original in (permit, penalty):
        copy = PowerItem.objects.get(body=other_body, code=original.item.code).latest
        assert content(copy) == content(original)
        assert copy.status == Status.DRAFT
        assert copy.risk_level == original.risk_level != ""  # the power's grade, as the services keep it


def test_import_writes_each_kind_of_row_through_the_services_and_audits(importer, department):
    post = PostFactory(unit=department, name="审批岗")
    data = filled(
        importer,
        department.body,
        {
            "items": [item_row("XK-1"), item_row("CF-1", "某处罚", "penalty", department="BODY-1-D1")],
            "legal_bases": [
                ["XK-1", "行政法规", "某条例", "第三条", "条文"],
                ["CF-1", "law", "某法", "", ""],
            ],
            "materials": [["XK-1", "申请书", 2, "否", ""]],
            "responsibilities": [
                ["XK-1", "审批领导", "审批岗", "", ""],
                ["CF-1", "集体决策", "", "", "局务会"],
            ],
            "risk_points": [
                ["XK-1", "审查", "降低标准", "", 3, 3, 3, "", "公开标准\n复核", "审批岗"],
                ["CF-1", "调查取证", "选择性执法", "B级（中）", 1, 1, 1, "是", "双人执法"],
            ],
            "benchmarks": [
                ["CF-1", "某违法行为", "某法第十条", "轻微", "第一档", "首次", 0, 1000, ""],
                ["CF-1", "某违法行为", "", "严重", "第二档", "多次", "1,000", "5000", "责令停业"],
            ],
        },
    )

    result = import_workbook(importer, department.body, data)

    assert result.ok, [e.as_dict() for e in result.errors]
    permit = PowerItem.objects.get(code="XK-1").latest
    penalty = PowerItem.objects.get(code="CF-1").latest
    assert (permit.category, permit.department, permit.results_public) == ("permit", department, True)
    assert [(m.name, m.copies, m.required) for m in permit.materials.all()] == [("申请书", 2, False)]
    assert permit.responsibilities.get().post == post
    risk = permit.risk_points.get()
    assert (risk.step_name, risk.level, risk.is_main, risk.responsible_post) == ("审查", "A", True, post)
    assert [m.description for m in risk.measures.all()] == ["公开标准", "复核"]
    assert penalty.flowchart.template == "penalty"
    assert penalty.risk_points.get().level == "B"
    tiers = penalty.benchmarks.get().tiers.all()
    assert [(t.min_amount, t.max_amount) for t in tiers] == [(Decimal(0), Decimal(1000)), (1000, 5000)]
    assert result.counts == {
        "items_created": 2,
        "legal_bases": 2,
        "materials": 1,
        "responsibilities": 2,
        "flowcharts": 2,
        "risk_points": 2,
        "measures": 3,
        "benchmarks": 1,
        "tiers": 2,
    }
    assert AuditRecord.objects.filter(action="catalog.item_import").count() == 2
    assert AuditRecord.objects.filter(action="catalog.import").count() == 1


def test_bad_cells_on_several_sheets_write_nothing_and_come_back_marked(importer, department):
    data = filled(
        importer,
        department.body,
        {
            "items": [
                item_row("XK-1"),
                item_row("XK-2", category="受贿"),  # C4
                item_row("XK-1", name="重复"),  # A5
                item_row("XK-3", department="不存在的股"),  # E6
            ],
            "legal_bases": [["XK-1", "法律", "某法"], ["XK-9", "法律", "某法"]],  # A4
            "materials": [["XK-1", ""]],  # B3
            "risk_points": [
                ["XK-1", "没有的环节", "某风险", "", 2],  # B3
                ["XK-1", "审查", "某风险", "", 5],  # E4
            ],
            "benchmarks": [["XK-1", "某行为", "", "轻微", "", "情节", 5000, 1000]],  # G3
        },
    )
    audits = (
        AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )  # ids, not a count: PostgreSQL skips some

    result = import_workbook(importer, department.body, data)

    assert not result.ok
    assert not PowerItem.objects.exists()
    assert AuditRecord.objects.count() == audits
    marked = comments(result.workbook)
    assert set(marked) == {
        ("事项", "C4"),
        ("事项", "A5"),
        ("事项", "E6"),
        ("法律依据", "A4"),
        ("申请材料", "B3"),
        ("风险点", "B3"),
        ("风险点", "E4"),
        ("裁量基准", "G3"),
    }
    assert "受贿" in marked[("事项", "C4")]
    assert "第3行" in marked[("事项", "A5")]
    assert "审查" in marked[("风险点", "B3")]  # names the steps one may choose
    listed = load_workbook(io.BytesIO(result.workbook))[ERRORS_TITLE]
    assert listed.max_row == 1 + len(result.errors) == 9


def test_a_fixed_workbook_loses_its_old_marks_when_marked_again(importer, department):
    bad = filled(importer, department.body, {"items": [item_row("XK-1", category="受贿"), item_row("XK-2")]})
    first = import_workbook(importer, department.body, bad)
    workbook = load_workbook(io.BytesIO(first.workbook))
    workbook["事项"]["C3"] = "行政许可"
    workbook["事项"]["C4"] = "受贿"
    out = io.BytesIO()
    workbook.save(out)

    second = import_workbook(importer, department.body, out.getvalue())

    assert set(comments(second.workbook)) == {("事项", "C4")}
    assert load_workbook(io.BytesIO(second.workbook)).sheetnames.count(ERRORS_TITLE) == 1


def test_a_file_that_is_not_a_workbook_is_refused_clearly(importer, department):
    with pytest.raises(InvalidInput) as refused:
        import_workbook(importer, department.body, b"name,code\n")
    assert refused.value.code == "workbook_unreadable"
    assert ".xlsx" in refused.value.message


def test_a_workbook_without_the_items_sheet_is_refused(importer, department):
    workbook = load_workbook(io.BytesIO(template_workbook(importer, department.body)))
    del workbook["事项"]
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(InvalidInput) as refused:
        import_workbook(importer, department.body, out.getvalue())
    assert refused.value.code == "workbook_no_items_sheet"


@pytest.mark.parametrize("persona", ["clerk", "inspector"])
def test_only_holders_of_the_import_permission_import(persona, request, department):
    actor = request.getfixturevalue(persona)
    with pytest.raises(NotPermitted):
        import_workbook(actor, department.body, b"whatever")
    assert not PowerItem.objects.exists()


def test_rows_outside_the_importers_scope_are_refused_on_their_department(department):
    other = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=department.body)
    office = account_with_role("office_clerk", unit=department, scope=DataScope.OWN_DEPARTMENT)
    data = filled(
        office, department.body, {"items": [item_row("XK-1"), item_row("XK-2", department=other.name)]}
    )

    result = import_workbook(office, department.body, data)

    assert set(comments(result.workbook)) == {("事项", "E4")}
    assert not PowerItem.objects.exists()


def test_a_published_item_gets_a_new_draft_version_and_a_draft_is_updated(
    clerk, importer, department, leader, legal_reviewer, inspector
):
    publisher = account_with_role("deputy_leader", unit=department.body, username="deputy")
    live = published(clerk, department, legal_reviewer, inspector, publisher, code="XK-001")
    draft = complete_draft(clerk, department, code="XK-002", name="某草稿事项")
    data = export_workbook(importer, department.body)
    workbook = load_workbook(io.BytesIO(data))
    workbook["事项"]["K3"] = "每件100元"  # fees of XK-001
    workbook["事项"]["B4"] = "改名后的草稿事项"
    out = io.BytesIO()
    workbook.save(out)

    result = import_workbook(importer, department.body, out.getvalue())

    assert result.ok, [e.as_dict() for e in result.errors]
    assert (result.counts["versions_created"], result.counts["drafts_updated"]) == (1, 1)
    item = PowerItem.objects.get(code="XK-001")
    assert (item.current, item.latest.number, item.latest.fees) == (live, 2, "每件100元")
    assert item.latest.change_note == "Excel 导入"
    live.refresh_from_db()
    assert live.fees == "不收费"
    draft.refresh_from_db()
    assert (draft.name, draft.number, draft.risk_points.count()) == ("改名后的草稿事项", 1, 1)


def test_an_item_under_review_is_refused(clerk, importer, department):
    version = complete_draft(clerk, department, code="XK-001")
    services.version_submit(actor=clerk, version=version, expected_version=version.version)
    data = export_workbook(importer, department.body)

    result = import_workbook(importer, department.body, data)

    assert not result.ok
    assert [(e.sheet, e.cell, e.code) for e in result.errors] == [("事项", "A3", "version_wrong_state")]


def test_choices_are_read_from_their_label_or_their_value(importer, department):
    data = filled(
        importer, department.body, {"items": [item_row("XK-1", category="permit"), item_row("XK-2")]}
    )
    result = import_workbook(importer, department.body, data)
    assert result.ok
    assert set(PowerVersion.objects.values_list("category", flat=True)) == {Category.PERMIT}


def test_a_refusal_while_writing_rolls_everything_back_and_names_its_row(importer, department, monkeypatch):
    def refuse(**kwargs):
        raise InvalidInput("invalid", "模拟的拒绝", field="items.1.benchmarks.0.tiers.1.min_amount")

    monkeypatch.setattr(services, "items_import", refuse)
    data = filled(
        importer,
        department.body,
        {
            "items": [item_row("XK-1"), item_row("CF-1", category="行政处罚")],
            "benchmarks": [
                ["CF-1", "某行为", "", "轻微", "", "首次", 0, 100],
                ["CF-1", "某行为", "", "严重", "", "多次", 100, 1000],
            ],
        },
    )

    result = import_workbook(importer, department.body, data)

    assert not result.ok
    assert [(e.sheet, e.cell, e.message) for e in result.errors] == [("裁量基准", "G4", "模拟的拒绝")]
    assert not PowerItem.objects.exists()


def test_risk_steps_may_be_named_by_element_id(importer, department, clerk):
    data = filled(
        importer,
        department.body,
        {
            "items": [item_row("XK-1")],
            "risk_points": [["XK-1", "Task_decide", "某风险", "C", 1, 1, 1, "是", "措施"]],
        },
    )
    assert import_workbook(importer, department.body, data).ok
    version = PowerItem.objects.get().latest
    point = version.risk_points.get()
    assert point.step_id in {s["element_id"] for s in user_steps(version)}
    assert point.step_name == "作出决定"


def test_export_of_published_versions_leaves_out_drafts(clerk, department, legal_reviewer, inspector):
    publisher = account_with_role("deputy_leader", unit=department.body, username="deputy")
    published(clerk, department, legal_reviewer, inspector, publisher, code="XK-001")
    complete_draft(clerk, department, code="XK-002")
    workbook = load_workbook(io.BytesIO(export_workbook(clerk, department.body, published=True)))
    codes = [row[0] for row in workbook["事项"].iter_rows(min_row=3, values_only=True)]
    assert codes == ["XK-001"]
    assert workbook["下拉选项"].sheet_state == "hidden"
    assert workbook["事项"].freeze_panes == "B3"


def test_reimporting_an_unchanged_catalogue_changes_nothing(
    clerk, importer, department, legal_reviewer, inspector
):
    publisher = account_with_role("deputy_leader", unit=department.body, username="deputy")
    published(clerk, department, legal_reviewer, inspector, publisher, code="XK-001")
    complete_draft(clerk, department, code="CF-001", name="某处罚", category="penalty")
    data = export_workbook(importer, department.body)
    audits = (
        AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )  # ids, not a count: PostgreSQL skips some

    result = import_workbook(importer, department.body, data)

    assert result.ok
    assert result.counts == {"unchanged": 2}
    assert PowerVersion.objects.count() == 2
    assert list(AuditRecord.objects.filter(pk__gt=audits).values_list("action", flat=True)) == [
        "catalog.import"
    ]


def test_a_changed_row_replaces_only_that_kind_of_rows(clerk, importer, department):
    draft = complete_draft(clerk, department, code="XK-001")
    workbook = load_workbook(io.BytesIO(export_workbook(importer, department.body)))
    workbook["申请材料"].append(["XK-001", "安全评价报告", 1, "是", ""])
    out = io.BytesIO()
    workbook.save(out)

    result = import_workbook(importer, department.body, out.getvalue())

    assert result.counts == {"drafts_updated": 1, "materials": 3}
    assert [m.name for m in draft.materials.all()] == ["申请书", "营业执照复印件", "安全评价报告"]
    assert AuditRecord.objects.filter(action="catalog.risk_point_remove").count() == 0


def test_the_fast_reader_reads_what_openpyxl_reads(clerk, department):
    complete_draft(clerk, department, code="CF-001", name="某处罚", category="penalty")
    data = filled(clerk, department.body, {"items": [item_row("XK-1", fees=3.5), [" XK-2 ", "名称", True]]})
    fast = layout._FastBook(zipfile.ZipFile(io.BytesIO(data)))
    slow = layout._OpenpyxlBook(data)
    for sheet in SHEETS:
        ours, theirs = layout._read_table(fast, sheet), layout._read_table(slow, sheet)
        assert (ours.columns, ours.rows) == (theirs.columns, theirs.rows)


def test_a_file_the_fast_reader_does_not_understand_is_read_by_openpyxl(importer, department, monkeypatch):
    def refuse(archive):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr(layout, "_FastBook", refuse)
    result = import_workbook(
        importer, department.body, filled(importer, department.body, {"items": [item_row()]})
    )
    assert result.ok
    assert PowerItem.objects.get().code == "XK-1"
