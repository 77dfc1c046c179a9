"""示范县安全生产监督管理局: the 14 systems of the county work-safety bureau of seed 003 (CASE-22,
CASE-101..165), as catalogue items, plus its inspection, award and internal powers.

Responsible units follow CASE-101; conditions and materials CASE-24/28, CASE-31 and CASE-122..134;
limits CASE-116 (statutory limits where the statute says 日 are stored in calendar days, CASE-118);
risk grades SUP-133 (an initial review that a superior approves is B; local approval with wide
discretion is A); roles CASE-100 (承办人A/B, 分管领导, 局长, 局务会).
"""

from __future__ import annotations

from sunshine.catalog.choices import Category as C
from sunshine.catalog.choices import RiskLevel

from .spec import (
    DAYS,
    DRAFT,
    PUBLISHED,
    RETURNED,
    REVISED,
    SUBMITTED,
    WD,
    Benchmark,
    BodyCatalog,
    Item,
    Material,
    Revision,
    Risk,
    Tier,
    approver,
    collective,
    handler,
    law,
    ministerial,
    nine_bands,
    normative,
    optional,
    regulation,
    reviewer,
)

A, B, LOW = RiskLevel.A, RiskLevel.B, RiskLevel.C
BODY = "SAFETY"
AJ1, AJ2, WHP, ZF, FG, BGS = "SAFETY-AJ1", "SAFETY-AJ2", "SAFETY-WHP", "SAFETY-ZF", "SAFETY-FG", "SAFETY-BGS"
SAFETY_LAW = "中华人民共和国安全生产法"
FIREWORKS = "烟花爆竹安全管理条例"
HAZCHEM = "危险化学品安全管理条例"
BUREAU_MEETING = collective("局务会")

# CASE-100: 承办人 → 分管领导 → 局长, with the 局务会 deciding collectively (CASE-110).
PERMIT_CHAIN = (approver(BODY, "副局长（分管审批）"), approver(BODY, "局长"), BUREAU_MEETING)
ENFORCEMENT_CHAIN = (approver(BODY, "副局长（分管执法）"), approver(BODY, "局长"))

PERMIT_DISCLOSURE = (
    "制度文本在县人民政府门户网站长期公开；初审（审批）结果在门户网站公示不少于7个工作日（CASE-121）"
)
BOTH_DISCLOSED = (
    "制度文本在县人民政府门户网站长期公开；拟审批情况和审批结果均在门户网站公示不少于7个工作日"
    "（CASE-116、CASE-121）"
)

ONSITE_EXPERTS = (
    "现场审查组须有安全专家参加，专家从专家库随机抽取，各自独立出具书面审查意见（CASE-108）",
    "现场核查意见由审查组全体成员和申请人有关负责人签字确认（CASE-108）",
)
ONE_TIME_NOTICE = Risk(
    "受理审查",
    LOW,
    "申请材料不全时不一次性告知、多次要求补正，或者故意拖延受理",
    ("材料不全或者不符合法定形式的，当场或者5个工作日内一次性告知需要补正的全部内容（CASE-105）",),
)
COLLECTIVE_DECISION = Risk(
    "集体讨论决定",
    B,
    "初审意见未经局务会集体讨论，由个人说了算",
    ("初审意见经局务会集体讨论，记录每位参会人员意见后由局长签署（CASE-110、CASE-120）",),
)

# Penalties: CASE-143..159.
PENALTY_CONDITIONS = (
    "立案须同时具备（CASE-144）：（一）有明确的违法行为人；（二）有涉嫌违反安全生产法律、法规、规章的事实；"
    "（三）属于本局管辖；（四）违法行为在二年内发现，或者处于连续、继续状态。"
    "发现违法行为或者收到举报、移送之日起7个工作日内决定是否立案（CASE-146）。"
)
PENALTY_MATERIALS = (
    "立案审批表",
    "调查询问笔录",
    "勘验检查笔录、抽样取证凭证、鉴定意见书、证据登记保存清单等证据材料",
    "行政处罚告知书",
    optional("陈述申辩笔录", "当事人提出陈述、申辩的"),
    optional("听证会报告书及听证笔录", "拟作出重大行政处罚且当事人申请听证的（CASE-150）"),
    "案件处理呈批表",
    "行政处罚决定书",
    "结案审批表",
)
PENALTY_DUTIES = (
    handler(ZF, "执法人员"),
    reviewer(ZF, "股长"),
    reviewer(FG, "法制审核员"),
    *ENFORCEMENT_CHAIN,
    collective("局务会（重大行政处罚）"),
)
# CASE-157: 30 days from filing by the bureau's own rule; 90 days by 行政处罚法 第六十条.
PENALTY_LIMITS = {"statutory": (90, DAYS), "promised": (30, DAYS)}
PENALTY_DISCLOSURE = "行政处罚结果在县人民政府门户网站公示不少于7个工作日（CASE-158）"
PENALTY_BASES = (law("中华人民共和国行政处罚法"), ministerial("安全生产违法行为行政处罚办法"))
DISCRETION = Risk(
    "作出处罚决定",
    A,
    "在裁量幅度内畸轻畸重、同案不同罚，或者说情打招呼后降档处罚",
    (
        "严格适用本局《行政处罚自由裁量权基准》，决定书写明适用的裁量等级、档次及理由（CASE-143、CAT-127）",
        "重大行政处罚经局务会集体讨论后由局长签署（CASE-152）",
        "处罚结果在县人民政府门户网站公示不少于7个工作日（CASE-158）",
    ),
)
INVESTIGATION = Risk(
    "调查取证",
    B,
    "选择性取证、隐匿或者篡改证据，向当事人通风报信",
    (
        "调查取证的执法人员不少于两人并出示执法证件（CASE-147）",
        "询问、检查当场制作笔录，证据登记保存清单由当事人核对签字（CASE-147）",
    ),
)
COLLECTION = Risk(
    "执行",
    B,
    "执法人员当场收缴或者截留罚没款（ACC-102）",
    (
        "罚缴分离，罚款由当事人到指定银行缴纳（《中华人民共和国行政处罚法》第六十七条）",
        "当事人逾期不履行的，依法申请人民法院强制执行（CASE-154）",
    ),
)


