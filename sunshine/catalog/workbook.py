"""The power catalogue as an Excel workbook (权力清单 Excel 导入导出, openpyxl).

Layout: one sheet per kind of data (事项, 法律依据, 申请材料, 责任岗位, 风险点, 裁量基准). Row 1 holds the
Chinese headers (``*`` marks a required column), row 2 the English keys (hidden), data starts on row 3;
the import finds each column by its Chinese header or its English key, so columns may be moved and a
sheet typed by hand without row 2 works too. Choices are written as their Chinese labels and read back
from the label or the value (行政许可 or permit). A hidden sheet 下拉选项 feeds the drop-down lists.

Import semantics (items are keyed by code within the body the user picked):

* a code the body does not hold: a new power item whose first version is a draft (item_create);
* a code whose latest version is a draft: that draft is updated (version_update);
* a code whose latest version is published (or superseded): a new draft version is started from it
  (version_new) and updated; the published version stays in force until the new one is reviewed and
  published (AUD-4);
* a code whose latest version is submitted or reviewed: refused on its cell, it is being reviewed;
* a child sheet present in the file is the whole list of that kind for every item of the 事项 sheet
  (no rows for an item clears them); a sheet left out of the file leaves that kind as it was. Items of
  the body missing from the file are not touched: an import never deletes an item;
* an existing item is compared with its rows first: only the fields and the kinds of rows that differ
  are written, and an item without a difference is left alone (no new version, no audit record), so
  that re-importing an exported catalogue after editing a few cells changes just those items.

Every row is checked before anything is written; with any problem nothing is written and the user gets
their workbook back with each bad cell filled red and commented, and a sheet 错误清单 listing them. The
write is one transaction through the catalog services (which check permission and scope and audit each
change); a refusal there rolls everything back and is reported on its row. The workbook is always in
Chinese, whatever the request's language.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import posixpath
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from sunshine.catalog import errors as catalog_errors
from sunshine.catalog import services
from sunshine.catalog.choices import (
    Audience,
    Category,
    LegalLevel,
    PeriodUnit,
    ResponsibleRole,
    RiskLevel,
    Status,
)
from sunshine.catalog.models import (
    DiscretionBenchmark,
    PowerItem,
    PowerVersion,
    Responsibility,
    RiskPoint,
)
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import DomainError, InvalidInput, NotFound
from sunshine.core.permissions import require_permission, scope_q
from sunshine.org.models import Person, Post, Unit

__all__ = [
    "SHEETS",
    "CellError",
    "ImportResult",
    "export_workbook",
    "import_workbook",
    "mark_workbook",
    "template_workbook",
]

# Error codes of the import (STYLE §2); the messages are for people.
UNREADABLE = "workbook_unreadable"
TOO_LARGE = "workbook_too_large"
NO_ITEMS_SHEET = "workbook_no_items_sheet"
MISSING_COLUMN = "workbook_missing_column"
HAS_ERRORS = "workbook_has_errors"

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # a zip bomb is refused before openpyxl inflates it
MAX_ROWS = 100_000  # per sheet
MAX_MARKED = 5_000  # cells marked in the returned workbook; the error list names them all
LANGUAGE = "zh-hans"
FIRST_ROW = 3  # row 1 Chinese headers, row 2 English keys
CHECK_AUTHOR = "导入检查"
LISTS_TITLE = "下拉选项"
ERRORS_TITLE = "错误清单"
DEFAULT_CHANGE_NOTE = "Excel 导入"

HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
BAD_FILL = PatternFill("solid", fgColor="FFFF9C9C")
BAD_FONT = Font(color="FF9C0006")
WRAP = Alignment(wrap_text=True, vertical="top")


# --- Layout -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a sheet: ``key`` (row 2, the service's field name where there is one), Chinese
    ``label`` (row 1), the kind of value and how it is checked."""

    key: str
    label: str
    width: int = 14
    required: bool = False
    kind: str = "text"  # text choice limit count rating amount bool unit post person step lines info
    choices: type[models.TextChoices] | None = None
    max_length: int = 5000
    note: str = ""

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


_CODE = Column("item_code", "事项编码", 14, True, max_length=50, note="须是“事项”表中的编码")

ITEMS = Sheet(
    "items",
    "事项",
    (
        Column("code", "事项编码", 14, True, max_length=50, note="本单位内唯一；已有的编码更新该事项"),
        Column("name", "事项名称", 32, True, max_length=200),
        Column("category", "权力类别", 14, True, "choice", Category),
        Column("audience", "公开范围", 10, kind="choice", choices=Audience, note="空白为“对外公开”"),
        Column("department", "责任科室", 18, kind="unit", note="科室名称或机构代码；空白为本单位"),
        Column("conditions", "办理条件", 30),
        Column("statutory_limit", "法定时限", 9, kind="limit", note="1至3650的整数"),
        Column("statutory_unit", "法定时限单位", 9, kind="choice", choices=PeriodUnit),
        Column("promised_limit", "承诺时限", 9, kind="limit", note="1至3650的整数，不长于法定时限"),
        Column("promised_unit", "承诺时限单位", 9, kind="choice", choices=PeriodUnit),
        Column("fees", "收费标准", 16, note="不收费的写“不收费”"),
        Column("fee_basis", "收费依据", 20),
        Column("disclosure", "公开方式", 18),
        Column("results_public", "办理结果公开", 9, kind="bool", note="是或否"),
        Column("counterpart_rights", "相对人权利", 30),
        Column("complaint_channel", "投诉举报渠道", 24),
        Column("change_note", "修订说明", 20, note="更新已发布事项时记入新版本"),
        Column("number", "版本号", 7, kind="info", note="导出时填写，导入时不读"),
        Column("status", "状态", 10, kind="info", note="导出时填写，导入时不读"),
    ),
)
LEGAL = Sheet(
    "legal_bases",
    "法律依据",
    (
        _CODE,
        Column("level", "效力层级", 14, kind="choice", choices=LegalLevel, note="空白为“法律”"),
        Column("statute", "法律法规名称", 30, True, max_length=200),
        Column("article", "条款", 14, max_length=100),
        Column("text", "条文内容", 60),
    ),
)
MATERIALS = Sheet(
    "materials",
    "申请材料",
    (
        _CODE,
        Column("name", "材料名称", 30, True, max_length=200),
        Column("copies", "份数", 7, kind="count", note="空白为1份"),
        Column("required", "必须提交", 9, kind="bool", note="是或否；空白为“是”"),
        Column("note", "说明", 30, max_length=300),
    ),
)
RESPONSIBILITIES = Sheet(
    "responsibilities",
    "责任岗位",
    (
        _CODE,
        Column("role", "职责", 12, True, "choice", ResponsibleRole),
        Column("post", "岗位", 22, kind="post", note="本单位的岗位名称；重名时写“科室/岗位”"),
        Column("person", "人员", 14, kind="person", note="本单位人员姓名；重名时写“科室/姓名”"),
        Column("collective_body", "集体决策机构", 16, max_length=100, note="如：局务会、党组会"),
    ),
)
RISKS = Sheet(
    "risk_points",
    "风险点",
    (
        _CODE,
        Column("step", "流程环节", 18, True, "step", max_length=100, note="流程图中环节的名称或标识"),
        Column("description", "风险描述", 36, True, max_length=2000),
        Column("level", "风险等级", 10, kind="choice", choices=RiskLevel, note="空白按三项评分建议"),
        Column("importance", "权力重要程度", 9, kind="rating", note="1低 2中 3高，空白为2"),
        Column("frequency", "行使频率", 9, kind="rating", note="1低 2中 3高，空白为2"),
        Column("likelihood", "发生可能性", 9, kind="rating", note="1低 2中 3高，空白为2"),
        Column("is_main", "主要风险点", 9, kind="bool", note="是或否；每个事项至多一个"),
        Column("measures", "防控措施", 40, kind="lines", max_length=2000, note="每行一条措施"),
        Column("responsible_post", "防控责任岗位", 18, kind="post"),
        Column("responsible_person", "防控责任人", 12, kind="person"),
    ),
)
BENCHMARKS = Sheet(
    "benchmarks",
    "裁量基准",
    (
        _CODE,
        Column("violation", "违法行为", 30, True, max_length=300, note="同一事项同一违法行为的各行为其各档"),
        Column("basis", "处罚依据", 30),
        Column("grade", "裁量等级", 10, True, max_length=50, note="如：轻微、一般、严重"),
        Column("band", "裁量档次", 10, max_length=50, note="如：第一档"),
        Column("circumstances", "违法情节", 36, True, max_length=2000),
        Column("min_amount", "罚款下限（元）", 12, kind="amount"),
        Column("max_amount", "罚款上限（元）", 12, kind="amount"),
        Column("measure", "处罚种类或措施", 24, max_length=300, note="无罚款幅度时必填"),
    ),
)
SHEETS: tuple[Sheet, ...] = (ITEMS, LEGAL, MATERIALS, RESPONSIBILITIES, RISKS, BENCHMARKS)
CHILD_SHEETS = SHEETS[1:]

