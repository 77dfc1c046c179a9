"""Reading a year's schedule from CSV (columns: date, kind, name), refusing it whole with every bad line.

The State Council's notice arrives as text; administrators type it into a spreadsheet and save it as
CSV, which Excel in China writes in GB18030 with dates like 2027/1/1. Both are accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sunshine.core.errors import FieldError, InvalidInput
from sunshine.core.text import sentences
from sunshine.workdays.choices import DayKind
from sunshine.workdays.errors import CSV_INVALID

MAX_BYTES = 256 * 1024
MAX_ROWS = 366
NAME_MAX = 100
KINDS = {
    "holiday": DayKind.HOLIDAY,
    "节假日": DayKind.HOLIDAY,
    "假日": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "补班": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
}
HEADERS = {
    "date": "date",
    "日期": "date",
    "kind": "kind",
    "类别": "kind",
    "类型": "kind",
    "name": "name",
    "名称": "name",
    "节日": "name",
}
DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass(frozen=True)
class CsvRow:
    line: int
    date: dt.date
    kind: str
    name: str


def decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content.lstrip("\ufeff")
    if len(content) > MAX_BYTES:
        raise _invalid([_("文件超过%(kb)dKB，一年的安排不会这么大") % {"kb": MAX_BYTES // 1024}])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _invalid([_("无法识别文件编码，请另存为 UTF-8 编码的 CSV 文件")])


def parse_date(text: str) -> dt.date | None:
    match = DATE_RE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_schedule_csv(content: bytes | str, *, year: int) -> list[CsvRow]:
    """The rows of a schedule for ``year``, or InvalidInput listing every bad line (field 'file')."""
    text = decode(content)
    reader = csv.reader(io.StringIO(text))
    problems: list[str] = []
    rows: list[CsvRow] = []
    seen: dict[dt.date, int] = {}
    columns = {"date": 0, "kind": 1, "name": 2}
    header_done = False
    data_rows = 0
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:
        raise _invalid(
            [_("第%(line)d行：CSV 格式错误（%(error)s）") % {"line": reader.line_num, "error": error}]
        ) from None
    for line, record in records:
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if not header_done:
            header_done = True
            names = [HEADERS.get(cell.lower()) for cell in cells]
            if names and names[0] is not None:
                if sorted(n for n in names if n) != ["date", "kind", "name"]:
                    problems.append(
                        _("第%(line)d行：表头应为 date,kind,name（日期,类别,名称）") % {"line": line}
                    )
                    break
                columns = {name: index for index, name in enumerate(names) if name}
                continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            problems.append(_("第%(line)d行：数据行超过%(max)d行") % {"line": line, "max": MAX_ROWS})
            break
        problem = _row_problem(cells, line, columns, year, seen)
        if isinstance(problem, str):
            problems.append(problem)
        else:
            rows.append(problem)
            seen[problem.date] = line
    if not rows and not problems:
        problems.append(_("文件中没有数据行（每行：日期,类别,名称）"))
    if problems:
        raise _invalid(problems)
    return rows


def _row_problem(cells, line: int, columns: dict[str, int], year: int, seen) -> CsvRow | str:
    def bad(message: str) -> str:
        return _("第%(line)d行：%(message)s") % {"line": line, "message": message}

    if len(cells) != 3:
        return bad(_("应有3列（日期,类别,名称），实有%(n)d列") % {"n": len(cells)})
    raw_date, raw_kind, name = cells[columns["date"]], cells[columns["kind"]], cells[columns["name"]]
    day = parse_date(raw_date)
    messages = []
    if day is None:
        messages.append(_("日期“%(value)s”无效，应为 YYYY-MM-DD") % {"value": raw_date})
    elif day.year != year:
        messages.append(_("日期%(date)s不属于%(year)d年") % {"date": day.isoformat(), "year": year})
    elif day in seen:
        messages.append(_("日期%(date)s与第%(other)d行重复") % {"date": day.isoformat(), "other": seen[day]})
    kind = KINDS.get(raw_kind.lower())
    if kind is None:
        messages.append(
            _("类别“%(value)s”无效，应为 holiday（节假日）或 workday（调休上班）") % {"value": raw_kind}
        )
    elif kind == DayKind.WORKDAY and day is not None and day.weekday() < 5:
        messages.append(
            _("%(date)s是工作日（周一至周五），调休上班日只能是周六或周日") % {"date": day.isoformat()}
        )
    if not name:
        messages.append(_("名称不能为空"))
    elif len(name) > NAME_MAX:
        messages.append(_("名称不能超过%(max)d个字") % {"max": NAME_MAX})
    if messages:
        return bad(sentences(messages))
    return CsvRow(line, day, str(kind), name)


def _invalid(problems: list[str]) -> InvalidInput:
    """One error for the whole file: a summary as the message, every problem in ``errors``."""
    summary = _("CSV 文件有%(n)d处错误，未导入任何数据，请改正后重新导入") % {"n": len(problems)}
    return InvalidInput(
        CSV_INVALID,
        summary,
        field="file",
        errors=[FieldError("file", CSV_INVALID, problem) for problem in problems],
    )
