"""Demo data of the org app: the seeds' three kinds of body, their people, posts, portfolios and
one account for every kind of user (loaded by ``sunshine demo``; see DEMO_ACCOUNTS.md).

(a) 示范市生态环境局, a municipal environmental-protection bureau under its Party group (seeds 000,
    004), with an affiliated unit (市环境监测站) as a subordinate body;
(b) 示范县安全生产监督管理局, a county work-safety bureau (seed 003, second half);
(c) 示范乡人民政府, a township government with two village committees (seed 003, first half).

Everything is created through org.services with the system as actor (``actor=None`` inside the
demo command's ``system_actor`` block), so the demo is audited like any other change and obeys
the same rules: the five barred portfolios go to deputies, never to the principal leader (DEC-72).

Idempotent: a record is created only when missing (units by code, posts by unit and name, people by
body and name, accounts by user name), and what depends on a person (posts held, portfolios, the
account and its roles) is created only together with that person. A second run therefore changes
nothing, and never touches a password, a role or a post that somebody has changed since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from sunshine.core.models import User
from sunshine.org import services
from sunshine.org.choices import DataScope, Gender, PortfolioArea, PostKind, UnitKind
from sunshine.org.models import Person, Post, Role, Unit

# The one password of every demo account (it satisfies the policy, SEC-4). Demo accounts need not
# change it at first log-in, so that the demo is usable at once; accounts opened in the UI must.
DEMO_PASSWORD = "Sunshine@2026"
# The day the demo's people took up their posts: before any demo case, which the other apps' demos
# date back weeks or months, so that a step done on its (past) day was done by the post's holder
# then (oversight's ANO-3 looks at the holdings on the step's day).
DEMO_HOLDINGS_SINCE = dt.date(2024, 1, 1)

M, F = Gender.MALE, Gender.FEMALE
# The office clerk (文秘) registers what comes in for the whole body and also handles the steps of
# the office's own powers (awards, procurement, projects: their flowcharts' handling post), which
# the office-clerk role alone does not allow: the clerk role over the office as well.
OFFICE_HANDLES = ("clerk", DataScope.OWN_DEPARTMENT)
P = PostKind


@dataclass
class Staff:
    unit: str  # unit code
    name: str
    gender: str
    title: str
    posts: list[str]  # post names in ``unit``
    account: str = ""  # user name, when the person has a demo account
    role: str = ""  # built-in role code of that account
    scope: str = DataScope.OWN_BODY
    scope_unit: str = ""  # unit code the role is granted over; default: the person's unit
    also: tuple[str, str] = ()  # a second built-in role (code, data scope) over the person's unit


@dataclass
class Body:
    code: str
    name: str
    short_name: str
    description: str
    parent: str = ""  # code of the body this one is subordinate to
    units: list[tuple[str, str, str, str]] = field(default_factory=list)  # code, name, kind, parent code
    posts: list[tuple[str, str, str]] = field(default_factory=list)  # unit code, post name, kind
    staff: list[Staff] = field(default_factory=list)
    portfolios: list[tuple[str, str, str, list[str]]] = field(
        default_factory=list
    )  # leader, area, title, depts


ECO = "ECO"
ECO_BODIES = [
    Body(
        ECO,
        "示范市生态环境局",
        "市生态环境局",
        "主管全市生态环境保护工作。局党组对全局和局直单位党风廉政建设负主体责任，驻局纪检组负监督责任。",
        units=[
            ("ECO-BGS", "办公室", UnitKind.DEPARTMENT, ECO),
            ("ECO-ZCFG", "政策法规科", UnitKind.DEPARTMENT, ECO),
            ("ECO-CWK", "财务科", UnitKind.DEPARTMENT, ECO),
            ("ECO-RSK", "人事科", UnitKind.DEPARTMENT, ECO),
            ("ECO-HPSP", "环评审批科", UnitKind.DEPARTMENT, ECO),
            ("ECO-ZFZD", "环境执法支队", UnitKind.DEPARTMENT, ECO),
            ("ECO-JJZ", "驻局纪检组/监察室", UnitKind.DEPARTMENT, ECO),
        ],
        posts=[
            (ECO, "局长、党组书记", P.PRINCIPAL),
            (ECO, "副局长（常务）", P.DEPUTY_LEADER),
            (ECO, "副局长", P.DEPUTY_LEADER),
            (ECO, "总工程师", P.DEPUTY_LEADER),
            ("ECO-BGS", "办公室主任", P.SECTION_HEAD),
            ("ECO-BGS", "文秘督办", P.OFFICE),
            ("ECO-ZCFG", "科长", P.SECTION_HEAD),
            ("ECO-ZCFG", "法制审核员", P.LEGAL),
            ("ECO-CWK", "科长", P.SECTION_HEAD),
            ("ECO-CWK", "会计", P.CLERK),
            ("ECO-RSK", "科长", P.SECTION_HEAD),
            ("ECO-RSK", "干部人事专员", P.CLERK),
            ("ECO-HPSP", "科长", P.SECTION_HEAD),
            ("ECO-HPSP", "审核人", P.REVIEWER),
            ("ECO-HPSP", "承办人", P.CLERK),
            ("ECO-ZFZD", "支队长", P.SECTION_HEAD),
            ("ECO-ZFZD", "执法人员", P.CLERK),
            ("ECO-JJZ", "纪检组组长", P.DISCIPLINE),
            ("ECO-JJZ", "纪检监察员", P.DISCIPLINE),
        ],
        staff=[
            Staff(
                ECO,
                "周建国",
                M,
                "局长、党组书记",
                ["局长、党组书记"],
                "eco.director",
                "principal_leader",
                DataScope.BODY_AND_SUBORDINATES,
            ),
            Staff(
                ECO,
                "陈立新",
                M,
                "副局长（常务）、党组成员",
                ["副局长（常务）"],
                "eco.deputy",
                "deputy_leader",
            ),
            Staff(ECO, "刘芳", F, "副局长、党组成员", ["副局长"], "eco.deputy.approval", "deputy_leader"),
            Staff(ECO, "赵卫东", M, "总工程师、党组成员", ["总工程师"], "eco.engineer", "deputy_leader"),
            Staff(
                "ECO-BGS",
                "吴海燕",
                F,
                "办公室主任",
                ["办公室主任"],
                "eco.office.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "ECO-BGS",
                "郑晓燕",
                F,
                "科员",
                ["文秘督办"],
                "eco.office",
                "office_clerk",
                DataScope.OWN_BODY,
                ECO,
                OFFICE_HANDLES,
            ),
            Staff(
                "ECO-ZCFG",
                "王志强",
                M,
                "科长",
                ["科长"],
                "eco.legal.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "ECO-ZCFG",
                "黄丽",
                F,
                "法制审核员",
                ["法制审核员"],
                "eco.legal",
                "legal_reviewer",
                DataScope.OWN_BODY,
                ECO,
            ),
            Staff(
                "ECO-CWK",
                "何秀英",
                F,
                "科长",
                ["科长"],
                "eco.finance.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "ECO-CWK", "林涛", M, "会计", ["会计"], "eco.accountant", "clerk", DataScope.OWN_DEPARTMENT
            ),
            Staff(
                "ECO-RSK",
                "马俊",
                M,
                "科长",
                ["科长"],
                "eco.personnel.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "ECO-RSK",
                "罗敏",
                F,
                "科员",
                ["干部人事专员"],
                "eco.personnel",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "ECO-HPSP",
                "李红梅",
                F,
                "科长",
                ["科长"],
                "eco.section",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "ECO-HPSP",
                "高峰",
                M,
                "副科长",
                ["审核人"],
                "eco.reviewer",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff("ECO-HPSP", "张伟", M, "科员", ["承办人"], "eco.clerk", "clerk", DataScope.OWN_DEPARTMENT),
            Staff("ECO-HPSP", "徐丽", F, "科员", ["承办人"]),
            Staff(
                "ECO-ZFZD",
                "梁勇",
                M,
                "支队长",
                ["支队长"],
                "eco.enforcement.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "ECO-ZFZD",
                "宋磊",
                M,
                "执法队员",
                ["执法人员"],
                "eco.officer",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff("ECO-ZFZD", "唐浩", M, "执法队员", ["执法人员"]),
            Staff(
                "ECO-JJZ",
                "孙明",
                M,
                "驻局纪检组组长",
                ["纪检组组长"],
                "eco.inspector",
                "discipline_inspector",
                DataScope.BODY_AND_SUBORDINATES,
                ECO,
            ),
            Staff("ECO-JJZ", "许静", F, "纪检监察员", ["纪检监察员"]),
        ],
        portfolios=[
            ("周建国", PortfolioArea.OTHER, "主持局党组和局行政全面工作", []),
            ("陈立新", PortfolioArea.FINANCE, "分管财务工作", ["ECO-CWK"]),
            ("陈立新", PortfolioArea.PROCUREMENT, "分管物资采购工作", ["ECO-BGS"]),
            ("刘芳", PortfolioArea.PERSONNEL, "分管组织人事工作", ["ECO-RSK"]),
            ("刘芳", PortfolioArea.ADMIN_APPROVAL, "分管行政审批工作", ["ECO-HPSP"]),
            ("赵卫东", PortfolioArea.CONSTRUCTION_TENDERING, "分管工程建设和招投标工作", []),
            ("赵卫东", PortfolioArea.OTHER, "分管环境执法和政策法规工作", ["ECO-ZFZD", "ECO-ZCFG"]),
        ],
    ),
    Body(
        "ECO-JCZ",
        "示范市环境监测站",
        "市环境监测站",
        "局直属事业单位，承担全市环境质量监测。",
        parent=ECO,
        units=[("ECO-JCZ-ZH", "综合科", UnitKind.DEPARTMENT, "ECO-JCZ")],
        posts=[
            ("ECO-JCZ", "站长", P.PRINCIPAL),
            ("ECO-JCZ", "副站长", P.DEPUTY_LEADER),
            ("ECO-JCZ-ZH", "监测员", P.CLERK),
        ],
        staff=[
            Staff("ECO-JCZ", "韩志刚", M, "站长", ["站长"]),
            Staff("ECO-JCZ", "冯雪", F, "副站长", ["副站长"]),
            Staff("ECO-JCZ-ZH", "曹阳", M, "监测员", ["监测员"]),
        ],
        portfolios=[
            ("冯雪", PortfolioArea.FINANCE, "分管财务和物资采购", ["ECO-JCZ-ZH"]),
        ],
    ),
]

SAFETY = "SAFETY"
SAFETY_BODIES = [
    Body(
        SAFETY,
        "示范县安全生产监督管理局",
        "县安监局",
        "负责全县安全生产综合监督管理，实施非煤矿山、危险化学品、烟花爆竹等行政许可、行政处罚和行政强制。",
        units=[
            ("SAFETY-BGS", "办公室", UnitKind.DEPARTMENT, SAFETY),
            ("SAFETY-AJ1", "安监一股", UnitKind.DEPARTMENT, SAFETY),
            ("SAFETY-AJ2", "安监二股", UnitKind.DEPARTMENT, SAFETY),
            ("SAFETY-WHP", "危化品烟花爆竹监管组", UnitKind.DEPARTMENT, SAFETY),
            ("SAFETY-ZF", "执法股", UnitKind.DEPARTMENT, SAFETY),
            ("SAFETY-FG", "法规股", UnitKind.DEPARTMENT, SAFETY),
            ("SAFETY-JJ", "纪检监察室", UnitKind.DEPARTMENT, SAFETY),
        ],
        posts=[
            (SAFETY, "局长", P.PRINCIPAL),
            (SAFETY, "副局长（分管审批）", P.DEPUTY_LEADER),
            (SAFETY, "副局长（分管综合）", P.DEPUTY_LEADER),
            (SAFETY, "副局长（分管执法）", P.DEPUTY_LEADER),
            ("SAFETY-BGS", "办公室主任", P.SECTION_HEAD),
            ("SAFETY-BGS", "文秘", P.OFFICE),
            ("SAFETY-AJ1", "股长", P.SECTION_HEAD),
            ("SAFETY-AJ1", "承办人A", P.CLERK),
            ("SAFETY-AJ1", "承办人B", P.CLERK),
            ("SAFETY-AJ2", "股长", P.SECTION_HEAD),
            ("SAFETY-AJ2", "承办人", P.CLERK),
            ("SAFETY-WHP", "组长", P.SECTION_HEAD),
            ("SAFETY-WHP", "承办人", P.CLERK),
            ("SAFETY-ZF", "股长", P.SECTION_HEAD),
            ("SAFETY-ZF", "执法人员", P.CLERK),
            ("SAFETY-FG", "股长", P.SECTION_HEAD),
            ("SAFETY-FG", "法制审核员", P.LEGAL),
            ("SAFETY-JJ", "纪检监察室主任", P.DISCIPLINE),
        ],
        staff=[
            Staff(
                SAFETY,
                "杨国华",
                M,
                "局长",
                ["局长"],
                "safety.director",
                "principal_leader",
                DataScope.BODY_AND_SUBORDINATES,
            ),
            Staff(SAFETY, "朱建军", M, "副局长", ["副局长（分管审批）"], "safety.deputy", "deputy_leader"),
            Staff(
                SAFETY,
                "胡晓梅",
                F,
                "副局长",
                ["副局长（分管综合）"],
                "safety.deputy.general",
                "deputy_leader",
            ),
            Staff(
                SAFETY,
                "郭振华",
                M,
                "副局长",
                ["副局长（分管执法）"],
                "safety.deputy.enforcement",
                "deputy_leader",
            ),
            Staff(
                "SAFETY-BGS",
                "阎芳",
                F,
                "办公室主任",
                ["办公室主任"],
                "safety.office.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "SAFETY-BGS",
                "余婷",
                F,
                "科员",
                ["文秘"],
                "safety.office",
                "office_clerk",
                DataScope.OWN_BODY,
                SAFETY,
                OFFICE_HANDLES,
            ),
            Staff(
                "SAFETY-AJ1",
                "彭志远",
                M,
                "股长",
                ["股长"],
                "safety.section",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "SAFETY-AJ1",
                "谢文斌",
                M,
                "科员",
                ["承办人A"],
                "safety.clerk",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff("SAFETY-AJ1", "曾小燕", F, "科员", ["承办人B"]),
            Staff(
                "SAFETY-AJ2",
                "袁海",
                M,
                "股长",
                ["股长"],
                "safety.section.two",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "SAFETY-AJ2",
                "蒋涛",
                M,
                "科员",
                ["承办人"],
                "safety.clerk.two",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "SAFETY-WHP",
                "蔡明",
                M,
                "组长",
                ["组长"],
                "safety.hazchem.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "SAFETY-WHP",
                "贾晶",
                F,
                "科员",
                ["承办人"],
                "safety.hazchem.clerk",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "SAFETY-ZF",
                "丁伟",
                M,
                "股长",
                ["股长"],
                "safety.enforcement.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "SAFETY-ZF",
                "魏强",
                M,
                "执法人员",
                ["执法人员"],
                "safety.officer",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            # The second enforcement officer: an investigation needs two (CASE-147); no account, so the
            # officer above still gets the enforcement steps of the penalty flowchart.
            Staff("SAFETY-ZF", "罗建平", M, "执法人员", ["执法人员"]),
            Staff(
                "SAFETY-FG",
                "薛梅",
                F,
                "股长",
                ["股长", "法制审核员"],
                "safety.legal",
                "legal_reviewer",
                DataScope.OWN_BODY,
                SAFETY,
            ),
            Staff(
                "SAFETY-JJ",
                "叶青",
                F,
                "纪检监察室主任",
                ["纪检监察室主任"],
                "safety.inspector",
                "discipline_inspector",
                DataScope.BODY_AND_SUBORDINATES,
                SAFETY,
            ),
        ],
        portfolios=[
            ("杨国华", PortfolioArea.OTHER, "主持全面工作", []),
            (
                "朱建军",
                PortfolioArea.ADMIN_APPROVAL,
                "分管行政许可审批",
                ["SAFETY-AJ1", "SAFETY-AJ2", "SAFETY-WHP"],
            ),
            ("朱建军", PortfolioArea.PROCUREMENT, "分管物资采购", []),
            ("胡晓梅", PortfolioArea.FINANCE, "分管财务", ["SAFETY-BGS"]),
            ("胡晓梅", PortfolioArea.PERSONNEL, "分管组织人事", []),
            ("郭振华", PortfolioArea.CONSTRUCTION_TENDERING, "分管工程建设和招投标", []),
            ("郭振华", PortfolioArea.OTHER, "分管执法和法规", ["SAFETY-ZF", "SAFETY-FG"]),
        ],
    ),
]

TOWN = "TOWN"
TOWN_BODIES = [
    Body(
        TOWN,
        "示范乡人民政府",
        "示范乡",
        "乡党委、政府领导班子集体决策“三重一大”事项；乡纪委负责同级监督。",
        units=[
            ("TOWN-DZB", "党政办公室", UnitKind.DEPARTMENT, TOWN),
            ("TOWN-JFB", "经济发展办", UnitKind.DEPARTMENT, TOWN),
            ("TOWN-MZB", "民政办", UnitKind.DEPARTMENT, TOWN),
            ("TOWN-ZZB", "综治办", UnitKind.DEPARTMENT, TOWN),
            ("TOWN-JW", "乡纪委", UnitKind.DEPARTMENT, TOWN),
            ("TOWN-CZS", "财政所", UnitKind.DEPARTMENT, TOWN),
        ],
        posts=[
            (TOWN, "党委书记", P.PRINCIPAL),
            (TOWN, "乡长", P.PRINCIPAL),
            (TOWN, "副乡长（分管经济）", P.DEPUTY_LEADER),
            (TOWN, "副乡长（分管社会事务）", P.DEPUTY_LEADER),
            (TOWN, "党委副书记", P.DEPUTY_LEADER),
            ("TOWN-DZB", "办公室主任", P.SECTION_HEAD),
            ("TOWN-DZB", "文秘", P.OFFICE),
            ("TOWN-DZB", "法制审核员", P.LEGAL),
            ("TOWN-JFB", "主任", P.SECTION_HEAD),
            ("TOWN-JFB", "承办人", P.CLERK),
            ("TOWN-MZB", "主任", P.SECTION_HEAD),
            ("TOWN-MZB", "承办人", P.CLERK),
            ("TOWN-ZZB", "主任", P.SECTION_HEAD),
            ("TOWN-ZZB", "承办人", P.CLERK),
            ("TOWN-JW", "纪委书记", P.DISCIPLINE),
            ("TOWN-JW", "纪检委员", P.DISCIPLINE),
            ("TOWN-CZS", "所长", P.SECTION_HEAD),
            ("TOWN-CZS", "会计", P.CLERK),
        ],
        staff=[
            Staff(
                TOWN,
                "潘德明",
                M,
                "党委书记",
                ["党委书记"],
                "town.secretary",
                "principal_leader",
                DataScope.BODY_AND_SUBORDINATES,
            ),
            Staff(
                TOWN,
                "杜志勇",
                M,
                "党委副书记、乡长",
                ["乡长"],
                "town.head",
                "principal_leader",
                DataScope.BODY_AND_SUBORDINATES,
            ),
            Staff(
                TOWN, "戴建平", M, "党委委员、副乡长", ["副乡长（分管经济）"], "town.deputy", "deputy_leader"
            ),
            Staff(
                TOWN,
                "夏雨",
                F,
                "党委委员、副乡长",
                ["副乡长（分管社会事务）"],
                "town.deputy.social",
                "deputy_leader",
            ),
            Staff(TOWN, "钟伟", M, "党委副书记", ["党委副书记"], "town.deputy.secretary", "deputy_leader"),
            Staff(
                "TOWN-DZB",
                "田刚",
                M,
                "党政办主任",
                ["办公室主任"],
                "town.office.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "TOWN-DZB",
                "任丽",
                F,
                "文秘",
                ["文秘"],
                "town.office",
                "office_clerk",
                DataScope.OWN_BODY,
                TOWN,
                OFFICE_HANDLES,
            ),
            Staff(
                "TOWN-DZB",
                "姜波",
                M,
                "法制员",
                ["法制审核员"],
                "town.legal",
                "legal_reviewer",
                DataScope.OWN_BODY,
                TOWN,
            ),
            Staff(
                "TOWN-JFB",
                "范明",
                M,
                "主任",
                ["主任"],
                "town.section",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff("TOWN-JFB", "方圆", F, "科员", ["承办人"], "town.clerk", "clerk", DataScope.OWN_DEPARTMENT),
            Staff(
                "TOWN-MZB",
                "石磊",
                M,
                "主任",
                ["主任"],
                "town.civil.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "TOWN-MZB",
                "姚娜",
                F,
                "民政专干",
                ["承办人"],
                "town.civil.clerk",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "TOWN-ZZB",
                "廖军",
                M,
                "主任",
                ["主任"],
                "town.governance.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "TOWN-ZZB",
                "邹海",
                M,
                "综治专干",
                ["承办人"],
                "town.governance.clerk",
                "clerk",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "TOWN-JW",
                "汪洁",
                F,
                "纪委书记",
                ["纪委书记"],
                "town.inspector",
                "discipline_inspector",
                DataScope.BODY_AND_SUBORDINATES,
                TOWN,
            ),
            Staff("TOWN-JW", "熊英", F, "纪检委员", ["纪检委员"]),
            Staff(
                "TOWN-CZS",
                "金华",
                M,
                "所长",
                ["所长"],
                "town.finance.head",
                "section_head",
                DataScope.OWN_DEPARTMENT,
            ),
            Staff(
                "TOWN-CZS", "陆燕", F, "会计", ["会计"], "town.accountant", "clerk", DataScope.OWN_DEPARTMENT
            ),
        ],
        portfolios=[
            ("潘德明", PortfolioArea.OTHER, "主持乡党委全面工作", []),
            ("杜志勇", PortfolioArea.OTHER, "主持乡政府全面工作", []),
            ("戴建平", PortfolioArea.FINANCE, "分管财政", ["TOWN-CZS"]),
            ("戴建平", PortfolioArea.CONSTRUCTION_TENDERING, "分管工程建设和招投标", ["TOWN-JFB"]),
            ("戴建平", PortfolioArea.PROCUREMENT, "分管物资采购", []),
            ("钟伟", PortfolioArea.PERSONNEL, "分管组织人事", ["TOWN-DZB"]),
            ("夏雨", PortfolioArea.ADMIN_APPROVAL, "分管行政审批和社会事务", ["TOWN-MZB", "TOWN-ZZB"]),
        ],
    ),
    Body(
        "TOWN-DC",
        "示范乡东村村民委员会",
        "东村村委会",
        "村民自治组织，村务公开、“四议两公开”。",
        parent=TOWN,
        posts=[("TOWN-DC", "村委会主任", P.PRINCIPAL), ("TOWN-DC", "村文书", P.CLERK)],
        staff=[
            Staff("TOWN-DC", "白永福", M, "村委会主任", ["村委会主任"]),
            Staff("TOWN-DC", "崔红", F, "村文书", ["村文书"]),
        ],
    ),
    Body(
        "TOWN-XC",
        "示范乡西村村民委员会",
        "西村村委会",
        "村民自治组织，村务公开、“四议两公开”。",
        parent=TOWN,
        posts=[("TOWN-XC", "村委会主任", P.PRINCIPAL)],
        staff=[Staff("TOWN-XC", "孔德胜", M, "村委会主任", ["村委会主任"])],
    ),
]

BODIES = ECO_BODIES + SAFETY_BODIES + TOWN_BODIES

# The three administrators (三员分立, SEC-1): separate accounts, each with one administrator role
# over every unit. They are anchored at the first demo body; their data scope is "all".
ADMINISTRATORS = [
    ("sysadmin", "系统管理员", "system_admin"),
    ("secadmin", "安全管理员", "security_admin"),
    ("auditor", "审计管理员", "audit_admin"),
]


def has_data() -> bool:
    """Whether the installation already has an organisation (``sunshine demo --if-empty``)."""
    return Unit.all_objects.exists()


class _Loader:
    def __init__(self) -> None:
        self.created: dict[str, int] = {}
        self.units: dict[str, Unit | None] = {}

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    def unit(self, code: str, name: str, kind: str, parent_code: str, **extra) -> Unit | None:
        """The unit with ``code``; created when missing. None when it (or its parent) was removed."""
        existing = Unit.all_objects.filter(code=code).order_by("deleted_at").first()
        if existing is not None:
            self.units[code] = existing if existing.deleted_at is None else None
            return self.units[code]
        parent = self.units.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            self.units[code] = None
            return None
        self.units[code] = services.unit_create(
            actor=None, name=name, kind=kind, code=code, parent=parent, sort_order=len(self.units), **extra
        )
        self.count("units")
        return self.units[code]

    def post(self, unit: Unit, name: str, kind: str, order: int) -> None:
        if not Post.all_objects.filter(unit=unit, name=name).exists():
            services.post_create(actor=None, unit=unit, name=name, kind=kind, sort_order=order)
            self.count("posts")

    def person(self, staff: Staff, body: Unit, order: int) -> Person | None:
        """A new person (with posts, account and role), or None when they already exist."""
        unit = self.units.get(staff.unit)
        if unit is None or Person.all_objects.filter(unit__body=body, name=staff.name).exists():
            return None
        if staff.account and User.objects.filter(username__iexact=staff.account).exists():
            return None
        person = services.person_create(
            actor=None, unit=unit, name=staff.name, gender=staff.gender, title=staff.title, sort_order=order
        )
        self.count("people")
        for post_name in staff.posts:
            post = Post.objects.get(unit=unit, name=post_name)
            services.post_holding_assign(actor=None, person=person, post=post, start_date=DEMO_HOLDINGS_SINCE)
            self.count("holdings")
        if staff.account:
            user = services.account_create(
                actor=None,
                username=staff.account,
                full_name=staff.name,
                password=DEMO_PASSWORD,
                person=person,
                must_change_password=False,
            )
            self.count("accounts")
            services.role_assignment_create(
                actor=None,
                user=user,
                role=Role.objects.get(code=staff.role),
                unit=self.units[staff.scope_unit] if staff.scope_unit else unit,
                data_scope=staff.scope,
            )
            self.count("role assignments")
            if staff.also:
                role, scope = staff.also
                services.role_assignment_create(
                    actor=None, user=user, role=Role.objects.get(code=role), unit=unit, data_scope=scope
                )
                self.count("role assignments")
        return person

    def body(self, spec: Body) -> None:
        body = self.unit(
            spec.code,
            spec.name,
            UnitKind.BODY,
            spec.parent,
            short_name=spec.short_name,
            description=spec.description,
        )
        if body is None:
            return
        for code, name, kind, parent in spec.units:
            self.unit(code, name, kind, parent)
        for order, (code, name, kind) in enumerate(spec.posts):
            if (unit := self.units.get(code)) is not None:
                self.post(unit, name, kind, order)
        new_people = {}
        for order, staff in enumerate(spec.staff):
            if (person := self.person(staff, body, order)) is not None:
                new_people[staff.name] = person
        for leader_name, area, title, departments in spec.portfolios:
            leader = new_people.get(leader_name)
            if leader is None:
                continue
            services.portfolio_assign(
                actor=None,
                body=body,
                leader=leader,
                area=area,
                title=title,
                departments=[u for code in departments if (u := self.units.get(code)) is not None],
            )
            self.count("portfolios")

    def administrators(self) -> None:
        anchor = self.units.get(BODIES[0].code)
        if anchor is None:
            return
        for username, full_name, role_code in ADMINISTRATORS:
            if User.objects.filter(username__iexact=username).exists():
                continue
            user = services.account_create(
                actor=None,
                username=username,
                full_name=full_name,
                password=DEMO_PASSWORD,
                must_change_password=False,
            )
            self.count("accounts")
            services.role_assignment_create(
                actor=None,
                user=user,
                role=Role.objects.get(code=role_code),
                unit=anchor,
                data_scope=DataScope.ALL,
            )
            self.count("role assignments")


@transaction.atomic
def load() -> dict[str, int]:
    """Create whatever of the demo organisation is missing; return how many records of each kind."""
    loader = _Loader()
    for spec in BODIES:
        loader.body(spec)
    loader.administrators()
    return loader.created
