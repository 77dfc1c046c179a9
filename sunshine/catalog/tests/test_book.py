"""The printable catalogue book (PDF): cover, contents, entries, flowcharts and risk tables."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from sunshine.catalog import book
from sunshine.catalog.book import BookFontMissing, FlowchartDrawing, book_font, render_book
from sunshine.catalog.tests.factories import complete_draft, published
from sunshine.core.errors import NotPermitted
from sunshine.flows import engine
from sunshine.org.tests.factories import account_with_role

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (Debian poppler-utils) is not installed: the PDF's text cannot be read back",
)


def text_of(pdf: bytes) -> str:
    """The PDF's text without white space (table cells and diagram labels wrap)."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return re.sub(r"\s+", "", out.decode())


@pytest.fixture
def publisher(department):
    return account_with_role("deputy_leader", unit=department.body, username="deputy", full_name="孙副局长")


@pytest.fixture
def live(clerk, department, legal_reviewer, inspector, publisher):
    return published(clerk, department, legal_reviewer, inspector, publisher, code="XK-001")


@pytest.fixture
def penalty(clerk, department):
    return complete_draft(
        clerk, department, code="CF-001", name="对未按规定储存烟花爆竹的处罚", category="penalty"
    )


def test_the_book_is_a_pdf(clerk, department, live, penalty):
    pdf = render_book(clerk, department.body, [live, penalty])
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # the Chinese TrueType font is embedded


@needs_pdftotext
def test_the_book_holds_cover_contents_and_each_items_entry_flowchart_and_risks(
    clerk, department, live, penalty
):
    text = text_of(render_book(clerk, department.body, [live, penalty]))
    assert "示范县安全生产监督管理局" in text
    assert "目录" in text
    for name in (live.name, penalty.name):
        assert f"{name}权力运行流程图" in text
    assert "烟花爆竹安全管理条例" in text  # legal basis
    assert "营业执照复印件" in text  # material
    assert "12388" in text  # complaint channel
    assert "受理审查" in text  # a step drawn in the permit flowchart
    assert "A级（高）风险点" in text  # the legend of the risk colours
    assert "审查时降低标准、吃拿卡要" in text
    assert "科室负责人复核" in text
    assert "未按规定储存烟花爆竹" in text  # discretion benchmark of the penalty


@needs_pdftotext
def test_without_versions_the_book_prints_the_published_powers(clerk, department, live, penalty):
    text = text_of(render_book(clerk, department.body))
    assert live.name in text
    assert penalty.name not in text
    assert "共1项职权事项" in text


def test_a_user_without_catalog_view_cannot_print_the_book(sysadmin, department, live):
    with pytest.raises(NotPermitted):
        render_book(sysadmin, department.body)


def test_without_a_chinese_truetype_font_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(book, "_registered", None)
    monkeypatch.setattr(book, "FONT_CANDIDATES", (("/nonexistent/font.ttc", 0),))
    monkeypatch.delenv(book.FONT_ENV, raising=False)
    with pytest.raises(BookFontMissing) as refused:
        book_font()
    assert "fonts-wqy-zenhei" in str(refused.value)
    assert book.FONT_ENV in str(refused.value)


def test_the_environment_names_the_font_file(monkeypatch):
    path = next((p for p, _ in book.FONT_CANDIDATES if os.path.isfile(p)), None)
    if path is None:
        pytest.skip("no Chinese TrueType font installed (Debian fonts-wqy-zenhei)")
    monkeypatch.setattr(book, "_registered", None)
    monkeypatch.setattr(book, "FONT_CANDIDATES", ())
    monkeypatch.setenv(book.FONT_ENV, f"{path}:0")
    assert book_font() == book.FONT


def test_a_diagram_too_wide_for_one_page_is_cut_into_legible_parts():
    drawing = FlowchartDrawing(engine.template("penalty"), {}, max_height=400)
    assert drawing.parts(760) == [drawing]  # the standard template fits a landscape page
    assert len(drawing.parts(300)) > 1
    assert all(part.window[1] >= book.MIN_SCALE for part in drawing.parts(300))


def test_steps_with_risk_points_are_coloured_by_grade():
    drawing = FlowchartDrawing(engine.template("permit"), {"Task_review": "A"}, max_height=400)
    steps = {shape.element_id: shape for shape in drawing.shapes}
    assert steps["Task_review"].name == "审查"
    assert drawing.risk_levels["Task_review"] == "A"
    assert {"lane", "participant", "userTask", "exclusiveGateway", "startEvent"} <= {
        s.kind for s in drawing.shapes
    }
    assert drawing.edges
    assert all(len(edge.points) >= 2 for edge in drawing.edges)
