"""Demo data of the catalog app: a power catalogue for each of the org demo's three bodies (loaded
by ``sunshine demo`` after the org demo; see sunshine/org/DEMO_ACCOUNTS.md).

The items are data (safety.py, eco.py, town.py; their shape in spec.py). Each is built the way
users build one, through the catalog and flows services: registered as a draft with its legal
bases, materials and responsible posts, given the flowchart of the matching template (penalties
"penalty", everything else "permit"), risk points on that flowchart's steps and, for penalties,
discretion benchmarks. Most are then submitted, reviewed by the body's legal reviewer and
discipline inspector accounts (CAT-116, with the three checks of CAT-117) and published by its
principal leader; a few stay in draft, one awaits review, one was returned by the legal office, and
one has a second version in draft so that versions and their differences can be seen.

Drafts are created by the system (``actor=None`` inside the demo command's ``system_actor``), so
no reviewer reviews a draft of their own.

Idempotent: an item is created only when its body has no item with that code (deleted ones
included), and everything about it is created with it; a second run creates nothing.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from sunshine.catalog import services
from sunshine.catalog.choices import (
    INTERNAL_CATEGORIES,
    Audience,
    Category,
    ResponsibleRole,
    ReviewKind,
    ReviewOutcome,
)
from sunshine.catalog.models import PowerItem, PowerVersion
from sunshine.core.models import User
from sunshine.flows.engine import HUMAN_TASK_KINDS, name_lanes, template
from sunshine.flows.services import flowchart_save
from sunshine.org.choices import PostKind, UnitKind
from sunshine.org.models import Post, Unit

from . import eco, safety, town
from .spec import (
    DRAFT,
    RATINGS,
    RETURNED,
    REVISED,
    RIGHTS,
    RIGHTS_DEFAULT,
    RIGHTS_INTERNAL,
    SUBMITTED,
    BodyCatalog,
    Item,
    material_row,
)

CATALOGS: tuple[BodyCatalog, ...] = (eco.CATALOG, safety.CATALOG, town.CATALOG)

PERMIT_FEE_BASIS = "《中华人民共和国行政许可法》第五十八条：实施行政许可不得收取任何费用"
OPINIONS = {
    ReviewKind.LEGAL: "经对照法律、法规核对，职权依据准确、条款引用无误，名称与上级清单一致，同意发布。",
    ReviewKind.DISCIPLINE: "廉政风险点查找到位，等级评定适当，防控措施可行，流程图与实际办理一致，同意发布。",
}


# The template lanes that name a responsible role (their steps are that post's: CAT-113).
ROLE_LANES = {
    ResponsibleRole.HANDLER: ("Lane_handler", "Lane_officer"),
    ResponsibleRole.REVIEWER: ("Lane_reviewer",),
    ResponsibleRole.APPROVER: ("Lane_leader",),
}
LEGAL_LANE = "Lane_legal"


def lane_names(body: Unit, rows: list[dict]) -> dict[str, str]:
    """Lane id → the real post (or collective body) that handles its steps in this body."""
    names: dict[str, str] = {}
    for row in rows:
        if row["post"] is not None:
            for lane in ROLE_LANES.get(row["role"], ()):
                names.setdefault(lane, row["post"].name)
            if row["role"] == ResponsibleRole.REVIEWER and row["post"].kind == PostKind.LEGAL:
                # The penalty template's legality review (法制审核, CASE-151) is the legal
                # reviewer's step, not one for whoever may handle the case.
                names.setdefault(LEGAL_LANE, row["post"].name)
        elif row["collective_body"]:
            names.setdefault("Lane_collective", row["collective_body"])
    head = Post.objects.filter(unit=body, kind=PostKind.PRINCIPAL).first()
    if head is not None:
        names["Lane_head"] = head.name
    return names


def has_data() -> bool:
    """Whether the installation already has a power catalogue (``sunshine demo --if-empty``)."""
    return PowerItem.all_objects.exists()


class _Loader:
    def __init__(self) -> None:
        self.created: dict[str, int] = {}

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    def body(self, catalog: BodyCatalog, codes: Collection[str] | None = None) -> None:
        body = Unit.objects.filter(code=catalog.code, kind=UnitKind.BODY).first()
        if body is None:
            return
        accounts = {
            kind: User.objects.filter(username__iexact=name).first()
            for kind, name in (
                ("legal", catalog.legal),
                ("inspector", catalog.inspector),
                ("publisher", catalog.publisher),
            )
        }
        for item in catalog.items:
            if codes is not None and item.code not in codes:
                continue
            if PowerItem.all_objects.filter(body=body, code=item.code).exists():
                continue
            department = Unit.objects.filter(code=item.department, body=body).first()
            if department is None:
                continue
            version = self.draft(catalog, body, department, item)
            self.advance(version, item, accounts)

    def draft(self, catalog: BodyCatalog, body: Unit, department: Unit, item: Item) -> PowerVersion:
        """The complete draft: entry, legal bases, materials, posts, flowchart, risks, benchmarks."""
        internal = item.category in INTERNAL_CATEGORIES
        statutory, promised = item.statutory or (None, None), item.promised or (None, None)
        version = services.item_create(
            actor=None,
            body=body,
            code=item.code,
            name=item.name,
            category=item.category,
            department=department,
            audience=Audience.INTERNAL if internal else Audience.EXTERNAL,
            conditions=item.conditions,
            statutory_limit=statutory[0],
            statutory_unit=statutory[1],
            promised_limit=promised[0],
            promised_unit=promised[1],
            fees=item.fees,
            fee_basis=item.fee_basis or (PERMIT_FEE_BASIS if item.category == Category.PERMIT else ""),
            disclosure=item.disclosure or (catalog.internal_disclosure if internal else catalog.disclosure),
            results_public=not internal,
            counterpart_rights=item.counterpart_rights
            or (RIGHTS_INTERNAL if internal else RIGHTS.get(item.category, RIGHTS_DEFAULT)),
            complaint_channel=catalog.complaint_channel,
        )
        self.count("power items")
        services.legal_bases_set(actor=None, version=version, rows=[b.row() for b in item.bases])
        services.materials_set(actor=None, version=version, rows=[material_row(m) for m in item.materials])
        posts = {
            d: Post.objects.filter(unit__body=body, unit__code=d.unit, name=d.post).first()
            for d in item.duties
        }
        rows = [{"role": d.role, "post": posts[d], "collective_body": d.collective} for d in item.duties]
        rows = [
            row for row in rows if row["post"] or row["collective_body"]
        ]  # a post renamed since: left out
        services.responsibilities_set(actor=None, version=version, rows=rows)
        xml = name_lanes(template(item.template), lane_names(body, rows))
        flowchart_save(actor=None, version=version, xml=xml, template=item.template)
        version.refresh_from_db()
        steps = {s["name"]: s["element_id"] for s in version.flowchart.steps if s["kind"] in HUMAN_TASK_KINDS}
        # Prevention is owned by the reviewing post (科室负责人), else by the handling one.
        owners = [row["post"] for row in rows if row["post"] and row["role"] == ResponsibleRole.REVIEWER]
        owner = (owners or [row["post"] for row in rows if row["post"]] or [None])[0]
        for i, risk in enumerate(item.risks):
            importance, frequency, likelihood = RATINGS[risk.level]
            services.risk_point_add(
                actor=None,
                version=version,
                step_id=steps[risk.step],
                description=risk.description,
                level=risk.level,
                importance=importance,
                frequency=frequency,
                likelihood=likelihood,
                is_main=i == 0,
                responsible_post=owner,
                measures=risk.measures,
            )
        self.count("risk points", len(item.risks))
        if item.benchmarks:
            services.benchmarks_set(
                actor=None, version=version, benchmarks=[b.row() for b in item.benchmarks]
            )
            self.count("discretion benchmarks", len(item.benchmarks))
        version.refresh_from_db()
        return version

    def review(
        self, version: PowerVersion, kind: str, actor: User, outcome=ReviewOutcome.APPROVED, opinion=""
    ):
        services.version_review(
            actor=actor,
            version=version,
            kind=kind,
            outcome=outcome,
            opinion=opinion or OPINIONS[kind],
            basis_checked=True,
            practice_checked=True,
            name_checked=True,
        )
        self.count("reviews")

    def advance(self, version: PowerVersion, item: Item, accounts: dict) -> None:
        """Take the draft as far as ``item.state`` says (CAT-116)."""
        if item.state == DRAFT:
            return
        services.version_submit(actor=None, version=version, expected_version=version.version)
        if item.state == SUBMITTED or not all(accounts.values()):
            return
        if item.state == RETURNED:
            self.review(
                version, ReviewKind.LEGAL, accounts["legal"], ReviewOutcome.RETURNED, item.review_opinion
            )
            return
        self.review(version, ReviewKind.LEGAL, accounts["legal"])
        self.review(version, ReviewKind.DISCIPLINE, accounts["inspector"])
        version.refresh_from_db()
        services.version_publish(
            actor=accounts["publisher"], version=version, expected_version=version.version
        )
        self.count("published versions")
        if item.state == REVISED and item.revision:
            self.revise(version, item)

    def revise(self, version: PowerVersion, item: Item) -> None:
        """A second version in draft (回头看, CAT-118), changed so that the diff shows something."""
        revision = item.revision
        draft = services.version_new(actor=None, item=version.item, change_note=revision.note)
        if revision.changes:
            services.version_update(
                actor=None, version=draft, expected_version=draft.version, **revision.changes
            )
        if revision.materials:
            services.materials_set(
                actor=None, version=draft, rows=[material_row(m) for m in revision.materials]
            )
        self.count("draft revisions")


@transaction.atomic
def load(codes: Collection[str] | None = None) -> dict[str, int]:
    """Create whatever of the demo catalogue is missing; return how many records of each kind.
    ``codes``: only the items with these codes (a test that needs one demo power, as built here)."""
    loader = _Loader()
    for catalog in CATALOGS:
        loader.body(catalog, codes)
    return loader.created
