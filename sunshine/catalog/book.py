"""The printable catalogue book (权力清单汇编, PDF, reportlab).

A cover (body, date, number of powers), a table of contents, then per power: its catalogue entry on a
portrait page (every field, legal bases, materials, responsible posts, time limits, fees, rights,
complaint channel, discretion benchmarks), and on a landscape page its flowchart drawn from the BPMN
diagram-interchange coordinates (pools, lanes, steps, gateways, events, flows and their names; the
steps that carry risk points coloured by their highest grade: A red, B orange, C yellow) followed by
its risk table (step, description, grade, measures, responsible post).

Chinese needs a TrueType font embedded in the PDF: reportlab cannot use CFF outlines (the Noto CJK
.otf/.ttc files). The font is the file named by ``SUNSHINE_PDF_FONT`` (``path`` or ``path:index`` for
a .ttc), else the first of FONT_CANDIDATES found (Debian fonts-wqy-zenhei first).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import os
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from sunshine.catalog.choices import RiskLevel, Status
from sunshine.catalog.models import DiscretionBenchmark, PowerItem, PowerVersion, Responsibility, RiskPoint
from sunshine.core import clock
from sunshine.core.errors import NotFound
from sunshine.core.permissions import require_permission, scope_q
from sunshine.org.models import Unit

__all__ = ["FONT_CANDIDATES", "BookFontMissing", "book_font", "render_book"]

FONT_ENV = "SUNSHINE_PDF_FONT"
# TrueType CJK fonts as Debian installs them (package in the comment); the first found is used.
FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),  # fonts-droid-fallback
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # fonts-arphic-uming
)
FONT = "SunshineCJK"
LANGUAGE = "zh-hans"

INK = colors.HexColor("#1F2D3D")
GREY = colors.HexColor("#6B7785")
RULE = colors.HexColor("#8C96A3")
RED = colors.HexColor("#B71C1C")
LABEL_BG = colors.HexColor("#EEF3F8")
HEAD_BG = colors.HexColor("#DCE6F0")
LANE_BG = (colors.HexColor("#F6F8FB"), colors.white)
SUPERVISION = colors.HexColor("#1565C0")
# Risk grades (SUP-133): the fill of a step that carries a risk point, and the badge with its letter.
RISK_FILL = {
    RiskLevel.A: colors.HexColor("#F7A1A1"),
    RiskLevel.B: colors.HexColor("#FFC680"),
    RiskLevel.C: colors.HexColor("#FFEB7A"),
}
RISK_BADGE = {
    RiskLevel.A: colors.HexColor("#C62828"),
    RiskLevel.B: colors.HexColor("#E65100"),
    RiskLevel.C: colors.HexColor("#C79100"),
}
TIME_UNITS = {"working_days": "个工作日", "calendar_days": "日", "hours": "小时"}
PERIOD_UNITS = {"workdays": "个工作日", "days": "日", "hours": "小时"}

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 18 * mm
HEADER = 12 * mm
MIN_SCALE = 0.42  # below this a diagram is cut into parts: 100-unit tasks stay 42 pt wide


class BookFontMissing(ImproperlyConfigured):
    """No TrueType Chinese font: the book cannot be printed in Chinese."""


_registered: str | None = None


def book_font() -> str:
    """Register the Chinese TrueType font once and return its reportlab name (BookFontMissing if none)."""
    global _registered
    if _registered:
        return _registered
    candidates: list[tuple[str, int]] = []
    if configured := os.environ.get(FONT_ENV, "").strip():
        path, _sep, index = (
            configured.rpartition(":")
            if configured.rsplit(":", 1)[-1].isdigit()
            else (
                configured,
                "",
                "0",
            )
        )
        candidates.append((path, int(index or 0)))
    candidates.extend(FONT_CANDIDATES)
    reasons = []
    for path, index in candidates:
        if not os.path.isfile(path):
            continue
        try:
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=index))
        except Exception as exc:  # reportlab's TTFError and struct errors for a font it cannot read
            reasons.append(f"{path}: {exc}")
            continue
        _registered = FONT
        return FONT
    raise BookFontMissing(
        _(
            "找不到可用于PDF的中文TrueType字体，无法生成权力清单汇编。请安装 fonts-wqy-zenhei"
            "（apt-get install fonts-wqy-zenhei），或用环境变量 %(env)s 指定 .ttf/.ttc 字体文件"
            "（注意：Noto CJK 等 OpenType/CFF 字体不可用）。%(reasons)s"
        )
        % {"env": FONT_ENV, "reasons": "；".join(reasons)}
    )


# --- Text helpers -----------------------------------------------------------------------------------


def _p(text, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept)."""
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


_NO_LINE_START = set("，。、；：）》」』】？！,.;:)?!")


def _greedy(text: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if line and char not in _NO_LINE_START and pdfmetrics.stringWidth(line + char, FONT, size) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line]


