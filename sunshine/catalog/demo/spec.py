"""The shape of the demo catalogue's data: one ``Item`` per power, written as data in safety.py,
eco.py and town.py, and the small helpers those files use to stay readable.

A post is named by its org-demo unit code and post name (``("SAFETY-WHP", "承办人")``); a risk point
by the Chinese name of its step in the built-in flowchart template (``"现场核查"``). The first risk
point listed is the item's main one (一个主要风险点, CAT-119).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from sunshine.catalog.choices import Category, LegalLevel, PeriodUnit, ResponsibleRole, RiskLevel

# How far an item is taken through its life cycle (CAT-116).
PUBLISHED = "published"
DRAFT = "draft"
SUBMITTED = "submitted"  # sent to the legal and discipline offices, awaiting their review
RETURNED = "returned"  # the legal office sent it back: a draft again, with the review on record
REVISED = "revised"  # published, then a second version started (回头看, CAT-118) and left in draft

WD, DAYS = PeriodUnit.WORKDAYS, PeriodUnit.DAYS


@dataclass(frozen=True)
class Basis:
    level: str
    statute: str  # without 《》
    article: str = ""

    def row(self) -> dict:
        return {"level": self.level, "statute": self.statute, "article": self.article}


def law(statute: str, article: str = "") -> Basis:
    return Basis(LegalLevel.LAW, statute, article)


def regulation(statute: str, article: str = "") -> Basis:
    return Basis(LegalLevel.REGULATION, statute, article)


def ministerial(statute: str, article: str = "") -> Basis:
    return Basis(LegalLevel.MINISTERIAL_RULE, statute, article)


def normative(statute: str, article: str = "") -> Basis:
    return Basis(LegalLevel.NORMATIVE, statute, article)


def party(statute: str, article: str = "") -> Basis:
    return Basis(LegalLevel.PARTY_RULE, statute, article)


@dataclass(frozen=True)
class Material:
    name: str
    copies: int = 1
    required: bool = True
    note: str = ""


def material_row(material: Material | str) -> dict:
    if isinstance(material, str):
        material = Material(material)
    return {
        "name": material.name,
        "copies": material.copies,
        "required": material.required,
        "note": material.note,
    }


def optional(name: str, note: str = "") -> Material:
    return Material(name, required=False, note=note)


@dataclass(frozen=True)
class Duty:
    """A responsibility (CAT-113): a post of the body, or a collective body (局务会, 党组会)."""

    role: str
    unit: str = ""
    post: str = ""
    collective: str = ""


def handler(unit: str, post: str) -> Duty:
    return Duty(ResponsibleRole.HANDLER, unit, post)


def reviewer(unit: str, post: str) -> Duty:
    return Duty(ResponsibleRole.REVIEWER, unit, post)


def approver(unit: str, post: str) -> Duty:
    return Duty(ResponsibleRole.APPROVER, unit, post)


def collective(name: str) -> Duty:
    return Duty(ResponsibleRole.COLLECTIVE, collective=name)


# The three ratings of CAT-4 (importance, frequency, likelihood) that make
# catalog.services.suggested_level propose the grade the leadership chose (CAT-5).
RATINGS = {RiskLevel.A: (3, 2, 2), RiskLevel.B: (2, 2, 2), RiskLevel.C: (2, 1, 1)}


@dataclass(frozen=True)
class Risk:
    """An integrity-risk point on a step (SUP-132), with 1-3 prevention measures (SUP-134)."""

    step: str  # the step's name in the flowchart template
    level: str
    description: str
    measures: tuple[str, ...]


@dataclass(frozen=True)
class Tier:
    grade: str
    band: str
    circumstances: str
    min_amount: int | None = None
    max_amount: int | None = None
    measure: str = ""


@dataclass(frozen=True)
class Benchmark:
    violation: str
    basis: str
    tiers: tuple[Tier, ...]

    def row(self) -> dict:
        return {"violation": self.violation, "basis": self.basis, "tiers": [asdict(t) for t in self.tiers]}


# 三级九档 (CAT-127): three grades of circumstances, each cut into three bands.
GRADES = (
    ("较轻", "违法情节较轻，危害后果较小，积极配合调查并及时改正"),
    ("一般", "违法情节一般，造成一定危害后果，或者在责令期限内未全部改正"),
    ("严重", "违法情节严重，造成较大危害后果，一年内再次违法或者拒不改正"),
)
BANDS = (
    ("第一档", "具有从轻处罚情节"),
    ("第二档", "无从轻、从重处罚情节"),
    ("第三档", "具有从重处罚情节"),
)


def _nice(value: Decimal, step: int) -> int:
    return int((value / step).quantize(Decimal(1)) * step)


def nine_bands(low: int | None, high: int, measure: str = "") -> tuple[Tier, ...]:
    """The statutory range cut into 三级九档: nine equal bands, rounded to tidy amounts. ``low`` is
    None when the statute sets only a ceiling (“处五万元以下的罚款”)."""
    start = low or 0
    step = max(s for s in (100, 500, 1000, 5000, 10_000, 50_000) if s == 100 or s <= (high - start) / 90)
    edges = [start + _nice(Decimal(high - start) * i / 9, step) for i in range(10)]
    edges[0], edges[-1] = start, high
    tiers = []
    for g, (grade, grade_text) in enumerate(GRADES):
        for b, (band, band_text) in enumerate(BANDS):
            i = g * 3 + b
            tiers.append(
                Tier(
                    grade=grade,
                    band=band,
                    circumstances=f"{grade_text}；{band_text}",
                    min_amount=edges[i] if (i or low) else None,
                    max_amount=edges[i + 1],
                    measure=measure,
                )
            )
    return tuple(tiers)


@dataclass(frozen=True)
class Revision:
    """What the second version (version_new) changes, so that the diff has something to show."""

    note: str
    changes: dict = field(default_factory=dict)
    materials: tuple[Material | str, ...] = ()  # replaces the list when given


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    category: str
    department: str  # org-demo unit code
    bases: tuple[Basis, ...]
    conditions: str
    materials: tuple[Material | str, ...]
    duties: tuple[Duty, ...]
    risks: tuple[Risk, ...]
    statutory: tuple[int, str] | None = None  # (limit, PeriodUnit)
    promised: tuple[int, str] | None = None
    benchmarks: tuple[Benchmark, ...] = ()
    fees: str = "不收费"
    fee_basis: str = ""
    disclosure: str = ""  # default: the body's, by audience
    counterpart_rights: str = ""  # default: by category
    state: str = PUBLISHED
    review_opinion: str = ""  # the legal office's opinion when RETURNED
    revision: Revision | None = None  # when REVISED

    @property
    def template(self) -> str:
        return "penalty" if self.category == Category.PENALTY else "permit"


@dataclass(frozen=True)
class BodyCatalog:
    """One demo body's catalogue and the demo accounts that review and publish it."""

    code: str  # org-demo body code
    legal: str  # user names (DEMO_ACCOUNTS.md)
    inspector: str
    publisher: str
    complaint_channel: str
    disclosure: str  # external powers
    items: tuple[Item, ...]
    internal_disclosure: str = "在本单位内部公开：机关公示栏、内部办公系统（CAT-110）"


