"""Efficiency reports as Excel workbooks (openpyxl, like catalog.workbook): the table of the page
(one sheet), alerts by rule and the monthly trend; a stored evaluation gets one sheet per level.
Always in Chinese, whatever the request's language. Empty figures (a rate without a timed step,
orders at post level) are empty cells, not zeros."""

from __future__ import annotations

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sunshine.oversight.choices import AlertKind
from sunshine.oversight.reports.columns import COLUMNS, LEVEL_LABELS, RULE_COLUMNS

HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
BOLD = Font(bold=True)


def _kind_label(kind: str) -> str:
    return str(AlertKind(kind).label) if kind in AlertKind.values else kind


def _header(sheet, labels) -> None:
    sheet.append([str(label) for label in labels])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _widths(sheet, first: int = 18, rest: int = 12) -> None:
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = first if index <= 2 else rest


def _table(sheet, title: str, level: str, rows: list[dict], totals: dict | None) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    _header(sheet, [LEVEL_LABELS[level], "所属机构", *[label for _k, label, _t in COLUMNS]])
    for row in rows:
        sheet.append([row["name"], row["unit"], *[row.get(key) for key, _l, _t in COLUMNS]])
    if totals is not None:
        sheet.append(["合计", "", *[totals.get(key) for key, _l, _t in COLUMNS]])
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
    for col, (_key, _label, kind) in enumerate(COLUMNS, start=3):
        fmt = "0.0" if kind in ("rate", "hours") else "0"
        for (cell,) in sheet.iter_rows(min_row=3, min_col=col, max_col=col):
            cell.number_format = fmt
    _widths(sheet)


def _rules(sheet, rows: list[dict]) -> None:
    _header(sheet, [label for _k, label in RULE_COLUMNS])
    for row in rows:
        sheet.append([row["rule"], _kind_label(row["kind"]), row["alerts"], row["red"]])
    _widths(sheet, 14, 12)


def _trend(sheet, rows: list[dict]) -> None:
    _header(sheet, ["月份", "办理环节数", "按时率(%)", "预警"])
    for row in rows:
        sheet.append([row["month"], row["steps"], row["on_time_rate"], row["alerts"]])
    _widths(sheet, 12, 12)


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_workbook(report: dict) -> bytes:
    """The page's report: 效能统计 (the table and its total), 预警按规则, 月度趋势."""
    with translation.override("zh-hans"):
        book = Workbook()
        sheet = book.active
        sheet.title = "效能统计"
        level = LEVEL_LABELS[report["level"]]
        title = f"{report['body']['name']} {report['period']['label']} 效能统计（按{level}）"
        _table(sheet, title, report["level"], report["rows"], report["totals"])
        _rules(book.create_sheet("预警按规则"), report["alerts_by_rule"])
        _trend(book.create_sheet("月度趋势"), report["trend"])
        return _save(book)


def evaluation_workbook(evaluation, figures: dict) -> bytes:
    """A stored quarterly evaluation: one sheet per level (科室, 岗位, 人员), then alerts by rule.
    ``figures``: the part the reader may see (evaluations.evaluation_figures)."""
    with translation.override("zh-hans"):
        book = Workbook()
        book.remove(book.active)
        e = evaluation
        head = f"{e.body.name} {e.year}年第{e.quarter}季度效能考核（第{e.revision}版）"
        for level in ("department", "post", "person"):
            sheet = book.create_sheet(f"按{LEVEL_LABELS[level]}")
            _table(
                sheet,
                head,
                level,
                figures["levels"][level],
                figures["totals"] if level == "department" else None,
            )
        _rules(book.create_sheet("预警按规则"), figures["alerts_by_rule"] or [])
        info = book.create_sheet("报告信息")
        for label, value in (
            ("单位", evaluation.body.name),
            ("期间", f"{evaluation.period_start} ~ {evaluation.period_end}"),
            ("版次", evaluation.revision),
            ("生成时间", evaluation.generated_at.isoformat(timespec="minutes")),
            ("生成人", evaluation.generated_by.full_name if evaluation.generated_by_id else "系统定期任务"),
            ("生成说明", evaluation.note),
            ("范围", "全单位" if figures["whole_body"] else "本人数据范围内的科室、岗位和人员"),
        ):
            info.append([label, value])
        _widths(info, 14, 40)
        return _save(book)