def _lines(text: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``, character by character (CJK has no spaces),
    the lines of a paragraph balanced (一次性告\n知补正, not 一次性告知补\n正)."""
    out: list[str] = []
    for part in str(text).splitlines() or [""]:
        lines = _greedy(part, size, width)
        if len(lines) > 1:
            target = pdfmetrics.stringWidth(part, FONT, size) / len(lines)
            for slack in (1.0, 1.15, 1.3):
                balanced = _greedy(part, size, min(width, target * slack + size * 0.5))
                if len(balanced) == len(lines):
                    lines = balanced
                    break
        out.extend(lines)
    return out


def _period(limit: int | None, unit: str, units: dict[str, str]) -> str:
    return f"{limit}{units.get(unit, unit)}" if limit else ""


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK", textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12),
        "label": ParagraphStyle("label", parent=base, fontSize=9.5, leading=14, textColor=colors.black),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=12, alignment=TA_CENTER),
        "cell_center": ParagraphStyle(
            "cell_center", parent=base, fontSize=9, leading=12, alignment=TA_CENTER
        ),
        "item": ParagraphStyle(
            "ItemTitle", parent=base, fontSize=16, leading=22, spaceAfter=4, textColor=RED
        ),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, leading=13, textColor=GREY, spaceAfter=8),
        "section": ParagraphStyle(
            "section", parent=base, fontSize=12, leading=17, spaceBefore=10, spaceAfter=6, textColor=INK
        ),
        "toc_title": ParagraphStyle(
            "toc_title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=14
        ),
        "toc": ParagraphStyle("toc", parent=base, fontSize=10.5, leading=18, leftIndent=8, firstLineIndent=0),
        "cover_body": ParagraphStyle(
            "cover_body", parent=base, fontSize=22, leading=32, alignment=TA_CENTER, textColor=RED
        ),
        "cover_title": ParagraphStyle(
            "cover_title", parent=base, fontSize=34, leading=46, alignment=TA_CENTER
        ),
        "cover_sub": ParagraphStyle(
            "cover_sub", parent=base, fontSize=13, leading=20, alignment=TA_CENTER, textColor=GREY
        ),
        "cover_date": ParagraphStyle("cover_date", parent=base, fontSize=14, leading=22, alignment=TA_CENTER),
    }


# --- The flowchart ----------------------------------------------------------------------------------


@dataclass
class _Shape:
    element_id: str
    kind: str
    name: str
    x: float
    y: float
    w: float
    h: float
    label: tuple[float, float, float, float] | None = None
    time: str = ""
    supervision: bool = False


@dataclass
class _Edge:
    element_id: str
    name: str
    points: list[tuple[float, float]]
    label: tuple[float, float, float, float] | None = None


def _diagram(xml: str) -> tuple[list[_Shape], list[_Edge]]:
    """Shapes and edges of the BPMN diagram interchange (empty when the file has no layout)."""
    from sunshine.flows.engine.document import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS, SUNSHINE_NS, load

    root = load(xml)
    elements = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}

    def bounds(el) -> tuple[float, float, float, float] | None:
        b = el.find(f"{{{DC_NS}}}Bounds")
        if b is None:
            return None
        return tuple(float(b.get(k, 0)) for k in ("x", "y", "width", "height"))

    def label_of(el):
        label = el.find(f"{{{BPMNDI_NS}}}BPMNLabel")
        return bounds(label) if label is not None else None

    shapes, edges = [], []
    for el in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        model = elements.get(el.get("bpmnElement"))
        box = bounds(el)
        if model is None or box is None or not model.tag.startswith(f"{{{BPMN_NS}}}"):
            continue
        kind = model.tag.split("}", 1)[1]
        limit, unit = (
            model.get(f"{{{SUNSHINE_NS}}}timeLimit", ""),
            model.get(f"{{{SUNSHINE_NS}}}timeUnit", ""),
        )
        shapes.append(
            _Shape(
                model.get("id"),
                kind,
                (model.get("name") or "").strip(),
                *box,
                label=label_of(el),
                time=f"{limit}{TIME_UNITS.get(unit, unit)}" if limit.isdigit() else "",
                supervision=model.get(f"{{{SUNSHINE_NS}}}supervision", "").lower() == "true",
            )
        )
    for el in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge"):
        model = elements.get(el.get("bpmnElement"))
        points = [(float(p.get("x", 0)), float(p.get("y", 0))) for p in el.iter(f"{{{DI_NS}}}waypoint")]
        if model is None or len(points) < 2:
            continue
        edges.append(_Edge(model.get("id"), (model.get("name") or "").strip(), points, label_of(el)))
    return shapes, edges


class FlowchartDrawing(Flowable):
    """A BPMN diagram drawn from its DI coordinates, scaled to the frame's width (and ``max_height``).

    Text keeps a legible size whatever the scale: names are wrapped inside their shapes and the font
    shrinks only as far as needed to fit. A diagram too wide to stay legible on one page is cut into
    parts (:meth:`parts`), each repeating the pool and lane names on its left.
    """

    def __init__(self, xml: str, risk_levels: dict[str, str], *, max_height: float):
        super().__init__()
        self.shapes, self.edges = _diagram(xml)
        self.risk_levels = risk_levels
        self.max_height = max_height
        self.window: tuple[float, float] | None = None  # a part: diagram x from, and the fixed scale
        # Lane names get a band wider than bpmn-js's 30 px, drawn left of the diagram, so that they
        # stay legible once the diagram is scaled to the page.
        self.band_extra = 36 if any(s.kind == "lane" for s in self.shapes) else 0
        xs, ys = [], []
        for s in self.shapes:
            xs += [s.x - (self.band_extra if s.kind in ("participant", "lane") else 0), s.x + s.w]
            ys += [s.y, s.y + s.h]
            if s.label:
                xs += [s.label[0], s.label[0] + s.label[2]]
                ys += [s.label[1], s.label[1] + s.label[3]]
        for e in self.edges:
            xs += [p[0] for p in e.points]
            ys += [p[1] for p in e.points]
        self.empty = not xs
        pad = 4
        self.min_x, self.min_y = (min(xs) - pad, min(ys) - pad) if xs else (0, 0)
        self.bw, self.bh = ((max(xs) - self.min_x + pad), (max(ys) - self.min_y + pad)) if xs else (1, 1)
        self.scale = 1.0
        pools = [s for s in self.shapes if s.kind in ("participant", "lane")]
        # The width (diagram units) of the pool and lane name bands repeated on a continued part.
        self.bands = (max(s.x + 30 for s in pools) - self.min_x) if pools else 0

    def parts(self, width: float) -> list[FlowchartDrawing]:
        """The diagram as one flowable, or, when one page would shrink it below MIN_SCALE, as parts
        side by side (slightly overlapping) at a legible scale."""
        fit = min(width / self.bw, self.max_height / self.bh, 1.0)
        if self.empty or fit >= MIN_SCALE or self.max_height / self.bh <= fit * 1.05:
            return [self]
        scale = min(self.max_height / self.bh, 0.6)
        first = width / scale
        step = width / scale - self.bands - 40  # 40 units of overlap
        count = 1 + max(0, -(-(self.bw - first) // step))
        out = []
        for i in range(int(count)):
            part = copy.copy(self)
            part.window = (0 if i == 0 else first + (i - 1) * step - 40, scale)
            out.append(part)
        return out

    def wrap(self, available_width, available_height):
        if self.window is None:
            self.scale = min(available_width / self.bw, self.max_height / self.bh, 1.0)
            self.width = self.bw * self.scale
        else:
            self.scale = self.window[1]
            self.width = min(available_width, (self.bw - self.window[0]) * self.scale)
        self.height = self.bh * self.scale
        return self.width, self.height

    # Coordinates: BPMN y grows downwards, PDF y upwards.
    def _x(self, x: float) -> float:
        return (x - self.min_x) * self.scale

    def _y(self, y: float) -> float:
        return self.height - (y - self.min_y) * self.scale

    def _box(self, x, y, w, h) -> tuple[float, float, float, float]:
        return self._x(x), self._y(y + h), w * self.scale, h * self.scale

    def draw(self):
        canvas = self.canv
        start = self.window[0] if self.window else 0
        bands = self.bands * self.scale if start else 0
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(bands, 0, self.width - bands, self.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.translate(bands - start * self.scale, 0)
        self._draw_all()
        canvas.restoreState()
        if start:  # a continued part: the pool and lane names again, on its left
            canvas.saveState()
            clip = canvas.beginPath()
            clip.rect(0, 0, bands, self.height)
            canvas.clipPath(clip, stroke=0, fill=0)
            self._draw_bands()
            canvas.setStrokeColor(INK)
            canvas.setDash(2, 2)
            canvas.line(bands - 0.5, 0, bands - 0.5, self.height)
            canvas.restoreState()

    def _draw_bands(self) -> None:
        lanes = [s for s in self.shapes if s.kind == "lane"]
        band = (30 + self.band_extra) * self.scale
        size = min([self._vertical_size(lane.name, band, lane.h * self.scale, 8) for lane in lanes] or [8])
        for i, lane in enumerate(lanes):
            self._lane(lane, LANE_BG[i % 2], size)
        for pool in (s for s in self.shapes if s.kind == "participant"):
            self._pool(pool)

    def _draw_all(self) -> None:
        self._draw_bands()
        for edge in self.edges:
            self._edge(edge)
        for shape in self.shapes:
            if shape.kind in ("participant", "lane"):
                continue
            if shape.kind.endswith("Event"):
                self._event(shape)
            elif shape.kind.endswith("Gateway"):
                self._gateway(shape)
            elif shape.kind in ("dataObjectReference", "dataStoreReference", "textAnnotation"):
                self._note(shape)
            else:
                self._task(shape)

    @staticmethod
    def _vertical(text: str) -> str:
        return (
            text.replace("（", "\ufe35").replace("）", "\ufe36").replace("(", "\ufe35").replace(")", "\ufe36")
        )

    @classmethod
    def _vertical_size(cls, text: str, w: float, h: float, largest: float = 9) -> float:
        """The largest font size (down to 4 pt) at which ``text`` fits upright in columns into the box."""
        count = len(cls._vertical(text))
        size = largest
        while size > 4:
            per_column = max(int((h - 4) // (size * 1.08)), 1)
            if -(-count // per_column) * size * 1.15 <= w - 3:
                break
            size -= 0.5
        return size

    def _vertical_text(self, text: str, x: float, y: float, w: float, h: float, size: float) -> None:
        """Upright characters in columns, top to bottom, right to left (竖排), centred in the box."""
        text = self._vertical(text)
        if not text:
            return
        per_column = max(int((h - 4) // (size * 1.08)), 1)
        columns = -(-len(text) // per_column)
        per_column = -(-len(text) // columns)  # balance the columns
        canvas = self.canv
        canvas.setFillColor(INK)
        canvas.setFont(FONT, size)
        total_w = columns * size * 1.15
        for c in range(columns):
            chunk = text[c * per_column : (c + 1) * per_column]
            cx = x + w / 2 + total_w / 2 - (c + 0.5) * size * 1.15
            top = y + h / 2 + len(chunk) * size * 1.08 / 2
            for r, char in enumerate(chunk):
                canvas.drawCentredString(cx, top - (r + 1) * size * 1.08 + size * 0.15, char)

    def _lane(self, lane: _Shape, fill, size: float) -> None:
        x, y, w, h = self._box(lane.x - self.band_extra, lane.y, lane.w + self.band_extra, lane.h)
        band = (30 + self.band_extra) * self.scale
        canvas = self.canv
        canvas.setFillColor(fill)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.rect(x, y, w, h, stroke=1, fill=1)
        canvas.setFillColor(HEAD_BG)
        canvas.rect(x, y, band, h, stroke=1, fill=1)
        self._vertical_text(lane.name, x, y, band, h, size)

    def _pool(self, pool: _Shape) -> None:
        x, y, w, h = self._box(pool.x - self.band_extra, pool.y, pool.w + self.band_extra, pool.h)
        band = 30 * self.scale
        canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1)
        canvas.setFillColor(colors.HexColor("#C9D6E3"))
        canvas.rect(x, y, band, h, stroke=1, fill=1)
        canvas.rect(x, y, w, h, stroke=1, fill=0)
        self._vertical_text(pool.name, x, y, band, h, self._vertical_size(pool.name, band, h))

    def _centred_lines(
        self, text: str, cx: float, cy: float, width: float, height: float, size: float, color=INK
    ):
        """Wrap and centre ``text`` in a box, shrinking the font until it fits; returns the size used."""
        while True:
            lines = _lines(text, size, width)
            if len(lines) * size * 1.2 <= height or size <= 4.5:
                break
            size -= 0.5
        canvas = self.canv
        canvas.setFillColor(color)
        canvas.setFont(FONT, size)
        top = cy + len(lines) * size * 1.2 / 2
        for i, line in enumerate(lines):
            canvas.drawCentredString(cx, top - (i + 1) * size * 1.2 + size * 0.25, line)
        return size

    def _label(self, text: str, bounds, fallback: tuple[float, float], size: float = 6.5, box: bool = False):
        if not text:
            return
        natural = pdfmetrics.stringWidth(text, FONT, size) + 2
        if bounds:
            bx, by, bw, bh = self._box(*bounds)
            cx, cy, width = bx + bw / 2, by + bh / 2, max(bw, min(natural, 70))
        else:
            cx, cy, width = *fallback, min(natural, 70)
        lines = _lines(text, size, width)
        if box:
            canvas = self.canv
            widest = max(pdfmetrics.stringWidth(line, FONT, size) for line in lines)
            canvas.setFillColor(colors.white)
            canvas.rect(
                cx - widest / 2 - 1.5,
                cy - len(lines) * size * 1.2 / 2 - 1,
                widest + 3,
                len(lines) * size * 1.2 + 2,
                stroke=0,
                fill=1,
            )
        self._centred_lines(text, cx, cy, width, len(lines) * size * 1.2 + 1, size, GREY if box else INK)

    def _task(self, shape: _Shape) -> None:
        x, y, w, h = self._box(shape.x, shape.y, shape.w, shape.h)
        level = self.risk_levels.get(shape.element_id)
        canvas = self.canv
        canvas.setFillColor(RISK_FILL.get(level, colors.white))
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.4 if level else 0.9)
        canvas.roundRect(x, y, w, h, 8 * self.scale, stroke=1, fill=1)
        inner = w - 4
        time_h = 8 if shape.time else 0
        self._centred_lines(shape.name, x + w / 2, y + h / 2 + time_h / 2, inner, h - 6 - time_h, 7.5)
        if shape.time:
            canvas.setFont(FONT, 5.8)
            canvas.setFillColor(GREY if not level else INK)
            canvas.drawCentredString(x + w / 2, y + 3, shape.time)
        if level:
            self._badge(x + w - 1, y + h - 1, level, RISK_BADGE[level])
        if shape.supervision:
            self._badge(x + 1, y + h - 1, "监", SUPERVISION)

    def _badge(self, cx: float, cy: float, text: str, color) -> None:
        canvas = self.canv
        r = 4.6
        canvas.setFillColor(color)
        canvas.setStrokeColor(colors.white)
        canvas.setLineWidth(0.6)
        canvas.circle(cx, cy, r, stroke=1, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(FONT, 6)
        canvas.drawCentredString(cx, cy - 2.1, text)

    def _event(self, shape: _Shape) -> None:
        x, y, w, h = self._box(shape.x, shape.y, shape.w, shape.h)
        canvas = self.canv
        end = shape.kind == "endEvent"
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(2.2 if end else 1)
        canvas.setFillColor(colors.HexColor("#FDECEA") if end else colors.HexColor("#E8F5E9"))
        canvas.circle(x + w / 2, y + h / 2, min(w, h) / 2, stroke=1, fill=1)
        self._label(shape.name, shape.label, (x + w / 2, y - 6))

    def _gateway(self, shape: _Shape) -> None:
        x, y, w, h = self._box(shape.x, shape.y, shape.w, shape.h)
        cx, cy = x + w / 2, y + h / 2
        canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.9)
        canvas.setFillColor(colors.HexColor("#FFF8E1"))
        path = canvas.beginPath()
        path.moveTo(cx, y + h)
        path.lineTo(x + w, cy)
        path.lineTo(cx, y)
        path.lineTo(x, cy)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
        d = min(w, h) * 0.18
        canvas.setLineWidth(1.6)
        if shape.kind == "parallelGateway":
            canvas.line(cx - d, cy, cx + d, cy)
            canvas.line(cx, cy - d, cx, cy + d)
        elif shape.kind == "exclusiveGateway":
            canvas.line(cx - d, cy - d, cx + d, cy + d)
            canvas.line(cx - d, cy + d, cx + d, cy - d)
        elif shape.kind == "inclusiveGateway":
            canvas.circle(cx, cy, d * 1.2, stroke=1, fill=0)
        self._label(shape.name, shape.label, (cx, y + h + 6))

    def _note(self, shape: _Shape) -> None:
        x, y, w, h = self._box(shape.x, shape.y, shape.w, shape.h)
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.rect(x, y, w, h, stroke=1, fill=0)
        self._centred_lines(shape.name, x + w / 2, y + h / 2, w - 4, h - 4, 6.5, GREY)

    def _edge(self, edge: _Edge) -> None:
        points = [(self._x(px), self._y(py)) for px, py in edge.points]
        canvas = self.canv
        canvas.setStrokeColor(colors.HexColor("#37474F"))
        canvas.setLineWidth(0.8)
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        canvas.drawPath(path, stroke=1, fill=0)
        (x1, y1), (x2, y2) = points[-2], points[-1]
        length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 0.01)
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        size = 4.2
        head = canvas.beginPath()
        head.moveTo(x2, y2)
        head.lineTo(x2 - size * ux + size * 0.45 * uy, y2 - size * uy - size * 0.45 * ux)
        head.lineTo(x2 - size * ux - size * 0.45 * uy, y2 - size * uy + size * 0.45 * ux)
        head.close()
        canvas.setFillColor(colors.HexColor("#37474F"))
        canvas.drawPath(head, stroke=0, fill=1)
        if edge.name:
            segments = list(itertools.pairwise(points))
            (ax, ay), (bx, by) = max(segments, key=lambda s: abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1]))
            self._label(edge.name, edge.label, ((ax + bx) / 2, (ay + by) / 2 + 4), size=6, box=True)


class _Legend(Flowable):
    """The key of the flowchart's colours and marks."""

    ITEMS = (
        ("A", RISK_FILL[RiskLevel.A], RISK_BADGE[RiskLevel.A], "A级（高）风险点"),
        ("B", RISK_FILL[RiskLevel.B], RISK_BADGE[RiskLevel.B], "B级（中）风险点"),
        ("C", RISK_FILL[RiskLevel.C], RISK_BADGE[RiskLevel.C], "C级（低）风险点"),
        ("监", colors.white, SUPERVISION, "电子监察点"),
    )

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, 14
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        x = 0
        for letter, fill, badge, text in self.ITEMS:
            canvas.setFillColor(fill)
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.6)
            canvas.roundRect(x, 2, 18, 10, 2, stroke=1, fill=1)
            canvas.setFillColor(badge)
            canvas.circle(x + 18, 12, 4, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(FONT, 5.5)
            canvas.drawCentredString(x + 18, 10.1, letter)
            canvas.setFillColor(INK)
            canvas.setFont(FONT, 8)
            canvas.drawString(x + 26, 4, _(text))
            x += 30 + pdfmetrics.stringWidth(_(text), FONT, 8) + 18
        canvas.setFillColor(GREY)
        canvas.drawString(x, 4, _("环节下方为承办时限；左侧为承办岗位（泳道）"))


# --- The document -----------------------------------------------------------------------------------


class _Book(BaseDocTemplate):
    def __init__(self, buffer, *, title: str, header: str):
        super().__init__(buffer, pagesize=PORTRAIT, title=title, author=header, creator="Sunshine")
        self.header = header
        pw, ph = PORTRAIT
        lw, lh = LANDSCAPE
        body_h = ph - 2 * MARGIN - HEADER
        self.addPageTemplates(
            [
                PageTemplate(
                    "cover",
                    [Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="cover")],
                    onPage=self._cover,
                    pagesize=PORTRAIT,
                ),
                PageTemplate(
                    "portrait",
                    [Frame(MARGIN, MARGIN, pw - 2 * MARGIN, body_h, id="portrait")],
                    onPageEnd=self._decorate,
                    pagesize=PORTRAIT,
                ),
                PageTemplate(
                    "landscape",
                    [
                        Frame(
                            MARGIN, MARGIN * 0.8, lw - 2 * MARGIN, lh - 1.8 * MARGIN - HEADER, id="landscape"
                        )
                    ],
                    onPageEnd=self._decorate,
                    pagesize=LANDSCAPE,
                ),
            ]
        )
        self.landscape_height = lh - 1.8 * MARGIN - HEADER

    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and flowable.style.name == "ItemTitle":
            text = flowable.getPlainText()
            key = f"item-{self.seq.nextf('items')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0, closed=True)
            self.notify("TOCEntry", (0, text, self.page - 1, key))  # the cover is not numbered
            self.canv._sunshine_current = text
        elif isinstance(flowable, Paragraph) and flowable.style.name == "toc_title":
            self.canv.bookmarkPage("toc")
            self.canv.addOutlineEntry(flowable.getPlainText(), "toc", level=0)

    @staticmethod
    def _cover(canvas, doc):
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(2.5)
        canvas.line(MARGIN, height * 0.64, width - MARGIN, height * 0.64)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, height * 0.64 - 4, width - MARGIN, height * 0.64 - 4)
        canvas.restoreState()

    def _decorate(self, canvas, doc):
        width, height = canvas._pagesize
        canvas.saveState()
        top = height - MARGIN * (0.8 if width > height else 1) + 2
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, top, self.header)
        current = getattr(canvas, "_sunshine_current", "")
        if current:
            canvas.drawRightString(width - MARGIN, top, current)
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, top - 4, width - MARGIN, top - 4)
        canvas.setFont(FONT, 9)
        canvas.setFillColor(INK)
        canvas.drawCentredString(width / 2, MARGIN * 0.4, f"— {doc.page - 1} —")
        canvas.restoreState()


