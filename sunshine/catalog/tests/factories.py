"""Test helpers: power items in each state, built through the services (as users would)."""

from __future__ import annotations

from sunshine.catalog import services
from sunshine.catalog.choices import Category, ReviewKind, ReviewOutcome
from sunshine.catalog.models import PowerVersion
from sunshine.flows.services import flowchart_from_template, flowchart_save
from sunshine.org.tests.factories import PostFactory


def user_steps(version: PowerVersion) -> list[dict]:
    return [s for s in version.flowchart.steps if s["kind"] in ("userTask", "task", "manualTask")]


def complete_draft(
    actor,
    department,
    *,
    code="XK-001",
    name="烟花爆竹经营（零售）许可",
    category=Category.PERMIT,
    xml: str | None = None,
):
    """A draft with every element the seeds require, its flowchart from the matching template (or
    ``xml``, a diagram of its own)."""
    body = department.body
    version = services.item_create(
        actor=actor,
        body=body,
        code=code,
        name=name,
        category=category,
        department=department,
        conditions="有符合规定的经营场所和储存设施",
        statutory_limit=20,
        promised_limit=10,
        fees="不收费",
        disclosure="门户网站、政务服务大厅",
        counterpart_rights="申请人依法享有陈述权、申辩权，对决定不服的可申请行政复议或提起行政诉讼",
        complaint_channel="县纪委监委举报电话 12388",
    )
    services.legal_bases_set(
        actor=actor,
        version=version,
        rows=[{"level": "regulation", "statute": "烟花爆竹安全管理条例", "article": "第十九条"}],
    )
    services.materials_set(
        actor=actor, version=version, rows=[{"name": "申请书"}, {"name": "营业执照复印件"}]
    )
    post = PostFactory(unit=department, name=f"承办岗{code}")
    services.responsibilities_set(actor=actor, version=version, rows=[{"role": "handler", "post": post}])
    if xml is not None:
        flowchart_save(actor=actor, version=version, xml=xml)
    else:
        template = "penalty" if category == Category.PENALTY else "permit"
        flowchart_from_template(actor=actor, version=version, template=template)
    version.refresh_from_db()
    step = user_steps(version)[1]
    services.risk_point_add(
        actor=actor,
        version=version,
        step_id=step["element_id"],
        description="审查时降低标准、吃拿卡要",
        importance=3,
        frequency=2,
        likelihood=2,
        measures=["审查标准公开", "科室负责人复核"],
    )
    if category == Category.PENALTY:
        services.benchmarks_set(
            actor=actor,
            version=version,
            benchmarks=[
                {
                    "violation": "未按规定储存烟花爆竹",
                    "tiers": [
                        {
                            "grade": "轻微",
                            "circumstances": "首次且及时改正",
                            "min_amount": "1000",
                            "max_amount": "3000",
                        },
                        {
                            "grade": "严重",
                            "circumstances": "拒不改正",
                            "min_amount": "3000",
                            "max_amount": "10000",
                        },
                    ],
                }
            ],
        )
    version.refresh_from_db()
    return version


def published(actor, department, legal_reviewer, inspector, publisher, **kwargs) -> PowerVersion:
    version = complete_draft(actor, department, **kwargs)
    services.version_submit(actor=actor, version=version, expected_version=version.version)
    for reviewer, kind in ((legal_reviewer, ReviewKind.LEGAL), (inspector, ReviewKind.DISCIPLINE)):
        services.version_review(
            actor=reviewer,
            version=version,
            kind=kind,
            outcome=ReviewOutcome.APPROVED,
            opinion="同意",
            basis_checked=True,
            practice_checked=True,
            name_checked=True,
        )
    version.refresh_from_db()
    return services.version_publish(actor=publisher, version=version, expected_version=version.version)