# What a value may be written as besides its label and its value.
_ALIASES: dict[type[models.TextChoices], dict[str, str]] = {
    RiskLevel: {"a级": "A", "高": "A", "b级": "B", "中": "B", "c级": "C", "低": "C"},
    PeriodUnit: {"天": PeriodUnit.DAYS, "自然日": PeriodUnit.DAYS, "工作日": PeriodUnit.WORKDAYS},
    Audience: {"对外": Audience.EXTERNAL, "内部": Audience.INTERNAL},
}
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "公开", "必须"}
_FALSE = {"否", "n", "no", "false", "0", "\u00d7", "不公开", "非必须"}
_RATINGS = {"1": 1, "2": 2, "3": 3, "低": 1, "中": 2, "高": 3}


def _norm(value: str) -> str:
    return re.sub(r"\s+", "", value).replace("（", "(").replace("）", ")").lower()


def _choice_map(choices: type[models.TextChoices]) -> dict[str, str]:
    out = {_norm(v): v for v in choices.values}
    out.update({_norm(str(label)): v for v, label in choices.choices})
    out.update({_norm(k): str(v) for k, v in _ALIASES.get(choices, {}).items()})
    return out


# --- Errors and the result --------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """One problem of the workbook: sheet title, row and column numbers (1-based; column None when the
    column is absent), the column's key and Chinese label, and a Chinese message."""

    sheet: str
    row: int
    column: int | None
    key: str
    label: str
    message: str
    code: str = "invalid"

    @property
    def cell(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}" if self.column else f"{self.row}"

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "field": self.key,
            "label": self.label,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What import_workbook did. ``ok``: everything was written and ``counts`` says how much; else
    nothing was written, ``errors`` lists the problems and ``workbook`` is the user's file with them
    marked (bytes of an .xlsx to send back)."""

    ok: bool
    errors: list[CellError] = field(default_factory=list)
    workbook: bytes | None = None
    counts: dict[str, int] = field(default_factory=dict)
    version_ids: list[int] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.ok:
            return _("已导入%(n)d个事项") % {"n": len(self.version_ids)}
        return _("工作簿中有%(n)d处问题，未导入任何数据；请按标红的单元格修改后重新导入") % {
            "n": len(self.errors)
        }


# --- Values -----------------------------------------------------------------------------------------


class _Bad(ValueError):
    """A cell's value is wrong; the message is for people."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return str(value).strip()


def _integer(value, low: int, high: int, label: str) -> int:
    text = _text(value).replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number != number.to_integral_value() or not low <= number <= high:
        raise _Bad(_("%(label)s须为%(low)d至%(high)d的整数") % {"label": label, "low": low, "high": high})
    return int(number)


def _amount(value, label: str) -> Decimal:
    text = _text(value).replace(",", "").replace("，", "").removesuffix("元")
    try:
        number = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise _Bad(_("%(label)s须为不小于0的金额（元），如 3000") % {"label": label}) from None
    if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
        raise _Bad(_("%(label)s须为不小于0的金额（元），如 3000") % {"label": label})
    return number


@dataclass
class _Row:
    number: int
    values: dict[str, object]


@dataclass
class _Table:
    sheet: Sheet
    present: bool
    columns: dict[str, int] = field(default_factory=dict)  # key -> column number
    rows: list[_Row] = field(default_factory=list)


@dataclass
class _Child:
    number: int  # the row of the sheet it came from
    data: dict
    tiers: list[_Child] = field(default_factory=list)  # benchmarks: one child per tier row


@dataclass
class _Item:
    number: int
    code: str
    fields: dict
    existing: PowerVersion | None = None
    steps: list[dict] | None = None
    template: str = ""
    children: dict[str, list[_Child]] = field(default_factory=lambda: defaultdict(list))


# --- Reading ----------------------------------------------------------------------------------------


def _unreadable() -> InvalidInput:
    return InvalidInput(
        UNREADABLE, _("无法读取该文件：请上传 Excel 工作簿（.xlsx 格式，可先用本系统导出的模板填写）")
    )