def _require_body(actor, body: Unit) -> None:
    require_permission(actor, "catalog.view")
    if actor is not None and not Unit.objects.filter(scope_q(actor, "catalog.view", ""), body=body).exists():
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")


def _versions(actor, body: Unit, versions) -> list[PowerVersion]:
    if versions is None:
        ids = PowerItem.objects.filter(body=body, current__isnull=False).values_list("current_id")
    else:
        ids = [v.pk if isinstance(v, PowerVersion) else v for v in versions]
    queryset = PowerVersion.objects.filter(pk__in=ids, item__body=body)
    if actor is not None:
        queryset = queryset.filter(scope_q(actor, "catalog.view", "department"))
    return list(
        queryset.select_related("item", "department", "flowchart")
        .prefetch_related(
            "legal_bases",
            "materials",
            Prefetch("responsibilities", Responsibility.objects.select_related("post", "person")),
            Prefetch(
                "risk_points",
                RiskPoint.objects.select_related("responsible_post", "responsible_person").prefetch_related(
                    "measures"
                ),
            ),
            Prefetch("benchmarks", DiscretionBenchmark.objects.prefetch_related("tiers")),
        )
        .order_by("item__code")
    )


def _grid(widths, rows, *, header: bool = False, extra=()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
    table.setStyle(TableStyle(style + list(extra)))
    return table


def _entry(version: PowerVersion, body: Unit, s: dict, width: float) -> list:
    """The catalogue entry (职权目录) of a version: one labelled row per element of CAT-108/CAT-122."""
    legal = "\n".join(
        f"{i}. 〔{b.get_level_display()}〕《{b.statute}》{b.article}" + (f"：{b.text}" if b.text else "")
        for i, b in enumerate(version.legal_bases.all(), start=1)
    )
    materials = "\n".join(
        f"{i}. {m.name}（{m.copies}份，{'必须提交' if m.required else '视情提交'}）"
        + (f"，{m.note}" if m.note else "")
        for i, m in enumerate(version.materials.all(), start=1)
    )
    people = []
    for r in version.responsibilities.all():
        who = "、".join(
            x for x in (r.post and r.post.name, r.person and r.person.name, r.collective_body) if x
        )
        people.append(f"{r.get_role_display()}：{who}")
    limits = "；".join(
        x
        for x in (
            _period(version.statutory_limit, version.statutory_unit, PERIOD_UNITS)
            and _("法定时限：%(v)s")
            % {"v": _period(version.statutory_limit, version.statutory_unit, PERIOD_UNITS)},
            _period(version.promised_limit, version.promised_unit, PERIOD_UNITS)
            and _("承诺时限：%(v)s")
            % {"v": _period(version.promised_limit, version.promised_unit, PERIOD_UNITS)},
        )
        if x
    )
    published = version.published_at and timezone.localtime(version.published_at).date()
    state = version.get_status_display() + (f"，{published:%Y年%-m月%-d日}发布" if published else "")
    rows = [
        (_("事项编码"), version.item.code),
        (_("事项名称"), version.name),
        (_("权力类别"), version.get_category_display()),
        (_("实施主体"), body.name),
        (_("责任科室"), version.department.name),
        (_("公开范围"), version.get_audience_display()),
        (_("职权依据"), legal or "—"),
        (_("办理条件"), version.conditions or "—"),
        (_("申请材料"), materials or "—"),
        (_("责任岗位"), "\n".join(people) or "—"),
        (_("办理时限"), limits or "—"),
        (_("收费标准"), version.fees or "—"),
        (_("收费依据"), version.fee_basis or "—"),
        (_("公开方式"), version.disclosure or "—"),
        (_("办理结果公开"), _("是") if version.results_public else _("否")),
        (_("相对人权利"), version.counterpart_rights or "—"),
        (_("投诉举报渠道"), version.complaint_channel or "—"),
        (_("版本"), _("第%(n)d版（%(state)s）") % {"n": version.number, "state": state}),
    ]
    table = _grid(
        [28 * mm, width - 28 * mm],
        [[_p(label, s["label"]), _p(value, s["body"])] for label, value in rows],
        extra=[("BACKGROUND", (0, 0), (0, -1), LABEL_BG), ("VALIGN", (0, 0), (0, -1), "TOP")],
    )
    return [table]


def _amounts(tier) -> str:
    def money(value) -> str:
        return f"{value:,.2f}".rstrip("0").rstrip(".") + "元"

    low, high = tier.min_amount, tier.max_amount
    if low is not None and high is not None:
        text = f"{money(low)}至{money(high)}"
    elif low is not None:
        text = f"{money(low)}以上"
    elif high is not None:
        text = f"{money(high)}以下"
    else:
        text = ""
    return "；".join(x for x in (text and f"罚款{text}", tier.measure) if x)


def _benchmarks(version: PowerVersion, s: dict, width: float) -> list:
    benches = list(version.benchmarks.all())
    if not benches:
        return []
    head = [
        _p(t, s["head"]) for t in (_("违法行为"), _("处罚依据"), _("裁量等级"), _("违法情节"), _("处罚幅度"))
    ]
    rows, spans = [head], []
    for bench in benches:
        tiers = list(bench.tiers.all())
        first = len(rows)
        for i, tier in enumerate(tiers):
            grade = tier.grade + (f"（{tier.band}）" if tier.band else "")
            rows.append(
                [
                    _p(bench.violation if i == 0 else "", s["small"]),
                    _p(bench.basis if i == 0 else "", s["small"]),
                    _p(grade, s["cell_center"]),
                    _p(tier.circumstances, s["small"]),
                    _p(_amounts(tier), s["small"]),
                ]
            )
        if len(tiers) > 1:
            spans += [("SPAN", (0, first), (0, len(rows) - 1)), ("SPAN", (1, first), (1, len(rows) - 1))]
    widths = [w * width for w in (0.2, 0.22, 0.12, 0.26, 0.2)]
    return [
        CondPageBreak(60 * mm),
        _p(_("自由裁量基准"), s["section"]),
        _grid(widths, rows, header=True, extra=[*spans, ("VALIGN", (0, 1), (1, -1), "TOP")]),
    ]


def _risk_table(version: PowerVersion, steps: dict[str, dict], s: dict, width: float) -> list:
    points = list(version.risk_points.all())
    if not points:
        return [_p(_("（本事项尚未登记廉政风险点）"), s["meta"])]
    head = [
        _p(t, s["head"])
        for t in (_("流程环节"), _("风险描述"), _("风险等级"), _("防控措施"), _("责任岗位（人）"))
    ]
    rows, extra = [head], []
    order = {RiskLevel.A: 0, RiskLevel.B: 1, RiskLevel.C: 2}
    for point in sorted(points, key=lambda p: (not p.is_main, order.get(p.level, 3), p.sort_order)):
        step = steps.get(point.step_id, {})
        who = "、".join(
            x
            for x in (
                point.responsible_post and point.responsible_post.name,
                point.responsible_person and point.responsible_person.name,
            )
            if x
        ) or step.get("lane", "")
        measures = "\n".join(f"{i}. {m.description}" for i, m in enumerate(point.measures.all(), start=1))
        description = point.description + ("\n" + _("（主要风险点）") if point.is_main else "")
        rows.append(
            [
                _p(point.step_name or step.get("name") or point.step_id, s["small"]),
                _p(description, s["small"]),
                _p(point.get_level_display(), s["cell_center"]),
                _p(measures or "—", s["small"]),
                _p(who or "—", s["small"]),
            ]
        )
        extra.append(
            ("BACKGROUND", (2, len(rows) - 1), (2, len(rows) - 1), RISK_FILL.get(point.level, colors.white))
        )
    widths = [w * width for w in (0.14, 0.3, 0.09, 0.33, 0.14)]
    return [_grid(widths, rows, header=True, extra=[*extra, ("VALIGN", (0, 1), (-1, -1), "TOP")])]


def _item_story(n: int, version: PowerVersion, body: Unit, s: dict, doc: _Book) -> list:
    portrait_w = PORTRAIT[0] - 2 * MARGIN
    landscape_w = LANDSCAPE[0] - 2 * MARGIN
    draft = "" if version.status == Status.PUBLISHED else _("【%(s)s】") % {"s": version.get_status_display()}
    gap = "&nbsp;" * 6  # Paragraph collapses white space, the ideographic space included
    meta = gap.join(
        escape(part)
        for part in (
            _("事项编码：%(v)s") % {"v": version.item.code},
            _("权力类别：%(v)s") % {"v": version.get_category_display()},
            _("责任科室：%(v)s") % {"v": version.department.name},
        )
    )
    story = [
        _p(f"{n}. {version.name}{draft}", s["item"]),
        Paragraph(meta, s["meta"]),
        *_entry(version, body, s, portrait_w),
        *_benchmarks(version, s, portrait_w),
        NextPageTemplate("landscape"),
        PageBreak(),
    ]
    flowchart = getattr(version, "flowchart", None)
    title = _p(_("%(name)s 权力运行流程图") % {"name": version.name}, s["section"])
    steps = {step["element_id"]: step for step in (flowchart.steps if flowchart else [])}
    if flowchart is None:
        story += [title, _p(_("（本事项尚未绘制流程图）"), s["meta"])]
    else:
        levels: dict[str, str] = {}
        for point in version.risk_points.all():
            if point.step_id not in levels or point.level < levels[point.step_id]:
                levels[point.step_id] = point.level
        drawing = FlowchartDrawing(flowchart.xml, levels, max_height=doc.landscape_height - 60)
        if drawing.empty:
            listing = "　→　".join(
                step["name"] or step["element_id"] for step in flowchart.steps if step.get("name")
            )
            story += [
                title,
                _p(_("（流程图没有图形布局信息，环节依次为：%(s)s）") % {"s": listing}, s["body"]),
            ]
        else:
            parts = drawing.parts(landscape_w)
            for i, part in enumerate(parts):
                caption = (
                    title
                    if i == 0
                    else _p(
                        _("%(name)s 权力运行流程图（续%(n)d）") % {"name": version.name, "n": i}, s["section"]
                    )
                )
                legend = [Spacer(1, 4), _Legend()] if i == len(parts) - 1 else []
                story += [KeepTogether([caption, part, *legend])]
    story += [
        CondPageBreak(40 * mm),
        _p(_("廉政风险点及防控措施"), s["section"]),
        *_risk_table(version, steps, s, landscape_w),
        NextPageTemplate("portrait"),
        PageBreak(),
    ]
    return story


def render_book(actor, body: Unit, versions=None, *, today: dt.date | None = None) -> bytes:
    """The printable catalogue book of ``body`` (权力清单汇编) as PDF bytes.

    ``versions``: the PowerVersions (or ids) to print, in code order; None prints the version in
    force of every published item. Only versions in the actor's catalog.view scope are printed.
    ``today`` dates the cover (default: today). Raises BookFontMissing (ImproperlyConfigured, Chinese
    message) when no Chinese TrueType font is installed.
    """
    with translation.override(LANGUAGE):
        _require_body(actor, body)
        book_font()
        chosen = _versions(actor, body, versions)
        s = _styles()
        today = today or clock.today()
        buffer = io.BytesIO()
        header = _("%(body)s权力清单") % {"body": body.name}
        doc = _Book(buffer, title=header, header=header)
        story: list = [
            Spacer(1, 60 * mm),
            _p(body.name, s["cover_body"]),
            Spacer(1, 16 * mm),
            _p(_("权力清单"), s["cover_title"]),
            Spacer(1, 6 * mm),
            _p(_("职权目录 · 权力运行流程图 · 廉政风险防控"), s["cover_sub"]),
            Spacer(1, 70 * mm),
            _p(_("共%(n)d项职权事项") % {"n": len(chosen)}, s["cover_sub"]),
            Spacer(1, 4 * mm),
            _p(f"{body.name}", s["cover_date"]),
            _p(f"{today.year}年{today.month}月{today.day}日", s["cover_date"]),
            NextPageTemplate("portrait"),
            PageBreak(),
            _p(_("目　录"), s["toc_title"]),
        ]
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [s["toc"]]
        story += [toc, PageBreak()]
        if not chosen:
            story.append(_p(_("（没有可打印的职权事项）"), s["body"]))
        for n, version in enumerate(chosen, start=1):
            story += _item_story(n, version, body, s, doc)
        if story and isinstance(story[-1], PageBreak):
            story.pop()
        doc.multiBuild(story)
        return buffer.getvalue()