# The counterpart's rights by kind of power, as the statutes grant them.
RIGHTS = {
    Category.PERMIT: "申请人依法享有陈述权、申辩权；对不予受理、不予许可决定不服的，可以依法申请行政复议或者"
    "提起行政诉讼；合法权益因行政机关违法实施行政许可受到损害的，有权依法要求赔偿"
    "（《中华人民共和国行政许可法》第七条）",
    Category.PENALTY: "当事人享有陈述权、申辩权；拟作出较大数额罚款、没收较大数额违法所得、"
    "责令停产停业等处罚的，有权要求听证（《中华人民共和国行政处罚法》第七条、第六十三条）；对处罚决定不服的，可以依法申请行政复议"
    "或者提起行政诉讼",
    Category.COMPULSORY: "当事人享有陈述权、申辩权；对行政强制不服的，可以依法申请行政复议或者提起行政诉讼；"
    "因违法实施行政强制受到损害的，有权依法要求赔偿（《中华人民共和国行政强制法》第八条）",
}
RIGHTS_DEFAULT = "相对人依法享有知情权、陈述权和申辩权；对决定不服的，可以依法申请行政复议或者提起行政诉讼"
RIGHTS_INTERNAL = (
    "当事人对处理结果有异议的，可以向本单位党组织或者上级机关提出申诉、控告；"
    "发现违规的，可以向纪检监察机关举报"
)