def _open_check(data: bytes) -> None:
    """Refuse what is not a zip package, or one too big (a zip bomb is refused before inflating it)."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise _unreadable()
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            TOO_LARGE, _("文件过大（超过%(n)d MB），请分批导入") % {"n": MAX_FILE_BYTES // 1024 // 1024}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unreadable() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InvalidInput(TOO_LARGE, _("工作簿内容过大，请分批导入"))


def _open(data: bytes, *, read_only: bool):
    """The workbook in ``data`` (openpyxl), or InvalidInput saying the file is not one we can read."""
    _open_check(data)
    try:
        # Reading takes the values Excel computed; marking keeps the user's formulas as they were.
        return load_workbook(io.BytesIO(data), read_only=read_only, data_only=read_only)
    except Exception:  # openpyxl raises many kinds (zipfile, KeyError, XML, ValueError) on a bad file
        raise _unreadable() from None


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_C, _V, _T, _R, _IS = (f"{{{_MAIN_NS}}}{tag}" for tag in ("c", "v", "t", "r", "is"))


def _column_number(ref: str) -> int:
    number = 0
    for char in ref:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number


def _string(element) -> str:
    """The text of a shared or inline string: its own <t>, or the <t> of its runs (not phonetic runs)."""
    parts = []
    for child in element:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(t.text or "" for t in child.iter(_T))
    return "".join(parts)


class _FastBook:
    """The values of an .xlsx read straight from its XML with lxml: three times faster than openpyxl's
    read-only mode on the CI machine, which matters for 5,000-item files. It reads what a value is
    (shared, inline and formula strings, numbers as openpyxl casts them, booleans, errors); a file it
    does not understand raises, and openpyxl reads it instead (and always writes the marked copy)."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        book = etree.fromstring(archive.read("xl/workbook.xml"), _XML)
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _XML)
        targets, self.strings = {}, []
        for rel in rels.iter(f"{{{_PKG_NS}}}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[rel.get("Id")] = path
            if rel.get("Type", "").endswith("/sharedStrings"):
                strings = etree.fromstring(archive.read(path), _XML)
                self.strings = [_string(si) for si in strings.iterchildren(f"{{{_MAIN_NS}}}si")]
        self.parts = {
            s.get("name"): targets[s.get(f"{{{_REL_NS}}}id")] for s in book.iter(f"{{{_MAIN_NS}}}sheet")
        }
        if not self.parts:
            raise ValueError("no worksheets in the transitional namespace")

    @property
    def sheetnames(self) -> list[str]:
        return list(self.parts)

    def rows(self, title: str):
        """(row number, values by column from A) of each row present in the sheet."""
        source = io.BytesIO(self.archive.read(self.parts[title]))
        number = 0
        for _event, row in etree.iterparse(
            source, tag=f"{{{_MAIN_NS}}}row", resolve_entities=False, no_network=True, load_dtd=False
        ):
            number = int(row.get("r") or number + 1)
            values: dict[int, object] = {}
            column = 0
            for cell in row.iterchildren(_C):
                column = _column_number(cell.get("r") or "") or column + 1
                kind = cell.get("t")
                if kind == "inlineStr":
                    inline = cell.find(_IS)
                    values[column] = _string(inline) if inline is not None else None
                    continue
                value = cell.findtext(_V)
                if value is None:
                    continue
                if kind == "s":
                    values[column] = self.strings[int(value)]
                elif kind == "b":
                    values[column] = value.strip() == "1"
                elif kind in ("str", "e", "d"):
                    values[column] = value
                else:  # a number, cast as openpyxl does
                    values[column] = float(value) if any(c in value for c in ".eE") else int(value)
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            yield number, tuple(values.get(i) for i in range(1, max(values, default=0) + 1))

    def close(self) -> None:
        self.archive.close()


class _OpenpyxlBook:
    """openpyxl's read-only reading, for the files _FastBook does not understand."""

    def __init__(self, data: bytes):
        self.workbook = _open(data, read_only=True)
        self.sheetnames = self.workbook.sheetnames

    def rows(self, title: str):
        return enumerate(self.workbook[title].iter_rows(values_only=True), start=1)

    def close(self) -> None:
        self.workbook.close()


def _book(data: bytes):
    """A reader of the workbook's values: _FastBook, or openpyxl's when the file is unusual."""
    _open_check(data)
    try:
        return _FastBook(zipfile.ZipFile(io.BytesIO(data)))
    except Exception:  # any surprise in the package: let openpyxl judge the file
        return _OpenpyxlBook(data)


def _read_table(book, sheet: Sheet) -> _Table:
    if sheet.title not in book.sheetnames:
        return _Table(sheet, present=False)
    try:
        rows = iter(book.rows(sheet.title))
        first = next(rows, None)
    except InvalidInput:
        raise
    except Exception:
        raise _unreadable() from None
    header = first[1] if first and first[0] == 1 else ()
    by_name = {}
    for column in sheet.columns:
        by_name[_norm(column.label)] = column.key
        by_name[_norm(column.key)] = column.key
    table = _Table(sheet, present=True)
    for number, title in enumerate(header, start=1):
        key = by_name.get(_norm(_text(title)).rstrip("*"))
        if key and key not in table.columns:
            table.columns[key] = number
    missing = [c.label for c in sheet.columns if c.required and c.key not in table.columns]
    if missing:
        raise InvalidInput(
            MISSING_COLUMN,
            _("工作表“%(sheet)s”缺少列：%(columns)s（第1行为列标题）")
            % {"sheet": sheet.title, "columns": "、".join(missing)},
        )
    positions = [(key, number - 1) for key, number in table.columns.items()]
    if first and first[0] != 1:
        rows = itertools.chain([first], rows)
    try:
        for number, values in rows:
            if number == 2 and values and all(_text(v) in ("", *table.columns) for v in values):
                continue  # the row of English keys
            cells = {key: values[i] if i < len(values) else None for key, i in positions}
            if all(_text(v) == "" for v in cells.values()):
                continue
            if len(table.rows) >= MAX_ROWS:
                raise InvalidInput(
                    TOO_LARGE,
                    _("工作表“%(sheet)s”超过%(n)d行，请分批导入") % {"sheet": sheet.title, "n": MAX_ROWS},
                )
            table.rows.append(_Row(number, cells))
    except InvalidInput:
        raise
    except Exception:  # a broken sheet part found while streaming it
        raise _unreadable() from None
    return table


# --- Checking ---------------------------------------------------------------------------------------


class _Checker:
    """Reads and checks every row of every sheet, collecting the problems; resolves names to rows of
    the database with a handful of queries (none per row)."""

    def __init__(self, actor, body: Unit, tables: dict[str, _Table]):
        self.actor, self.body, self.tables = actor, body, tables
        self.errors: list[CellError] = []
        self.choice_maps = {c.choices: _choice_map(c.choices) for s in SHEETS for c in s.columns if c.choices}
        units = list(Unit.objects.filter(body=body))
        self.units = _Names(units, lambda u: (u.code, u.name, u.short_name))
        posts = Post.objects.filter(unit__body=body).select_related("unit")
        self.posts = _Names(posts, _qualified_names)
        persons = Person.objects.filter(unit__body=body).select_related("unit")
        self.persons = _Names(persons, _qualified_names)
        self.editable: dict[int, bool] = {}
        self.template_steps: dict[str, list[dict]] = {}

    def error(self, table: _Table, row: int, key: str, message: str, code: str = "invalid") -> None:
        column = table.sheet.column(key)
        self.errors.append(
            CellError(table.sheet.title, row, table.columns.get(key), key, column.label, message, code)
        )

    # Cells ------------------------------------------------------------------------------------------

    def cells(self, table: _Table, row: _Row) -> dict | None:
        """The row's checked values by key (None when a cell is wrong: its error is recorded)."""
        out, ok = {}, True
        for column in table.sheet.columns:
            if column.kind == "info" or column.key not in table.columns:
                continue
            try:
                out[column.key] = self.cell(column, row.values.get(column.key))
            except _Bad as bad:
                self.error(table, row.number, column.key, str(bad))
                ok = False
        return out if ok else None

    def cell(self, column: Column, raw):
        text = _text(raw)
        if not text:
            if column.required:
                raise _Bad(_("请填写%(label)s") % {"label": column.label})
            return {"bool": None, "lines": []}.get(column.kind, "" if column.kind == "text" else None)
        kind = column.kind
        if kind == "choice":
            value = self.choice_maps[column.choices].get(_norm(text))
            if value is None:
                labels = "、".join(str(label) for label in column.choices.labels)
                raise _Bad(
                    _("%(label)s“%(v)s”无效，应为：%(labels)s")
                    % {"label": column.label, "v": text, "labels": labels}
                )
            return value
        if kind == "limit":
            return _integer(raw, 1, 3650, column.label)
        if kind == "count":
            return _integer(raw, 1, 99, column.label)
        if kind == "rating":
            if _norm(text) in _RATINGS:
                return _RATINGS[_norm(text)]
            raise _Bad(_("%(label)s须为1、2或3（低、中、高）") % {"label": column.label})
        if kind == "amount":
            return _amount(raw, column.label)
        if kind == "bool":
            if _norm(text) in _TRUE:
                return True
            if _norm(text) in _FALSE:
                return False
            raise _Bad(_("%(label)s请填写“是”或“否”") % {"label": column.label})
        if kind == "unit":
            return self.units.get(text, _("本单位没有名称或代码为“%(v)s”的科室"), _("科室"))
        if kind == "post":
            return self.posts.get(text, _("本单位没有岗位“%(v)s”"), _("岗位"))
        if kind == "person":
            return self.persons.get(text, _("本单位没有人员“%(v)s”"), _("人员"))
        if kind == "lines":
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            for line in lines:
                if len(line) > column.max_length:
                    raise _Bad(
                        _("每条%(label)s不能超过%(n)d个字") % {"label": column.label, "n": column.max_length}
                    )
            return lines
        if len(text) > column.max_length:
            raise _Bad(_("%(label)s不能超过%(n)d个字") % {"label": column.label, "n": column.max_length})
        return text

    # Sheets -----------------------------------------------------------------------------------------

    def items(self) -> dict[str, _Item]:
        table = self.tables["items"]
        first_row: dict[str, int] = {}
        for row in table.rows:
            code = _text(row.values.get("code"))
            if code and code in first_row:
                self.error(
                    table,
                    row.number,
                    "code",
                    _("编码“%(code)s”与第%(n)d行重复") % {"code": code, "n": first_row[code]},
                )
            first_row.setdefault(code, row.number)
        existing = {
            item.code: item
            for item in PowerItem.objects.filter(body=self.body, code__in=list(first_row))
            .select_related("latest", "latest__department", "latest__flowchart")
            .prefetch_related(
                "latest__legal_bases",
                "latest__materials",
                "latest__responsibilities",
                Prefetch("latest__risk_points", RiskPoint.objects.prefetch_related("measures")),
                Prefetch("latest__benchmarks", DiscretionBenchmark.objects.prefetch_related("tiers")),
            )
        }
        items: dict[str, _Item] = {}
        for row in table.rows:
            values = self.cells(table, row)
            if values is None or values["code"] in items or first_row.get(values["code"]) != row.number:
                continue
            code = values.pop("code")
            if "department" in values:
                values["department"] = values["department"] or self.body
            department = values.get("department") or self.body
            if not self.may_edit(department):
                self.error(table, row.number, "department", _("您无权编制该科室的事项（不在您的数据范围内）"))
                continue
            statutory, promised = values.get("statutory_limit"), values.get("promised_limit")
            same_unit = (values.get("statutory_unit") or PeriodUnit.WORKDAYS) == (
                values.get("promised_unit") or PeriodUnit.WORKDAYS
            )
            if statutory and promised and same_unit and promised > statutory:
                self.error(table, row.number, "promised_limit", _("承诺时限不能长于法定时限"))
                continue
            item = _Item(row.number, code, values)
            if not self.place(table, item, existing.get(code)):
                continue
            items[code] = item
        return items

    def may_edit(self, unit: Unit) -> bool:
        if unit.pk not in self.editable:
            self.editable[unit.pk] = self.actor is None or self.actor.has_perm("catalog.edit", unit)
        return self.editable[unit.pk]

    def place(self, table: _Table, item: _Item, power: PowerItem | None) -> bool:
        """Whether the row may create or update the item; sets the steps its risk points may name."""
        category = item.fields["category"]
        item.template = "penalty" if category == Category.PENALTY else "permit"
        if power is None:
            item.steps = self.steps_of(item.template)
            return True
        latest = power.latest
        latest.item = power
        if latest.status in (Status.SUBMITTED, Status.REVIEWED):
            self.error(
                table,
                item.number,
                "code",
                _("事项“%(code)s”第%(n)d版正在审核（%(status)s），审核结束前不能导入修改")
                % {"code": item.code, "n": latest.number, "status": latest.get_status_display()},
                code=catalog_errors.WRONG_STATE,
            )
            return False
        if not self.may_edit(latest.department):
            self.error(
                table, item.number, "code", _("事项“%(code)s”不在您的数据范围内") % {"code": item.code}
            )
            return False
        item.existing = latest
        flowchart = getattr(latest, "flowchart", None)
        item.steps = flowchart.steps if flowchart is not None else self.steps_of(item.template)
        return True

    def steps_of(self, template: str) -> list[dict]:
        if template not in self.template_steps:
            from sunshine.flows import engine

            diagram = engine.parse(engine.template(template))
            self.template_steps[template] = [
                {"element_id": s.element_id, "name": s.name} for s in diagram.steps
            ]
        return self.template_steps[template]

    def children(self, items: dict[str, _Item]) -> None:
        for sheet in CHILD_SHEETS:
            table = self.tables[sheet.key]
            for row in table.rows:
                values = self.cells(table, row)
                if values is None:
                    continue
                code = values.pop("item_code")
                item = items.get(code)
                if item is None:
                    if code not in self.bad_codes:
                        self.error(
                            table,
                            row.number,
                            "item_code",
                            _("“事项”表中没有编码为“%(code)s”的事项") % {"code": code},
                        )
                    continue
                getattr(self, f"check_{sheet.key}")(table, row, item, values)

    @property
    def bad_codes(self) -> set[str]:
        """Codes of item rows that are wrong themselves: their child rows are not blamed as unknown."""
        if not hasattr(self, "_bad_codes"):
            table = self.tables["items"]
            rows = {e.row for e in self.errors if e.sheet == table.sheet.title}
            self._bad_codes = {_text(r.values.get("code")) for r in table.rows if r.number in rows}
        return self._bad_codes

    def check_legal_bases(self, table, row, item: _Item, values: dict) -> None:
        values["level"] = values.get("level") or LegalLevel.LAW
        item.children["legal_bases"].append(_Child(row.number, values))

    def check_materials(self, table, row, item: _Item, values: dict) -> None:
        values["copies"] = values.get("copies") or 1
        values["required"] = True if values.get("required") is None else values["required"]
        item.children["materials"].append(_Child(row.number, values))

    def check_responsibilities(self, table, row, item: _Item, values: dict) -> None:
        if not (values.get("post") or values.get("person") or values.get("collective_body")):
            self.error(table, row.number, "post", _("请填写岗位或人员，或填写集体决策机构"))
            return
        item.children["responsibilities"].append(_Child(row.number, values))

    def check_risk_points(self, table, row, item: _Item, values: dict) -> None:
        step = self.step(item, values.pop("step"))
        if step is None:
            names = "、".join(s["name"] or s["element_id"] for s in item.steps if s.get("name"))
            self.error(
                table,
                row.number,
                "step",
                _(
                    "流程图中没有名称或标识为“%(v)s”的环节（或有多个同名环节，请填写环节标识）。可选：%(names)s"
                )
                % {"v": _text(row.values.get("step")), "names": names},
            )
            return
        values["step_id"] = step
        values.setdefault("measures", [])
        for key in ("importance", "frequency", "likelihood"):
            values[key] = values.get(key) or 2
        values["is_main"] = bool(values.get("is_main"))
        if values["is_main"]:
            main = next((c for c in item.children["risk_points"] if c.data["is_main"]), None)
            if main is not None:
                self.error(
                    table,
                    row.number,
                    "is_main",
                    _("每个事项只能有一个主要风险点（第%(n)d行已标为主要风险点）") % {"n": main.number},
                )
                return
        item.children["risk_points"].append(_Child(row.number, values))

    def step(self, item: _Item, text: str) -> str | None:
        by_id = [s["element_id"] for s in item.steps if s["element_id"] == text]
        if by_id:
            return by_id[0]
        by_name = [s["element_id"] for s in item.steps if _norm(s.get("name") or "") == _norm(text)]
        return by_name[0] if len(by_name) == 1 else None

    def check_benchmarks(self, table, row, item: _Item, values: dict) -> None:
        low, high = values.get("min_amount"), values.get("max_amount")
        if low is not None and high is not None and low > high:
            self.error(table, row.number, "min_amount", _("罚款下限不能高于上限"))
            return
        if low is None and high is None and not values.get("measure"):
            self.error(table, row.number, "measure", _("每一档须填写罚款幅度或处罚种类（措施）"))
            return
        violation, basis = values.pop("violation"), values.pop("basis", "")
        benches = item.children["benchmarks"]
        bench = next((b for b in benches if b.data["violation"] == violation), None)
        if bench is None:
            bench = _Child(row.number, {"violation": violation, "basis": basis})
            benches.append(bench)
        elif basis and bench.data["basis"] and basis != bench.data["basis"]:
            self.error(
                table,
                row.number,
                "basis",
                _("同一违法行为的处罚依据与第%(n)d行不同；只在一行填写或各行相同") % {"n": bench.number},
            )
            return
        else:
            bench.data["basis"] = bench.data["basis"] or basis
        bench.tiers.append(_Child(row.number, values))


def _qualified_names(obj) -> tuple[str, ...]:
    """A post or person is found by its name, or by ``科室/名称`` (unit name or code) when names repeat."""
    return (obj.name, f"{obj.unit.name}/{obj.name}", f"{obj.unit.code}/{obj.name}")


class _Names:
    """Rows looked up by any of their names; a name that several rows share is ambiguous."""

    def __init__(self, rows: Iterable, names):
        self.index: dict[str, list] = defaultdict(list)
        for row in rows:
            for name in names(row):
                if name and row not in self.index[_norm(name)]:
                    self.index[_norm(name)].append(row)

    def get(self, text: str, unknown: str, what: str):
        found = self.index.get(_norm(text.replace("\uff0f", "/")), [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise _Bad(unknown % {"v": text})
        raise _Bad(_("本单位有多个名为“%(v)s”的%(what)s，请写成“科室/名称”") % {"v": text, "what": what})

    def label(self, obj) -> str:
        """How the export writes ``obj``: its name when unique, else ``科室/名称``."""
        names = _qualified_names(obj) if not isinstance(obj, Unit) else (obj.name, obj.code)
        return next((n for n in names if n and len(self.index.get(_norm(n), [])) == 1), obj.name)


# --- Writing ----------------------------------------------------------------------------------------


class _WriteFailed(Exception):
    def __init__(self, error: CellError):
        self.error = error


_FIELD_RE = re.compile(r"^[a-z_]+\.(\d+)(?:\.tiers\.(\d+))?(?:\.([a-z_]+))?$")
_RISK_FIELDS = {"step_id": "step", "measures": "measures"}


_ATTNAMES = {"department": "department_id"}
_DEFAULTS = {
    "audience": Audience.EXTERNAL,
    "statutory_unit": PeriodUnit.WORKDAYS,
    "promised_unit": PeriodUnit.WORKDAYS,
    "results_public": False,
}


def _stored(key: str, value):
    """A version field's value as the database holds it, to tell a change from a repetition."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or value == "":
        return _DEFAULTS.get(key, None if key.endswith("_limit") else "")
    return value


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def _wanted(item: _Item, kind: str) -> list[tuple]:
    """The rows of ``kind`` the workbook gives the item, as the services would store them."""
    rows = [child.data for child in item.children[kind]]
    if kind == "legal_bases":
        order = list(LegalLevel.values)
        return sorted(
            ((r["level"], r["statute"], r.get("article", ""), r.get("text", "")) for r in rows),
            key=lambda r: order.index(r[0]),
        )
    if kind == "materials":
        return [(r["name"], r["copies"], r["required"], r.get("note", "")) for r in rows]
    if kind == "responsibilities":
        return [
            (
                r["role"],
                _pk(r.get("post")),
                _pk(r.get("person")),
                r.get("collective_body", ""),
            )
            for r in rows
        ]
    if kind == "risk_points":
        out = []
        for i, r in enumerate(rows):
            level = r.get("level") or services.suggested_level(
                r["importance"], r["frequency"], r["likelihood"]
            )
            main = r["is_main"] or (i == 0 and not any(x["is_main"] for x in rows))
            out.append(
                (
                    r["step_id"],
                    r["description"],
                    level,
                    r["importance"],
                    r["frequency"],
                    r["likelihood"],
                    main,
                    _pk(r.get("responsible_post")),
                    _pk(r.get("responsible_person")),
                    tuple(r["measures"]),
                )
            )
        return out
    return [
        (
            b.data["violation"],
            b.data["basis"],
            tuple(
                (
                    t.data["grade"],
                    t.data.get("band", ""),
                    t.data["circumstances"],
                    t.data.get("min_amount"),
                    t.data.get("max_amount"),
                    t.data.get("measure", ""),
                )
                for t in b.tiers
            ),
        )
        for b in item.children["benchmarks"]
    ]


def _current(version: PowerVersion, kind: str) -> list[tuple]:
    """The rows of ``kind`` the version holds, in the shape of _wanted."""
    if kind == "legal_bases":
        return [(b.level, b.statute, b.article, b.text) for b in version.legal_bases.all()]
    if kind == "materials":
        return [(m.name, m.copies, m.required, m.note) for m in version.materials.all()]
    if kind == "responsibilities":
        return [(r.role, r.post_id, r.person_id, r.collective_body) for r in version.responsibilities.all()]
    if kind == "risk_points":
        return [
            (
                p.step_id,
                p.description,
                p.level,
                p.importance,
                p.frequency,
                p.likelihood,
                p.is_main,
                p.responsible_post_id,
                p.responsible_person_id,
                tuple(m.description for m in p.measures.all()),
            )
            for p in version.risk_points.all()
        ]
    return [
        (
            b.violation,
            b.basis,
            tuple(
                (t.grade, t.band, t.circumstances, t.min_amount, t.max_amount, t.measure)
                for t in b.tiers.all()
            ),
        )
        for b in version.benchmarks.all()
    ]


class _Writer:
    """Writes the checked items through the catalog services, counting what it did."""

    def __init__(self, actor, body: Unit, tables: dict[str, _Table]):
        self.actor, self.body, self.tables = actor, body, tables
        self.counts: dict[str, int] = defaultdict(int)
        self.version_ids: list[int] = []

    def call(self, sheet: Sheet, rows: list[_Child], head: _Child, fn, /, **kwargs):
        """Call a service; a refusal is pinned on the row (and column) its ``field`` names, or on the
        item's row (``head``) when the service got no rows of ``sheet`` (a list cleared)."""
        try:
            return fn(actor=self.actor, **kwargs)
        except DomainError as error:
            raise _WriteFailed(self.pin(sheet, rows, head, error.field or "", error)) from error

    def pin(
        self, sheet: Sheet, rows: list[_Child], head: _Child, field: str, error: DomainError
    ) -> CellError:
        """The cell a service's refusal names: ``field`` is ``<kind>.<i>[.tiers.<j>][.<key>]`` for a
        list of rows, or a plain key (risk points: step_id, measures.<i>)."""
        if not rows:
            sheet, rows = ITEMS, [head]
        row, key = rows[0].number, None
        match = _FIELD_RE.match(field)
        if match and int(match[1]) < len(rows):
            child = rows[int(match[1])]
            row, key = child.number, match[3]
            if match[2] is not None and int(match[2]) < len(child.tiers):
                row = child.tiers[int(match[2])].number
        elif field and len(rows) == 1:
            key = field.split(".")[0]
            key = _RISK_FIELDS.get(key, key)
        keys = [c.key for c in sheet.columns]
        key = key if key in keys else keys[0]
        column = self.tables[sheet.key].columns.get(key)
        return CellError(
            sheet.title, row, column, key, sheet.column(key).label, str(error.message), error.code
        )

    def item(self, item: _Item) -> None:
        head = _Child(item.number, {})
        fields = dict(item.fields)
        old = item.existing
        kinds = [sheet.key for sheet in CHILD_SHEETS if self.tables[sheet.key].present]
        if old is None:
            version = self.call(
                ITEMS, [head], head, services.item_create, body=self.body, code=item.code, **fields
            )
            self.counts["items_created"] += 1
            kinds = [kind for kind in kinds if item.children[kind]]
        else:
            fields = {
                k: v
                for k, v in fields.items()
                if _stored(k, v) != _stored(k, getattr(old, _ATTNAMES.get(k, k)))
            }
            kinds = [kind for kind in kinds if _wanted(item, kind) != _current(old, kind)]
            if not kinds and not (set(fields) - {"change_note"}) and hasattr(old, "flowchart"):
                # Nothing to change (a published version's note alone does not make a new version).
                if old.status != Status.DRAFT or not fields:
                    self.counts["unchanged"] += 1
                    return
                self.call(
                    ITEMS,
                    [head],
                    head,
                    services.version_update,
                    version=old,
                    expected_version=old.version,
                    **fields,
                )
                self.counts["drafts_updated"] += 1
                self.version_ids.append(old.pk)
                return
            version = old
            if old.status != Status.DRAFT:
                note = fields.pop("change_note", "") or DEFAULT_CHANGE_NOTE
                version = self.call(
                    ITEMS, [head], head, services.version_new, item=old.item, change_note=note
                )
                self.counts["versions_created"] += 1
            else:
                self.counts["drafts_updated"] += 1
            if fields:
                version = self.call(
                    ITEMS,
                    [head],
                    head,
                    services.version_update,
                    version=version,
                    expected_version=version.version,
                    **fields,
                )
        self.version_ids.append(version.pk)
        for sheet, fn in (
            (LEGAL, services.legal_bases_set),
            (MATERIALS, services.materials_set),
            (RESPONSIBILITIES, services.responsibilities_set),
        ):
            rows = item.children[sheet.key]
            if sheet.key in kinds:
                self.call(sheet, rows, head, fn, version=version, rows=[dict(r.data) for r in rows])
                self.counts[sheet.key] += len(rows)
        self.flowchart(item, version, head)
        if "risk_points" in kinds:
            for point in RiskPoint.objects.filter(version=version) if old is not None else ():
                self.call(
                    RISKS, [], head, services.risk_point_remove, point=point, reason=DEFAULT_CHANGE_NOTE
                )
            for child in item.children["risk_points"]:
                self.call(RISKS, [child], head, services.risk_point_add, version=version, **child.data)
                self.counts["risk_points"] += 1
                self.counts["measures"] += len(child.data["measures"])
        benches = item.children["benchmarks"]
        if "benchmarks" in kinds:
            payload = [{**b.data, "tiers": [dict(t.data) for t in b.tiers]} for b in benches]
            self.call(BENCHMARKS, benches, head, services.benchmarks_set, version=version, benchmarks=payload)
            self.counts["benchmarks"] += len(benches)
            self.counts["tiers"] += sum(len(b.tiers) for b in benches)

    def new_items(self, items: list[_Item]) -> None:
        """The new items in one call of services.items_import (bulk: some 60 statements per item fewer)."""
        if not items:
            return
        payload = []
        for item in items:
            data = {"code": item.code, "template": item.template, **item.fields}
            for kind in ("legal_bases", "materials", "responsibilities", "risk_points"):
                data[kind] = [dict(child.data) for child in item.children[kind]]
            data["benchmarks"] = [
                {**child.data, "tiers": [dict(t.data) for t in child.tiers]}
                for child in item.children["benchmarks"]
            ]
            payload.append(data)
        try:
            versions = services.items_import(actor=self.actor, body=self.body, items=payload)
        except DomainError as error:
            match = re.match(r"^items\.(\d+)(?:\.(.+))?$", error.field or "")
            item = items[int(match[1])] if match and int(match[1]) < len(items) else items[0]
            rest = (match[2] if match else "") or ""
            kind = rest.split(".", 1)[0]
            head = _Child(item.number, {})
            sheet = next((s for s in CHILD_SHEETS if s.key == kind), None)
            if sheet is None:
                raise _WriteFailed(self.pin(ITEMS, [head], head, rest, error)) from error
            parts = rest.split(".", 2)
            if kind == "risk_points" and len(parts) > 2 and parts[1].isdigit():  # one row, its key
                rows = item.children[kind][int(parts[1]) : int(parts[1]) + 1]
                raise _WriteFailed(self.pin(sheet, rows, head, parts[2], error)) from error
            raise _WriteFailed(self.pin(sheet, item.children[kind], head, rest, error)) from error
        self.version_ids += [v.pk for v in versions]
        self.counts["items_created"] += len(items)
        self.counts["flowcharts"] += len(items)
        for kind in ("legal_bases", "materials", "responsibilities", "risk_points", "benchmarks"):
            if n := sum(len(item.children[kind]) for item in items):
                self.counts[kind] += n
        if n := sum(len(c.data["measures"]) for item in items for c in item.children["risk_points"]):
            self.counts["measures"] += n
        if n := sum(len(b.tiers) for item in items for b in item.children["benchmarks"]):
            self.counts["tiers"] += n

    def flowchart(self, item: _Item, version: PowerVersion, head: _Child) -> None:
        """An imported item without a flowchart gets the built-in template of its kind (CAT-119)."""
        from sunshine.flows.models import Flowchart
        from sunshine.flows.services import flowchart_from_template

        if item.existing is not None and Flowchart.objects.filter(power_version=version).exists():
            return
        self.call(ITEMS, [head], head, flowchart_from_template, version=version, template=item.template)
        self.counts["flowcharts"] += 1


# --- Import -----------------------------------------------------------------------------------------


def _require_body(actor, body: Unit, *perms: str) -> None:
    """``actor`` holds each permission somewhere in ``body`` (rows are checked against their unit)."""
    for perm in perms:
        require_permission(actor, perm)
    if actor is not None and not Unit.objects.filter(scope_q(actor, perms[0], ""), body=body).exists():
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")


def import_workbook(actor, body: Unit, data: bytes) -> ImportResult:
    """Import the power catalogue of ``body`` from an Excel workbook (权力清单导入).

    Needs catalog.import and catalog.edit; each row's department must be in the actor's scope. Every row
    of every sheet is checked first; with any problem nothing is written and the result carries the
    workbook with the bad cells marked (``ok`` False). Otherwise everything is written in one
    transaction through the catalog services (see the module docstring for what an existing code
    does). Raises InvalidInput when the file is not a readable workbook or lacks a sheet or column,
    NotPermitted/NotFound when the actor may not import into ``body``.
    """
    with translation.override(LANGUAGE):
        _require_body(actor, body, "catalog.import", "catalog.edit")
        workbook = _book(bytes(data))
        try:
            if ITEMS.title not in workbook.sheetnames:
                raise InvalidInput(
                    NO_ITEMS_SHEET,
                    _("工作簿中没有“%(sheet)s”工作表；请使用本系统导出的模板") % {"sheet": ITEMS.title},
                )
            tables = {sheet.key: _read_table(workbook, sheet) for sheet in SHEETS}
        finally:
            workbook.close()
        checker = _Checker(actor, body, tables)
        items = checker.items()
        checker.children(items)
        if checker.errors:
            return _refused(data, checker.errors)
        writer = _Writer(actor, body, tables)
        try:
            with transaction.atomic():
                writer.new_items([item for item in items.values() if item.existing is None])
                for item in items.values():
                    if item.existing is not None:
                        writer.item(item)
                audit_record(
                    actor=actor,
                    action="catalog.import",
                    target=body,
                    after={"counts": dict(writer.counts)},
                    extra={"sha256": hashlib.sha256(data).hexdigest(), "items": len(items)},
                )
        except _WriteFailed as failed:
            return _refused(data, [failed.error])
        return ImportResult(ok=True, counts=dict(writer.counts), version_ids=writer.version_ids)


def _refused(data: bytes, errors: list[CellError]) -> ImportResult:
    errors = sorted(errors, key=lambda e: (_SHEET_ORDER.get(e.sheet, 99), e.row, e.column or 0))
    return ImportResult(ok=False, errors=errors, workbook=mark_workbook(data, errors))


_SHEET_ORDER = {sheet.title: i for i, sheet in enumerate(SHEETS)}


def mark_workbook(data: bytes, errors: list[CellError]) -> bytes:
    """``data`` (an .xlsx) with each bad cell filled red and commented, earlier marks removed, and a
    first sheet 错误清单 linking to every problem."""
    workbook = _open(data, read_only=False)
    for sheet in workbook.worksheets:  # the marks of an earlier attempt the user has since fixed
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.author == CHECK_AUTHOR:
                    cell.comment = None
                    cell.fill = PatternFill()
                    cell.font = Font()
    if ERRORS_TITLE in workbook.sheetnames:
        del workbook[ERRORS_TITLE]
    by_cell: dict[tuple[str, int, int], list[CellError]] = defaultdict(list)
    for error in errors:
        by_cell[(error.sheet, error.row, error.column or 1)].append(error)
    for n, ((title, row, column), found) in enumerate(by_cell.items()):
        if n >= MAX_MARKED or title not in workbook.sheetnames:
            continue
        cell = workbook[title].cell(row=row, column=column)
        cell.fill, cell.font = BAD_FILL, BAD_FONT
        text = "\n".join(f"{e.label}：{e.message}" if e.column is None else e.message for e in found)
        comment = Comment(text, CHECK_AUTHOR)
        comment.width, comment.height = 320, min(60 + 20 * (len(text) // 20 + text.count("\n")), 400)
        cell.comment = comment
    sheet = workbook.create_sheet(ERRORS_TITLE, 0)
    sheet.append([_("工作表"), _("单元格"), _("行"), _("列"), _("问题")])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for error in errors:
        sheet.append([error.sheet, error.cell, error.row, error.label, error.message])
        if error.sheet in workbook.sheetnames:
            target = error.cell if error.column else f"A{error.row}"
            link = sheet.cell(row=sheet.max_row, column=2)
            link.hyperlink = f"#{quote_sheetname(error.sheet)}!{target}"
            link.font = Font(color="FF0563C1", underline="single")
        sheet.cell(row=sheet.max_row, column=5).alignment = WRAP
    for letter, width in zip("ABCDE", (12, 10, 7, 16, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.sheet_properties.tabColor = "FFC00000"
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Export -----------------------------------------------------------------------------------------


def _export_versions(actor, body: Unit, versions, published: bool):
    if versions is None:
        field_name = "current_id" if published else "latest_id"
        ids = PowerItem.objects.filter(body=body).exclude(**{field_name: None}).values_list(field_name)
        versions = PowerVersion.objects.filter(pk__in=ids)
    else:
        ids = [v.pk if isinstance(v, PowerVersion) else v for v in versions]
        versions = PowerVersion.objects.filter(pk__in=ids, item__body=body)
    if actor is not None:
        versions = versions.filter(scope_q(actor, "catalog.view", "department"))
    return (
        versions.select_related("item", "department", "flowchart")
        .defer("flowchart__xml")
        .prefetch_related(
            "legal_bases",
            "materials",
            Prefetch("responsibilities", Responsibility.objects.select_related("post__unit", "person__unit")),
            Prefetch(
                "risk_points",
                RiskPoint.objects.select_related(
                    "responsible_post__unit", "responsible_person__unit"
                ).prefetch_related("measures"),
            ),
            Prefetch("benchmarks", DiscretionBenchmark.objects.prefetch_related("tiers")),
        )
        .order_by("item__code")
    )


def _new_workbook(body: Unit):
    """An empty workbook of the layout, with the drop-down lists of ``body`` on a hidden sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    units = list(Unit.objects.filter(body=body).order_by("path"))
    posts = list(
        Post.objects.filter(unit__body=body).select_related("unit").order_by("unit__path", "sort_order")
    )
    persons = list(
        Person.objects.filter(unit__body=body).select_related("unit").order_by("unit__path", "sort_order")
    )
    names = {
        "unit": _Names(units, lambda u: (u.name, u.code)),
        "post": _Names(posts, _qualified_names),
        "person": _Names(persons, _qualified_names),
    }
    sheets = {sheet.key: workbook.create_sheet(sheet.title) for sheet in SHEETS}
    lists_sheet = workbook.create_sheet(LISTS_TITLE)
    lists_sheet.sheet_state = "hidden"
    lists: dict[str, list[str]] = {
        "bool": ["是", "否"],
        "rating": [1, 2, 3],
        "unit": [names["unit"].label(u) for u in units],
        "post": [names["post"].label(p) for p in posts],
        "person": [names["person"].label(p) for p in persons],
    }
    for choices in (Category, Audience, PeriodUnit, LegalLevel, ResponsibleRole, RiskLevel):
        lists[choices.__name__] = [str(label) for label in choices.labels]
    ranges = {}
    for number, (key, values) in enumerate(lists.items(), start=1):
        lists_sheet.cell(row=1, column=number, value=key)
        for row, value in enumerate(values, start=2):
            lists_sheet.cell(row=row, column=number, value=value)
        letter = get_column_letter(number)
        if values:
            ranges[key] = f"{quote_sheetname(LISTS_TITLE)}!${letter}$2:${letter}${len(values) + 1}"
    for sheet in SHEETS:
        ws = sheets[sheet.key]
        ws.append([c.header for c in sheet.columns])
        ws.append([c.key for c in sheet.columns])
        ws.row_dimensions[2].hidden = True
        ws.freeze_panes = "B3"
        for number, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(number)
            ws.column_dimensions[letter].width = column.width + 2
            cell = ws.cell(row=1, column=number)
            cell.font = Font(bold=True, color="FFC00000" if column.required else "FF000000")
            cell.fill, cell.alignment = HEADER_FILL, Alignment(wrap_text=True, vertical="center")
            if column.note:
                cell.comment = Comment(column.note, "阳光平台")
            key = column.choices.__name__ if column.choices else column.kind
            if key in ranges and column.kind != "info":
                strict = column.kind not in ("unit", "post", "person")
                validation = DataValidation(
                    type="list",
                    formula1=ranges[key],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="stop" if strict else "warning",
                    errorTitle=column.label,
                    error=_("请从下拉列表中选择") if strict else _("不在本单位的名单中，导入时会被指出"),
                )
                ws.add_data_validation(validation)
                validation.add(f"{letter}{FIRST_ROW}:{letter}20000")
        ws.row_dimensions[1].height = 30
    return workbook, sheets, names


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def _cell_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _rows_of(version: PowerVersion, names: dict) -> dict[str, list[list]]:
    """The rows each sheet holds for ``version``, in the order of the sheets' columns."""
    code = version.item.code
    post = lambda obj: names["post"].label(obj) if obj else ""  # noqa: E731
    person = lambda obj: names["person"].label(obj) if obj else ""  # noqa: E731
    steps = getattr(version, "flowchart", None)
    step_names = [s.get("name") for s in steps.steps] if steps is not None else []

    def step(point: RiskPoint) -> str:
        return (
            point.step_name if point.step_name and step_names.count(point.step_name) == 1 else point.step_id
        )

    rows = {
        "items": [
            [
                code,
                version.name,
                _label(Category, version.category),
                _label(Audience, version.audience),
                names["unit"].label(version.department),
                version.conditions,
                version.statutory_limit,
                _label(PeriodUnit, version.statutory_unit),
                version.promised_limit,
                _label(PeriodUnit, version.promised_unit),
                version.fees,
                version.fee_basis,
                version.disclosure,
                "是" if version.results_public else "否",
                version.counterpart_rights,
                version.complaint_channel,
                version.change_note,
                version.number,
                version.get_status_display(),
            ]
        ],
        "legal_bases": [
            [code, _label(LegalLevel, b.level), b.statute, b.article, b.text]
            for b in version.legal_bases.all()
        ],
        "materials": [
            [code, m.name, m.copies, "是" if m.required else "否", m.note] for m in version.materials.all()
        ],
        "responsibilities": [
            [code, _label(ResponsibleRole, r.role), post(r.post), person(r.person), r.collective_body]
            for r in version.responsibilities.all()
        ],
        "risk_points": [
            [
                code,
                step(p),
                p.description,
                _label(RiskLevel, p.level),
                p.importance,
                p.frequency,
                p.likelihood,
                "是" if p.is_main else "否",
                "\n".join(m.description for m in p.measures.all()),
                post(p.responsible_post),
                person(p.responsible_person),
            ]
            for p in version.risk_points.all()
        ],
        "benchmarks": [
            [
                code,
                b.violation,
                b.basis if i == 0 else "",
                t.grade,
                t.band,
                t.circumstances,
                _cell_value(t.min_amount),
                _cell_value(t.max_amount),
                t.measure,
            ]
            for b in version.benchmarks.all()
            for i, t in enumerate(b.tiers.all())
        ],
    }
    return rows


def export_workbook(actor, body: Unit, *, versions=None, published: bool = False) -> bytes:
    """The power catalogue of ``body`` as an .xlsx in the import layout (权力清单导出).

    Without ``versions``: the latest version of each item (whatever its state), or with
    ``published=True`` the version in force of each published item. ``versions`` (PowerVersions or
    their ids) picks them instead. Only versions whose department is in the actor's catalog.view scope
    are written. The file imports back unchanged (a round trip updates drafts / starts new versions).
    """
    with translation.override(LANGUAGE):
        _require_body(actor, body, "catalog.view")
        workbook, sheets, names = _new_workbook(body)
        for version in _export_versions(actor, body, versions, published):
            for key, rows in _rows_of(version, names).items():
                for row in rows:
                    sheets[key].append(row)
        for ws in sheets.values():
            for row in ws.iter_rows(min_row=FIRST_ROW):
                for cell in row:
                    if isinstance(cell.value, str) and ("\n" in cell.value or len(cell.value) > 30):
                        cell.alignment = WRAP
        out = io.BytesIO()
        workbook.properties.title = _("%(body)s权力清单") % {"body": body.name}
        workbook.properties.created = clock.now().replace(tzinfo=None)
        workbook.save(out)
        return out.getvalue()


def template_workbook(actor, body: Unit) -> bytes:
    """An empty workbook of the import layout with ``body``'s departments and posts in its lists."""
    with translation.override(LANGUAGE):
        _require_body(actor, body, "catalog.view")
        workbook, _sheets, _names = _new_workbook(body)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
