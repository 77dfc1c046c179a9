"""The catalogue's import page in the browser: a workbook with a bad cell is refused as a whole,
the page lists the problem and offers the workbook back with the cell marked; a good one lands."""

from __future__ import annotations

from openpyxl import load_workbook
from playwright.sync_api import expect

from sunshine.catalog.models import PowerItem
from sunshine.catalog.tests.test_workbook import filled, item_row
from sunshine.org.tests.factories import account_with_role


def test_an_office_clerk_imports_a_catalogue(page, login, body, department, tmp_path):
    office = account_with_role("office_clerk", unit=body, username="office", full_name="钱办公室")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        filled(
            office,
            body,
            {
                "items": [
                    item_row(code="XK-9", department=department.name),
                    item_row(code="XK-10", category="受贿"),
                ]
            },
        )
    )
    login(office)
    page.goto("/catalog/")
    page.get_by_test_id("import").click()
    page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(str(bad))
    page.get_by_role("button", name="检查并导入").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("权力类别")
    with page.expect_download() as download:
        page.get_by_test_id("marked-workbook").click()
    with open(download.value.path(), "rb") as saved:  # a download has no file extension
        marked = load_workbook(saved)
    assert "错误清单" in marked.sheetnames
    assert not PowerItem.objects.exists()

    good = tmp_path / "good.xlsx"
    good.write_bytes(filled(office, body, {"items": [item_row(code="XK-9", department=department.name)]}))
    page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(str(good))
    page.get_by_role("button", name="检查并导入").click()
    expect(page.get_by_role("status")).to_contain_text("已导入1个事项")
    assert PowerItem.objects.filter(code="XK-9").exists()