def penalty(code, name, article, benchmarks, *, extra_bases=(), state=None) -> Item:
    """A penalty of the bureau: the common procedure of CASE-143..159 with its own benchmarks."""
    return Item(
        code=code,
        name=name,
        category=C.PENALTY,
        department=ZF,
        bases=(article, *extra_bases, *PENALTY_BASES),
        conditions=PENALTY_CONDITIONS,
        materials=PENALTY_MATERIALS,
        duties=PENALTY_DUTIES,
        risks=(DISCRETION, INVESTIGATION, COLLECTION),
        benchmarks=benchmarks,
        disclosure=PENALTY_DISCLOSURE,
        state=state or PUBLISHED,
        **PENALTY_LIMITS,
    )


ITEMS = (
    Item(
        code="AJ-XK-001",
        name="非煤矿矿山企业安全生产许可证初审",
        category=C.PERMIT,
        department=AJ1,
        bases=(
            regulation("安全生产许可证条例", "第二条、第六条、第七条"),
            ministerial("非煤矿矿山企业安全生产许可证实施办法"),
        ),
        conditions=(
            "同时具备下列条件（CASE-24）：（一）建立健全主要负责人、分管负责人、安全生产管理人员、职能部门和岗位"
            "安全生产责任制，制定安全检查、职业危害预防、安全教育培训、生产安全事故管理、重大危险源监控和重大隐患"
            "整改、设备设施安全管理、安全生产档案、奖惩等制度和各工种操作规程；（二）安全投入符合要求，按规定提取"
            "安全技术措施专项费用；（三）设置安全生产管理机构或者配备专职安全生产管理人员；（四）主要负责人和安全"
            "生产管理人员经考核合格；（五）特种作业人员持证上岗；（六）其他从业人员经安全生产教育培训考试合格；"
            "（七）依法参加工伤保险；（八）职业危害场所定期检测，劳动防护用品符合标准；（九）依法进行安全评价；"
            "（十）定期检测作业环境和危险性较大的设备；（十一）重大危险源登记建档、检测评估和监控；（十二）制定"
            "各类事故应急救援预案；（十三）建立矿山救护队，或者小型矿山指定兼职救护人员并与邻近救护队签订救护协议。"
            "露天矿山、地下矿山、尾矿库另须符合CASE-25至CASE-27所列条件。"
        ),
        materials=(
            Material("安全生产许可证申请书", copies=3),
            "采矿许可证（或勘查许可证）、营业执照复印件",
            "各种安全生产责任制复印件",
            "安全生产规章制度和操作规程目录清单",
            "设置安全生产管理机构或者配备专职安全生产管理人员的文件复印件",
            "主要负责人和安全生产管理人员安全资格证书",
            "特种作业人员操作资格证书",
            "为从业人员缴纳工伤保险费的证明材料",
            "重大危险源检测、评估、监控措施",
            "事故应急救援预案，设立矿山救护队的文件或者与专业救护队签订的救护协议",
        ),
        duties=(handler(AJ1, "承办人A"), handler(AJ1, "承办人B"), reviewer(AJ1, "股长"), *PERMIT_CHAIN),
        risks=(
            Risk(
                "现场核查",
                B,
                "现场核查走过场，接受企业宴请、礼品后降低标准出具核查意见",
                ONSITE_EXPERTS,
            ),
            ONE_TIME_NOTICE,
            COLLECTIVE_DECISION,
        ),
        statutory=(45, DAYS),
        promised=(15, WD),
        disclosure=PERMIT_DISCLOSURE,
    ),
    Item(
        code="AJ-XK-002",
        name="危险化学品经营许可证初审",
        category=C.PERMIT,
        department=WHP,
        bases=(
            regulation(HAZCHEM, "第三十三条、第三十四条、第三十五条"),
            ministerial("危险化学品经营许可证管理办法"),
        ),
        conditions=(
            "（一）经营和储存场所、设施、建筑物符合建筑设计防火规范，建筑物经消防验收合格；（二）经营条件、储存条件"
            "符合GB18265、GB15603的规定；（三）主要负责人、业务人员和安全管理人员经专业培训合格；（四）有健全的安全"
            "管理制度和岗位操作规程；（五）有事故应急救援预案（CASE-31）。"
        ),
        materials=(
            "危险化学品经营许可证申请表",
            "安全评价报告",
            "经营场所消防验收意见书复印件",
            "经营场所产权证明或者租赁证明复印件",
            "主要负责人、业务人员和安全管理人员培训合格证书复印件",
            "安全管理制度和岗位操作规程",
        ),
        duties=(handler(WHP, "承办人"), reviewer(WHP, "组长"), *PERMIT_CHAIN),
        risks=(
            Risk(
                "现场核查",
                B,
                "对储存设施、安全距离核查不实，为不具备条件的经营单位出具同意意见",
                ONSITE_EXPERTS,
            ),
            ONE_TIME_NOTICE,
        ),
        statutory=(30, DAYS),
        promised=(15, WD),
        disclosure=PERMIT_DISCLOSURE,
    ),
    Item(
        code="AJ-XK-003",
        name="烟花爆竹安全生产许可证初审",
        category=C.PERMIT,
        department=WHP,
        bases=(
            regulation(FIREWORKS, "第八条、第九条"),
            ministerial("烟花爆竹生产企业安全生产许可证实施办法"),
        ),
        conditions=(
            "同时具备下列条件（CASE-125）：（一）符合当地产业结构规划；（二）基本建设项目经过批准；（三）选址符合"
            "城乡规划，并与周边建筑、设施保持必要的安全距离；（四）厂房和仓库的设计、结构和材料以及防火、防爆、"
            "防雷、防静电等安全设备设施符合国家有关标准和规范；（五）生产设备、工艺符合安全标准；（六）产品品种、"
            "规格、质量符合国家标准；（七）有健全的安全生产责任制；（八）有安全生产管理机构和专职安全生产管理人员；"
            "（九）依法进行了安全评价；（十）有事故应急救援预案、应急救援组织和人员，并配备必要的应急救援器材、设备。"
        ),
        materials=(
            Material("安全生产许可证申请书", copies=3),
            "安全生产责任制复印件",
            "安全生产规章制度和操作规程目录清单",
            "主要负责人和安全生产管理人员考核合格证明",
            "特种作业人员操作资格证书和从业人员安全教育培训证明",
            "为从业人员缴纳工伤保险费的证明",
            "特种设备检验合格证明复印件",
            "具备资质的中介机构出具的安全评价报告",
            "工厂设计图纸",
            "公安机关关于工厂周边安全距离的审查意见",
        ),
        duties=(handler(WHP, "承办人"), reviewer(WHP, "组长"), *PERMIT_CHAIN),
        risks=(
            Risk(
                "现场核查",
                B,
                "对厂房仓库防火防爆设施、安全距离核查不严，或者对整改未完成的企业提前复查通过",
                (*ONSITE_EXPERTS, "申请人完成整改后方可复查，整改时间不计入审批时限（CASE-109）"),
            ),
            COLLECTIVE_DECISION,
        ),
        statutory=(45, DAYS),
        promised=(15, WD),
        disclosure=BOTH_DISCLOSED,
    ),
    Item(
        code="AJ-XK-004",
        name="烟花爆竹经营（批发）许可证初审",
        category=C.PERMIT,
        department=WHP,
        bases=(
            regulation(FIREWORKS, "第十七条、第十八条、第二十条"),
            ministerial("烟花爆竹经营许可实施办法"),
        ),
        conditions=(
            "受市安全生产监督管理局委托实施初审（CASE-127）。同时具备：（一）具有企业法人条件；（二）建立安全生产"
            "责任制和安全管理制度、操作规程；（三）有安全管理机构或者专职安全生产管理人员；（四）主要负责人、分管"
            "安全生产负责人和安全生产管理人员经培训考核合格，仓库保管员、守护员经烟花爆竹专业知识培训考核合格，"
            "其他从业人员经本单位安全培训；（五）经营场所和仓库与经营规模、品种相适应，仓库符合GB50161，库区设置"
            "明显安全警示标志；（六）具备配送能力，运输车辆符合国家标准；（七）依法进行安全评价；（八）有事故应急"
            "救援预案、应急救援组织和人员，配备必要的器材、设备。"
        ),
        materials=(
            "烟花爆竹经营（批发）许可证申请书",
            "企业法人营业执照",
            "安全生产责任制、事故应急救援预案复印件，安全管理制度和操作规程目录清单",
            "主要负责人、分管安全生产负责人、安全生产管理人员和仓库保管员、守护员培训考核合格证明",
            "库区外部安全距离实测图和库区储存设施平面布置图",
            "具备资质的安全评价机构出具的安全评价报告",
            "配送能力和运输车辆说明",
            optional("发证机关要求提供的其他材料"),
        ),
        duties=(handler(WHP, "承办人"), reviewer(WHP, "组长"), *PERMIT_CHAIN),
        risks=(
            Risk("现场核查", B, "对库区安全距离、储存设施核查不实，帮助企业“过关”", ONSITE_EXPERTS),
            ONE_TIME_NOTICE,
        ),
        statutory=(30, DAYS),
        promised=(20, WD),
        disclosure=PERMIT_DISCLOSURE,
    ),
    Item(
        code="AJ-XK-005",
        name="烟花爆竹经营（零售）许可证审批",
        category=C.PERMIT,
        department=WHP,
        bases=(
            regulation(FIREWORKS, "第十七条、第十九条、第二十条"),
            ministerial("烟花爆竹经营许可实施办法"),
        ),
        conditions=(
            "同时具备（CASE-129）：（一）主要负责人和销售人员经安全知识教育；（二）实行专店或者专柜销售，专人负责"
            "安全管理，专柜相对独立并与其他柜台保持一定距离，保证安全通道畅通；（三）零售经营场所面积不小于10平方米，"
            "其周边50米范围内没有其他烟花爆竹零售点，并与学校、幼儿园、医院、集贸市场等人员密集场所和加油站等易燃"
            "易爆物品生产、储存设施保持安全距离；（四）配备必要的消防器材，张贴明显的安全警示标志；（五）法律、法规"
            "规定的其他条件。"
        ),
        materials=(
            "烟花爆竹经营（零售）许可证申请书",
            "零售点周边安全条件说明",
            "乡镇派出所意见",
            "乡镇人民政府意见",
            "县消防大队意见",
        ),
        duties=(handler(WHP, "承办人"), reviewer(WHP, "组长"), *PERMIT_CHAIN),
        risks=(
            Risk(
                "现场核查",
                A,
                "对零售点50米范围、安全距离核查不实，违反布点规划为关系户审批",
                (
                    "零售点布点规划在门户网站公开，审批结果公示不少于7个工作日（CASE-121）",
                    "现场核查两人以上进行，拍照存档并由申请人签字确认",
                ),
            ),
            Risk(
                "作出决定",
                B,
                "超过审批时限不作决定，或者变相要求申请人购买指定产品",
                ("延期须经局主要负责人书面批准，最长5个工作日并告知申请人理由（CASE-115）",),
            ),
        ),
        statutory=(20, DAYS),
        promised=(15, WD),
        disclosure=PERMIT_DISCLOSURE,
        state=REVISED,
        revision=Revision(
            note="“回头看”（CAT-118）：承诺时限由15个工作日压缩为10个工作日；申请材料增加经营场所产权或者租赁证明。",
            changes={"promised_limit": 10},
            materials=(
                "烟花爆竹经营（零售）许可证申请书",
                "零售点周边安全条件说明",
                "经营场所产权证明或者租赁合同",
                "乡镇派出所意见",
                "乡镇人民政府意见",
                "县消防大队意见",
            ),
        ),
    ),
    Item(
        code="AJ-XK-006",
        name="职业卫生安全许可证审批",
        category=C.PERMIT,
        department=WHP,
        bases=(
            law("中华人民共和国职业病防治法", "第十五条"),
            regulation("使用有毒物品作业场所劳动保护条例", "第十一条"),
        ),
        conditions=(
            "（一）使用有毒物品的用人单位依法设立并取得营业执照；（二）设置职业卫生管理机构或者组织，配备专职或者"
            "兼职职业卫生管理人员，建立职业卫生管理制度和岗位操作规程，主要负责人、职业卫生管理人员和接触有毒物品"
            "的劳动者经培训考核合格后方可上岗；（三）作业场所与生活场所分开，作业场所不得住人；有害作业与无害作业"
            "分开，高毒作业场所与其他作业场所隔离；设置有效的通风装置，可能突然泄漏大量有毒物品或者易造成急性中毒"
            "的场所设置自动报警装置和事故通风设施；高毒作业场所设置应急撤离通道和必要的泄险区（CASE-131）。"
        ),
        materials=(
            Material("职业卫生安全许可证申请书", copies=3),
            "营业执照副本或者工商行政管理部门核准通知书复印件",
            "设立职业卫生管理机构、配备管理人员的文件复印件",
            "职业卫生管理制度目录清单",
            "主要负责人、职业卫生管理人员和接触有毒物品劳动者的培训合格证明",
            "使用有毒物品的品种及数量清单",
            "职业卫生安全审核报告及审查结论",
            "作业场所职业危害申报回执",
            optional("法律、法规规定的其他材料"),
        ),
        duties=(handler(WHP, "承办人"), reviewer(WHP, "组长"), *PERMIT_CHAIN),
        risks=(
            Risk("现场核查", B, "对高毒作业场所隔离、通风和报警设施核查不实", ONSITE_EXPERTS),
            ONE_TIME_NOTICE,
        ),
        statutory=(45, WD),
        promised=(30, WD),
        disclosure=BOTH_DISCLOSED,
        state=RETURNED,
        review_opinion=(
            "本事项办理时限只写“自受理之日起30个工作日内”，未写明补正材料和整改时间不计算在内，与本局其他许可"
            "制度不一致，请补充后重新提交（CASE-119）。"
        ),
    ),
    Item(
        code="AJ-XK-007",
        name="非煤矿矿山建设项目安全设施设计审查",
        category=C.PERMIT,
        department=AJ2,
        # The seed quotes arts. 26-27 of the 2002 law; these are the same rules in the 2021 text.
        bases=(
            law(SAFETY_LAW, "第三十一条、第三十二条、第三十三条"),
            ministerial("建设项目安全设施“三同时”监督管理办法"),
        ),
        conditions=(
            "（一）安全预评价报告由具有资质的机构编制，经评审并报安全生产监督管理部门备案；（二）安全设施设计由具有"
            "资质的设计单位编制并经审定；（三）主要防灾措施符合规定；（四）设计符合工程建设强制性标准和行业技术规范；"
            "（五）设施、设备、器材符合国家标准和行业标准（CASE-133）。安全设施设计未经审查同意的，不得开工建设（CASE-135）。"
        ),
        materials=(
            "安全设施设计审查申请报告及申请表",
            "建设项目立项、可行性研究批准文件",
            "安全预评价报告书",
            "初步设计及安全专篇",
            Material("建设项目安全设施初步设计审批书", copies=4),
        ),
        duties=(handler(AJ2, "承办人"), reviewer(AJ2, "股长"), *PERMIT_CHAIN),
        risks=(
            Risk(
                "审查",
                B,
                "降低设计审查标准，或者要求建设单位委托指定的设计、评价机构",
                (
                    "审查专家从专家库随机抽取，独立出具意见并存档",
                    "审查部门及负责审查的人员对审查结果负责，审查意见签字存档（CASE-135）",
                ),
            ),
            COLLECTIVE_DECISION,
        ),
        statutory=(30, DAYS),
        promised=(20, WD),
        disclosure=BOTH_DISCLOSED,
    ),
    Item(
        code="AJ-XK-008",
        name="非煤矿矿山建设项目安全设施竣工验收",
        category=C.PERMIT,
        department=AJ2,
        bases=(law(SAFETY_LAW, "第三十四条"), ministerial("建设项目安全设施“三同时”监督管理办法")),
        conditions=(
            "（一）安全验收评价报告由具有资质的机构编制，经评审并备案；（二）安全设施和安全生产条件满足正常生产需要；"
            "（三）按规定设置安全生产管理机构、配备安全生产管理人员；（四）主要负责人、安全生产管理人员和特种作业"
            "人员具备相应资格（CASE-133）。安全设施未经验收合格的，不得投入生产和使用（CASE-135）。"
        ),
        materials=(
            "竣工验收申请报告及申请表",
            "审定的安全设施设计及重大设计变更文件",
            "主要安全设施、特种设备检测检验报告",
            "施工单位资质证明",
            "施工期间生产安全事故及重大质量事故资料",
            "主要负责人、安全生产管理人员和特种作业人员安全资格证书复印件",
            "安全验收评价报告书",
            Material("矿山建设项目安全设施竣工验收审批书", copies=4),
        ),
        duties=(handler(AJ2, "承办人"), reviewer(AJ2, "股长"), *PERMIT_CHAIN),
        risks=(
            Risk(
                "现场核查",
                B,
                "验收中对安全设施与设计不符的问题放任不管，或者收受好处后通过验收",
                ONSITE_EXPERTS,
            ),
            COLLECTIVE_DECISION,
        ),
        statutory=(30, DAYS),
        promised=(20, WD),
        disclosure=BOTH_DISCLOSED,
        state=SUBMITTED,
    ),
    Item(
        code="AJ-BA-001",
        name="第三类非药品类易制毒化学品经营备案证明颁发",
        category=C.OTHER,
        department=WHP,
        bases=(
            regulation("易制毒化学品管理条例", "第十三条"),
            ministerial("非药品类易制毒化学品生产、经营许可办法"),
        ),
        conditions=(
            "经营第三类易制毒化学品的，自经营之日起30日内向县安全生产监督管理部门备案；备案无审批条件（CASE-122）。"
        ),
        materials=(
            "备案申请书（载明经营的品种、销量和主要流向）",
            "易制毒化学品管理制度",
            "产品包装说明和使用说明书",
            Material(
                "工商营业执照副本复印件", note="已取得危险化学品经营许可证并提交该证的，免交本项（CASE-123）"
            ),
            optional("危险化学品经营许可证", "申请人为危险化学品经营单位的"),
        ),
        # No 局务会 for the filing (CASE-100, CASE-124): 分管领导 reviews, 局长 decides.
        duties=(
            handler(WHP, "承办人"),
            reviewer(WHP, "组长"),
            approver(BODY, "副局长（分管审批）"),
            approver(BODY, "局长"),
        ),
        risks=(
            Risk(
                "受理审查",
                LOW,
                "备案材料不全时未当场一次性告知，或者对备案附加法定以外的条件",
                (
                    "材料不全的当场一次性告知（CASE-124）",
                    "备案证明收到材料当日发给，发放情况在门户网站公开（CASE-116）",
                ),
            ),
        ),
        statutory=(1, DAYS),
        promised=(1, DAYS),
        disclosure=PERMIT_DISCLOSURE,
    ),
    penalty(
        "AJ-CF-001",
        "对生产经营单位未按规定进行安全生产教育和培训等行为的行政处罚",
        law(SAFETY_LAW, "第九十七条"),
        (
            Benchmark(
                "未按照规定对从业人员、被派遣劳动者、实习学生进行安全生产教育和培训，或者未按照规定如实告知有关的"
                "安全生产事项",
                "《中华人民共和国安全生产法》第九十七条第（三）项：责令限期改正，处十万元以下的罚款",
                nine_bands(None, 100_000, "责令限期改正"),
            ),
            Benchmark(
                "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业",
                "《中华人民共和国安全生产法》第九十七条第（七）项：责令限期改正，处十万元以下的罚款",
                nine_bands(None, 100_000, "责令限期改正"),
            ),
            Benchmark(
                "有前述行为之一，逾期未改正",
                "《中华人民共和国安全生产法》第九十七条：责令停产停业整顿，并处十万元以上二十万元以下的罚款，"
                "对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款",
                (
                    Tier("一般", "", "逾期未改正，但已部分改正", 100_000, 140_000, "责令停产停业整顿"),
                    Tier(
                        "较重", "", "逾期未改正，且未采取任何改正措施", 140_000, 170_000, "责令停产停业整顿"
                    ),
                    Tier("严重", "", "逾期未改正并导致事故隐患扩大", 170_000, 200_000, "责令停产停业整顿"),
                ),
            ),
        ),
    ),
    penalty(
        "AJ-CF-002",
        "对生产经营单位未采取措施消除事故隐患的行政处罚",
        law(SAFETY_LAW, "第一百零二条"),
        (
            Benchmark(
                "未采取措施消除事故隐患",
                "《中华人民共和国安全生产法》第一百零二条：责令立即消除或者限期消除，处五万元以下的罚款",
                nine_bands(None, 50_000, "责令立即消除或者限期消除事故隐患"),
            ),
            Benchmark(
                "拒不执行消除事故隐患指令",
                "《中华人民共和国安全生产法》第一百零二条：责令停产停业整顿，对其直接负责的主管人员和其他直接责任"
                "人员处五万元以上十万元以下的罚款",
                (
                    Tier("一般", "", "拒不执行，尚未造成后果", 50_000, 70_000, "责令停产停业整顿"),
                    Tier("严重", "", "拒不执行，且阻挠执法或者导致险情", 70_000, 100_000, "责令停产停业整顿"),
                ),
            ),
        ),
    ),
    penalty(
        "AJ-CF-003",
        "对未经许可经营烟花爆竹的行政处罚",
        regulation(FIREWORKS, "第三十六条"),
        (
            Benchmark(
                "未经许可经营烟花爆竹制品",
                "《烟花爆竹安全管理条例》第三十六条：责令停止非法经营活动，处2万元以上10万元以下的罚款，"
                "并没收非法经营的物品及违法所得",
                nine_bands(20_000, 100_000, "责令停止非法经营活动，没收非法经营的物品及违法所得"),
            ),
        ),
    ),
    penalty(
        "AJ-CF-004",
        "对生产经营单位主要负责人未履行安全生产管理职责的行政处罚",
        law(SAFETY_LAW, "第九十四条"),
        (
            Benchmark(
                "生产经营单位的主要负责人未履行法定安全生产管理职责",
                "《中华人民共和国安全生产法》第九十四条：责令限期改正，处二万元以上五万元以下的罚款；逾期未改正的，"
                "处五万元以上十万元以下的罚款，责令生产经营单位停产停业整顿",
                (
                    Tier("较轻", "", "未履行一项职责，及时改正", 20_000, 30_000, "责令限期改正"),
                    Tier("一般", "", "未履行两项以上职责", 30_000, 40_000, "责令限期改正"),
                    Tier("严重", "", "未履行职责导致重大事故隐患", 40_000, 50_000, "责令限期改正"),
                    Tier(
                        "逾期未改正",
                        "",
                        "责令限期改正后逾期未改正",
                        50_000,
                        100_000,
                        "责令生产经营单位停产停业整顿",
                    ),
                ),
            ),
        ),
    ),
    penalty(
        "AJ-CF-005",
        "对未取得危险化学品经营许可证从事经营的行政处罚",
        regulation(HAZCHEM, "第七十七条第三款"),
        (
            Benchmark(
                "未取得危险化学品经营许可证从事危险化学品经营",
                "《危险化学品安全管理条例》第七十七条第三款：责令停止经营活动，没收违法经营的危险化学品以及违法"
                "所得，并处10万元以上20万元以下的罚款",
                nine_bands(100_000, 200_000, "责令停止经营活动，没收违法经营的危险化学品以及违法所得"),
            ),
        ),
        state=DRAFT,
    ),
    Item(
        code="AJ-QZ-001",
        name="查封、扣押不符合保障安全生产标准的设施、设备、器材",
        category=C.COMPULSORY,
        department=ZF,
        bases=(
            law(SAFETY_LAW, "第六十五条第一款第（四）项"),
            law("中华人民共和国行政强制法", "第二十四条、第二十五条"),
            ministerial("安全生产违法行为行政处罚办法"),
        ),
        conditions=(
            "仅适用于生产经营单位正在使用的、不能保证安全且不符合国家标准或者行业标准的设施、设备、器材（CASE-160）。"
        ),
        materials=(
            "现场检查记录",
            "查封、扣押决定书",
            Material("查封、扣押清单", note="当事人当场核对并签字（CASE-161）"),
            optional("技术鉴定委托书及鉴定结果", "需要技术鉴定的"),
            "处理决定书",
        ),
        duties=(
            handler(ZF, "执法人员"),
            reviewer(ZF, "股长"),
            approver(BODY, "副局长（分管执法）"),
            collective("局务会（处理决定）"),
        ),
        risks=(
            Risk(
                "作出决定",
                B,
                "随意扩大查封、扣押范围，或者收受好处后提前解除查封",
                (
                    "处理决定由分管领导提交局务会讨论后作出，自查封之日起15日内作出（CASE-163、CASE-164）",
                    "查封、扣押决定在门户网站公示不少于7个工作日（CASE-165）",
                ),
            ),
            Risk(
                "现场核查",
                B,
                "先行查封、扣押后不按时补办决定书，当事人权利无从保障",
                (
                    "先行查封、扣押的，48小时内补办并送达决定书（CASE-162）",
                    "查封、扣押清单当场由当事人核对签字（CASE-161）",
                ),
            ),
        ),
        statutory=(30, DAYS),
        promised=(15, DAYS),
        disclosure="查封、扣押决定在县人民政府门户网站公示不少于7个工作日；制度文本长期公开（CASE-165）",
    ),
    Item(
        code="AJ-ZY-001",
        name="安全生产应急救援行政征用",
        # 行政征用 is catalogued with 行政征收 (行政征收征用).
        category=C.LEVY,
        department=ZF,
        bases=(law("中华人民共和国突发事件应对法", "第十二条"), law(SAFETY_LAW)),
        conditions="本县行政区域内发生生产安全事故，本局组织应急救援时，方可征用单位和个人的财产（CASE-136）。",
        materials=(
            "行政征用决定书",
            Material("征用清单", note="当事人核对签字，并载明征用理由、联系人和联系方式（CASE-138）"),
            "财产返还清单",
            optional("初步补偿意见及局务会纪要", "征用财产毁损、灭失需要补偿的（CASE-140）"),
        ),
        duties=(
            handler(ZF, "执法人员"),
            reviewer(BODY, "副局长（分管执法）"),
            approver(BODY, "局长"),
            collective("局务会（补偿决定）"),
        ),
        risks=(
            Risk(
                "集体讨论决定",
                A,
                "随意确定补偿标准、虚报冒领补偿款",
                (
                    "补偿意见经局务会讨论同意后报局长审批，20个工作日内支付（CASE-140）",
                    "征用决定和补偿情况在门户网站公示不少于7个工作日（CASE-141）",
                ),
            ),
            Risk(
                "作出决定",
                B,
                "征用对象选择不公，先行征用后不补办征用决定",
                ("先行征用的，5个工作日内补办征用决定并送达当事人（CASE-139）",),
            ),
            Risk(
                "送达",
                LOW,
                "救援结束后不及时返还征用财产",
                ("未毁损的财产在救援结束后5个工作日内返还，返还清单由当事人签字（CASE-140）",),
            ),
        ),
        promised=(20, WD),
        disclosure="征用决定在县人民政府门户网站公示不少于7个工作日（CASE-141）",
    ),
    Item(
        code="AJ-JC-001",
        name="安全生产监督检查",
        category=C.INSPECTION,
        department=ZF,
        bases=(law(SAFETY_LAW, "第六十五条"), normative("示范县安全生产监督管理局规范权力运行监督检查制度")),
        conditions=(
            "按年度监督检查计划和“双随机、一公开”抽查确定检查对象；举报、转办、上级交办事项随时检查（SUP-105、SUP-107）。"
        ),
        materials=(
            "年度监督检查计划",
            Material("现场执法检查记录表", note="及时归档（SUP-106）"),
            optional("责令限期整改指令书", "发现事故隐患或者违法行为的"),
            optional("整改复查意见书", "整改期满后复查的"),
        ),
        duties=(handler(ZF, "执法人员"), reviewer(ZF, "股长"), approver(BODY, "副局长（分管执法）")),
        risks=(
            Risk(
                "现场核查",
                B,
                "检查走过场，发现隐患不依法处理，或者事先向被检查单位透露检查安排",
                (
                    "检查对象和执法人员随机抽取，检查结果公开",
                    "现场执法检查记录表当场填写、双方签字并及时归档（SUP-106）",
                ),
            ),
            Risk(
                "审核",
                LOW,
                "选择性检查、重复检查，加重企业负担",
                ("年度监督检查计划经局务会审定并公开",),
            ),
        ),
        promised=(5, WD),
        disclosure="监督检查计划和检查结果在县人民政府门户网站公开",
    ),
    Item(
        code="AJ-JL-001",
        name="对举报安全生产违法行为有功人员的奖励",
        category=C.AWARD,
        department=BGS,
        bases=(law(SAFETY_LAW, "第七十六条"), normative("安全生产领域举报奖励办法")),
        conditions="举报的重大事故隐患或者安全生产违法行为经核查属实，并依法作出处理的。",
        materials=(
            "举报登记表",
            "核查处理结论",
            "举报奖励审批表",
            "举报人领取奖励的身份证明",
        ),
        duties=(
            handler(BGS, "文秘"),
            reviewer(BGS, "办公室主任"),
            approver(BODY, "副局长（分管综合）"),
            BUREAU_MEETING,
        ),
        risks=(
            Risk(
                "审核",
                LOW,
                "虚构举报人套取奖励资金，或者泄露举报人信息",
                (
                    "举报人信息专人保管、严格保密",
                    "奖励资金经财务复核后发放，留存领取凭证备查",
                ),
            ),
        ),
        promised=(20, WD),
        disclosure="奖励情况在不泄露举报人身份的前提下在门户网站公开",
    ),
    Item(
        code="AJ-NB-001",
        name="局机关财务支出审批",
        category=C.FINANCE,
        department=BGS,
        bases=(
            law("中华人民共和国预算法"),
            ministerial("行政单位财务规则"),
            normative("行政事业单位内部控制规范（试行）"),
        ),
        conditions=(
            "支出已列入年度预算，凭合法票据按审批权限审批；达到本局“三重一大”大额资金标准的支出，须经局务会集体"
            "决定（DEC-3）；主要负责人不直接分管财务（DEC-72）。"
        ),
        materials=("支出申请单", "合同或者协议", "发票等合法票据", "验收单或者领用单"),
        duties=(
            handler(BGS, "文秘"),
            reviewer(BGS, "办公室主任"),
            approver(BODY, "副局长（分管综合）"),
            BUREAU_MEETING,
        ),
        risks=(
            Risk(
                "审核",
                A,
                "虚列支出、套取资金，或者大额支出由一人审批",
                (
                    "大额支出经局务会集体决定，不得“一支笔”独自审批（SUP-138）",
                    "财务收支情况定期在机关内部公开",
                ),
            ),
        ),
        promised=(5, WD),
    ),
    Item(
        code="AJ-NB-002",
        name="执法装备和办公物资采购",
        category=C.PROCUREMENT,
        department=BGS,
        bases=(law("中华人民共和国政府采购法", "第二条"), regulation("中华人民共和国政府采购法实施条例")),
        conditions="列入年度政府采购预算；集中采购目录以内或者采购限额标准以上的，依法实行政府采购。",
        materials=("采购申请", "采购需求和预算", "采购文件及采购结果", "验收单"),
        duties=(
            handler(BGS, "文秘"),
            reviewer(BGS, "办公室主任"),
            approver(BODY, "副局长（分管审批）"),
            BUREAU_MEETING,
        ),
        risks=(
            Risk(
                "审查",
                B,
                "量身定制采购需求、指定品牌，或者化整为零规避政府采购",
                (
                    "采购需求由办公室和使用股室共同确认，不得指定品牌",
                    "采购结果在机关内部公开，接受纪检监察室监督",
                ),
            ),
        ),
        promised=(20, WD),
    ),
)

CATALOG = BodyCatalog(
    code=BODY,
    legal="safety.legal",
    inspector="safety.inspector",
    publisher="safety.director",
    complaint_channel=(
        "县安监局举报电话随时受理（SUP-107）；县纪委监委举报电话12388；12350安全生产举报投诉电话；"
        "来信寄县安监局纪检监察室"
    ),
    disclosure=PERMIT_DISCLOSURE,
    items=ITEMS,
)
