"""示范市生态环境局: environmental-impact approvals, pollutant-discharge and hazardous-waste permits,
enforcement, and the Party group's internal powers (seeds 000 and 004).

Seed 000 gives no item list (its flowchart is an image, CAT-8), so the items are the powers such a
bureau holds under the environmental statutes; what the seeds fix is cited where it applies: major
permits and major penalties need the legality review and the risk assessment (DEC-5), 三重一大 goes
to the Party group (DEC-1), and the principal leader manages none of the five areas (DEC-72).
"""

from __future__ import annotations

from sunshine.catalog.choices import Category as C
from sunshine.catalog.choices import RiskLevel

from .spec import (
    DAYS,
    DRAFT,
    WD,
    Benchmark,
    BodyCatalog,
    Item,
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
    party,
    regulation,
    reviewer,
)

A, B, LOW = RiskLevel.A, RiskLevel.B, RiskLevel.C
BODY = "ECO"
BGS, ZCFG, CWK, RSK, HPSP, ZFZD = "ECO-BGS", "ECO-ZCFG", "ECO-CWK", "ECO-RSK", "ECO-HPSP", "ECO-ZFZD"
EPL = "中华人民共和国环境保护法"
EIA = "中华人民共和国环境影响评价法"
PARTY_GROUP = collective("局党组会")
BUREAU_MEETING = collective("局务会")

APPROVAL_DUTIES = (
    handler(HPSP, "承办人"),
    reviewer(HPSP, "审核人"),
    reviewer(HPSP, "科长"),
    approver(BODY, "副局长"),  # 刘芳 holds administrative approval (DEC-72)
    BUREAU_MEETING,
)
EIA_BASES = (
    law(EIA, "第二十二条"),
    law(EPL, "第十九条"),
    regulation("建设项目环境保护管理条例", "第九条"),
    ministerial("环境影响评价公众参与办法"),
)
EIA_CONDITIONS = (
    "建设项目类型及其选址、布局、规模等符合生态环境保护法律法规和相关法定规划；所在区域环境质量达标或者有"
    "削减措施；采取的污染防治措施能确保污染物排放达到国家和地方排放标准；环境影响评价文件的基础资料数据"
    "真实、内容无重大缺陷；依法开展了公众参与。"
)
EIA_DISCLOSURE = "受理情况、拟审批意见和审批决定分别在局门户网站公开，拟审批意见公示期间接受公众意见"
EIA_REVIEW = Risk(
    "审查",
    A,
    "技术审查中降低标准，为不符合条件的项目“开绿灯”，或者干预技术评估",
    (
        "技术评估由独立评估机构出具意见，审批人员不得指定或者推荐环评编制单位",
        "拟审批意见公示期满、公众意见逐条答复后再作决定（DEC-14）",
        "重大项目审批前进行风险评估，并经局务会集体讨论（DEC-5）",
    ),
)

PENALTY_CONDITIONS = (
    "立案须同时具备：（一）有明确的违法行为人；（二）有涉嫌违反生态环境保护法律、法规、规章的事实；"
    "（三）属于本局管辖；（四）违法行为在二年内发现，或者处于连续、继续状态。"
)
PENALTY_MATERIALS = (
    "立案审批表",
    "现场检查（勘察）笔录和调查询问笔录",
    "监测报告、采样记录、照片和视听资料等证据",
    "行政处罚事先（听证）告知书",
    optional("陈述申辩笔录或者听证笔录", "当事人陈述、申辩或者申请听证的"),
    "法制审核意见",
    "行政处罚决定书",
    "结案审批表",
)
PENALTY_DUTIES = (
    handler(ZFZD, "执法人员"),
    reviewer(ZFZD, "支队长"),
    reviewer(ZCFG, "法制审核员"),
    approver(BODY, "总工程师"),  # 赵卫东 holds enforcement
    collective("局务会（重大案件集体讨论）"),
)
PENALTY_BASES = (law("中华人民共和国行政处罚法"), ministerial("生态环境行政处罚办法"))
PENALTY_DISCLOSURE = "行政处罚决定在局门户网站公开"
DISCRETION = Risk(
    "作出处罚决定",
    A,
    "在裁量幅度内畸轻畸重，或者受人情干预降档处罚、以罚代管",
    (
        "适用本局生态环境行政处罚自由裁量基准，决定书写明适用的裁量等级、档次和理由（CAT-127）",
        "重大案件经局务会集体讨论决定（DEC-5）",
        "处罚决定在门户网站公开，接受社会监督",
    ),
)
SAMPLING = Risk(
    "调查取证",
    B,
    "采样、监测不规范或者选择性取证，为当事人开脱",
    (
        "采样监测由有资质的监测机构按技术规范进行，全程记录",
        "执法人员不少于两人，持证执法并使用执法记录仪",
    ),
)
LEGAL_REVIEW = Risk(
    "法制审核",
    B,
    "法制审核流于形式，对证据不足或者适用法律错误的案件不予纠正",
    ("未经法制审核或者审核未通过的，不得作出决定（《中华人民共和国行政处罚法》第五十八条）",),
)


def penalty(code, name, article, benchmarks) -> Item:
    return Item(
        code=code,
        name=name,
        category=C.PENALTY,
        department=ZFZD,
        bases=(article, law(EPL), *PENALTY_BASES),
        conditions=PENALTY_CONDITIONS,
        materials=PENALTY_MATERIALS,
        duties=PENALTY_DUTIES,
        risks=(DISCRETION, SAMPLING, LEGAL_REVIEW),
        benchmarks=benchmarks,
        statutory=(90, DAYS),
        promised=(60, DAYS),
        disclosure=PENALTY_DISCLOSURE,
    )


# 环境保护法 第五十九条: a fine not paid after the order to correct runs again every day.
DAILY_PENALTY = Benchmark(
    "受到罚款处罚，被责令改正，拒不改正",
    "《中华人民共和国环境保护法》第五十九条：自责令改正之日的次日起，按照原处罚数额按日连续处罚",
    (Tier("拒不改正", "", "复查发现拒不改正", measure="按照原处罚数额按日连续处罚"),),
)
CLOSURE = Tier("情节严重", "", "情节严重的", measure="报经有批准权的人民政府批准，责令停业、关闭")

ITEMS = (
    Item(
        code="HB-XK-001",
        name="建设项目环境影响报告书审批",
        category=C.PERMIT,
        department=HPSP,
        bases=EIA_BASES,
        conditions=EIA_CONDITIONS,
        materials=(
            "建设项目环境影响报告书审批申请",
            "环境影响报告书（报批稿）",
            "环境影响评价公众参与说明",
            "报告书全本公开情况说明（删除涉及国家秘密、商业秘密等内容的说明）",
            optional("项目立项（备案）文件", "依法需要立项或者备案的"),
        ),
        duties=APPROVAL_DUTIES,
        risks=(
            EIA_REVIEW,
            Risk(
                "受理审查",
                B,
                "受理时向建设单位“推荐”环评编制单位或者技术评估机构",
                ("政务服务窗口公示“不得指定环评编制单位”承诺，接受举报",),
            ),
        ),
        statutory=(60, DAYS),
        promised=(30, WD),
        disclosure=EIA_DISCLOSURE,
    ),
    Item(
        code="HB-XK-002",
        name="建设项目环境影响报告表审批",
        category=C.PERMIT,
        department=HPSP,
        bases=EIA_BASES,
        conditions=EIA_CONDITIONS,
        materials=(
            "建设项目环境影响报告表审批申请",
            "环境影响报告表（报批稿）",
            "报告表全本公开情况说明",
        ),
        duties=APPROVAL_DUTIES,
        risks=(
            Risk(
                "审查",
                B,
                "对报告表把关不严，将应编制报告书的项目按报告表审批",
                (
                    "对照建设项目环境影响评价分类管理名录核定评价类别，承办人、审核人双签",
                    "审批决定在门户网站公开",
                ),
            ),
        ),
        statutory=(30, DAYS),
        promised=(15, WD),
        disclosure=EIA_DISCLOSURE,
    ),
    Item(
        code="HB-XK-003",
        name="排污许可证核发",
        category=C.PERMIT,
        department=HPSP,
        bases=(
            law(EPL, "第四十五条"),
            law("中华人民共和国行政许可法", "第四十二条"),
            regulation("排污许可管理条例"),
        ),
        conditions=(
            "（一）依法取得建设项目环境影响报告书（表）批准文件，或者已经办理环境影响登记表备案手续；（二）污染物"
            "排放符合污染物排放标准要求，重点污染物排放符合排污许可证申请与核发技术规范、环境影响报告书（表）批准"
            "文件、重点污染物排放总量控制要求；（三）采用的污染防治设施或者措施有能力达到许可排放浓度要求；"
            "（四）自行监测方案符合有关规定。"
        ),
        materials=(
            "排污许可证申请表",
            "自行监测方案",
            "环境影响评价审批文件或者登记表备案材料",
            "污染防治设施、措施说明",
            "守法承诺书",
        ),
        duties=APPROVAL_DUTIES,
        risks=(
            Risk(
                "审核",
                B,
                "放宽许可排放量核定，违规核发许可证",
                (
                    "许可排放量按技术规范核算，承办人、审核人双签",
                    "核发信息在全国排污许可证管理信息平台公开",
                ),
            ),
        ),
        statutory=(20, DAYS),
        promised=(15, WD),
        disclosure="核发结果在全国排污许可证管理信息平台和局门户网站公开",
    ),
    Item(
        code="HB-XK-004",
        name="危险废物经营许可证核发",
        category=C.PERMIT,
        department=HPSP,
        bases=(
            law("中华人民共和国固体废物污染环境防治法", "第八十条"),
            regulation("危险废物经营许可证管理办法"),
        ),
        conditions=(
            "（一）有符合条件的环境工程专业或者相关专业技术人员；（二）有符合国家或者地方环境保护标准和安全要求的"
            "包装工具、中转和临时存放设施、设备以及贮存设施、设备；（三）有符合国家或者省级规划要求的处置设施、设备"
            "和配套的污染防治设施；（四）有与所经营的危险废物类别相适应的处置技术和工艺；（五）有保证危险废物经营"
            "安全的规章制度、污染防治措施和事故应急救援措施。"
        ),
        materials=(
            "危险废物经营许可证申请书",
            "技术人员职称证明和从业经历证明",
            "贮存、处置设施设备及配套污染防治设施说明",
            "环境影响评价文件批复及竣工环境保护验收材料",
            "规章制度、污染防治措施和事故应急救援预案",
        ),
        duties=APPROVAL_DUTIES,
        risks=(
            Risk(
                "现场核查",
                A,
                "现场核查不实，为不具备处置能力的单位发证",
                (
                    "现场核查不少于两人并邀请专家参加，核查记录由申请单位签字确认",
                    "拟发证名单在门户网站公示",
                ),
            ),
        ),
        statutory=(20, WD),
        promised=(15, WD),
        disclosure="审批结果在局门户网站公开",
        state=DRAFT,
    ),
    penalty(
        "HB-CF-001",
        "对超过排放标准排放大气污染物的行政处罚",
        law("中华人民共和国大气污染防治法", "第九十九条"),
        (
            Benchmark(
                "超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物",
                "《中华人民共和国大气污染防治法》第九十九条第（二）项：责令改正或者限制生产、停产整治，并处十万元"
                "以上一百万元以下的罚款",
                nine_bands(100_000, 1_000_000, "责令改正或者限制生产、停产整治"),
            ),
            Benchmark(
                "超标排放大气污染物，情节严重",
                "《中华人民共和国大气污染防治法》第九十九条",
                (CLOSURE,),
            ),
            DAILY_PENALTY,
        ),
    ),
    penalty(
        "HB-CF-002",
        "对超过排放标准排放水污染物的行政处罚",
        law("中华人民共和国水污染防治法", "第八十三条"),
        (
            Benchmark(
                "超过水污染物排放标准或者超过重点水污染物排放总量控制指标排放水污染物",
                "《中华人民共和国水污染防治法》第八十三条第（二）项：责令改正或者责令限制生产、停产整治，并处十万元"
                "以上一百万元以下的罚款",
                nine_bands(100_000, 1_000_000, "责令改正或者责令限制生产、停产整治"),
            ),
            Benchmark(
                "超标排放水污染物，情节严重",
                "《中华人民共和国水污染防治法》第八十三条",
                (CLOSURE,),
            ),
            DAILY_PENALTY,
        ),
    ),
    penalty(
        "HB-CF-003",
        "对未依法报批建设项目环境影响评价文件擅自开工建设的行政处罚",
        law(EIA, "第三十一条"),
        (
            Benchmark(
                "建设单位未依法报批建设项目环境影响报告书、报告表，擅自开工建设",
                "《中华人民共和国环境影响评价法》第三十一条：责令停止建设，根据违法情节和危害后果，处建设项目总投资额"
                "百分之一以上百分之五以下的罚款，并可以责令恢复原状",
                (
                    Tier(
                        "较轻",
                        "",
                        "开工建设时间短、尚未造成环境影响，主动停止建设",
                        measure="责令停止建设，处总投资额1%以上2%以下的罚款",
                    ),
                    Tier(
                        "一般",
                        "",
                        "已开工建设，造成一定环境影响",
                        measure="责令停止建设，处总投资额2%以上3.5%以下的罚款",
                    ),
                    Tier(
                        "严重",
                        "",
                        "建成投产或者造成较大环境污染，拒不停止建设",
                        measure="责令停止建设，处总投资额3.5%以上5%以下的罚款，并可以责令恢复原状",
                    ),
                ),
            ),
        ),
    ),
    Item(
        code="HB-QZ-001",
        name="查封、扣押造成污染物排放的设施、设备",
        category=C.COMPULSORY,
        department=ZFZD,
        bases=(
            law(EPL, "第二十五条"),
            law("中华人民共和国行政强制法", "第二十四条、第二十五条"),
            ministerial("环境保护主管部门实施查封、扣押办法"),
        ),
        conditions="企业事业单位和其他生产经营者违反法律法规规定排放污染物，造成或者可能造成严重污染的。",
        materials=(
            "现场检查笔录和调查询问笔录",
            "查封、扣押审批表",
            "查封、扣押决定书",
            "查封、扣押清单",
            optional("解除查封、扣押决定书", "违法行为改正或者期限届满的"),
        ),
        duties=(
            handler(ZFZD, "执法人员"),
            reviewer(ZFZD, "支队长"),
            reviewer(ZCFG, "法制审核员"),
            approver(BODY, "总工程师"),
        ),
        risks=(
            Risk(
                "作出决定",
                B,
                "查封、扣押对象和范围随意确定，或者超期查封、收受好处后解除",
                (
                    "查封、扣押期限不超过三十日，延长须经负责人批准（《中华人民共和国行政强制法》第二十五条）",
                    "查封、扣押清单当场由当事人核对签字",
                ),
            ),
        ),
        statutory=(30, DAYS),
        promised=(30, DAYS),
        disclosure=PENALTY_DISCLOSURE,
    ),
    Item(
        code="HB-JC-001",
        name="排污单位现场检查",
        category=C.INSPECTION,
        department=ZFZD,
        bases=(law(EPL, "第二十四条"),),
        conditions="按“双随机、一公开”抽查计划确定检查对象；群众举报、上级交办、重污染天气应急期间随时检查。",
        materials=(
            "年度现场检查计划和随机抽查名单",
            "现场检查笔录",
            optional("责令改正违法行为决定书", "发现违法行为的"),
        ),
        duties=(handler(ZFZD, "执法人员"), reviewer(ZFZD, "支队长"), approver(BODY, "总工程师")),
        risks=(
            Risk(
                "现场核查",
                B,
                "检查前通风报信，对发现的违法行为隐瞒不报",
                (
                    "检查对象和执法人员随机抽取，检查结果在门户网站公开",
                    "现场检查全程使用执法记录仪，笔录由被检查单位签字",
                ),
            ),
        ),
        promised=(5, WD),
        disclosure="随机抽查计划和检查结果在局门户网站公开",
    ),
    Item(
        code="HB-CJ-001",
        name="水污染损害赔偿纠纷调解处理",
        category=C.ADJUDICATION,
        department=ZCFG,
        bases=(law("中华人民共和国水污染防治法", "第九十七条"),),
        conditions="当事人请求处理因水污染引起的损害赔偿责任和赔偿金额纠纷，且未就同一纠纷向人民法院起诉。",
        materials=(
            "调解处理申请书",
            "当事人身份证明",
            "损害事实和损失情况的证据",
            optional("环境监测报告或者损害鉴定意见"),
        ),
        duties=(handler(ZCFG, "科长"), approver(BODY, "总工程师")),
        risks=(
            Risk(
                "审查",
                B,
                "偏袒一方当事人，调解协议显失公平",
                (
                    "调解遵循自愿原则，调解协议经双方签字确认；调解不成的告知当事人可以向人民法院起诉",
                    "承办人员与当事人有利害关系的应当回避",
                ),
            ),
        ),
        promised=(30, DAYS),
        counterpart_rights="当事人自愿参加调解；调解不成或者不服调解处理的，可以向人民法院提起诉讼",
        disclosure="办事指南在局门户网站公开",
    ),
    Item(
        code="HB-JL-001",
        name="环境保护先进集体和先进个人表彰奖励推荐",
        category=C.AWARD,
        department=BGS,
        bases=(law(EPL, "第十一条"),),
        conditions="在保护和改善环境工作中成绩显著的单位和个人。",
        materials=("推荐表", "先进事迹材料", "拟推荐名单公示情况"),
        duties=(
            handler(BGS, "文秘督办"),
            reviewer(BGS, "办公室主任"),
            approver(BODY, "副局长（常务）"),
            PARTY_GROUP,
        ),
        risks=(
            Risk(
                "集体讨论决定",
                LOW,
                "评选条件不公开，暗箱操作确定推荐对象",
                (
                    "评选条件和拟推荐名单公示不少于5个工作日",
                    "推荐对象由局党组会集体研究确定",
                ),
            ),
        ),
        promised=(30, WD),
        disclosure="评选条件和拟推荐名单在局门户网站公示",
    ),
    Item(
        code="HB-NB-001",
        name="科级干部选拔任用",
        category=C.PERSONNEL,
        department=RSK,
        bases=(party("党政领导干部选拔任用工作条例"), law("中华人民共和国公务员法")),
        conditions=(
            "符合《党政领导干部选拔任用工作条例》规定的基本条件和资格；按干部管理权限，经分析研判和动议、民主推荐、"
            "考察、讨论决定、任职前公示等程序（DEC-4、DEC-8）。"
        ),
        materials=(
            "职位空缺情况和选拔任用工作方案",
            "民主推荐结果",
            "考察材料",
            "驻局纪检组出具的党风廉政意见",
            "个人有关事项报告查核结果",
            "任职前公示情况",
        ),
        duties=(
            handler(RSK, "干部人事专员"),
            reviewer(RSK, "科长"),
            approver(BODY, "副局长"),  # 刘芳 holds personnel (DEC-72)
            PARTY_GROUP,
        ),
        risks=(
            Risk(
                "集体讨论决定",
                A,
                "个人说了算、临时动议，或者带病提拔",
                (
                    "党组会讨论干部任免，到会成员达到应到会成员三分之二以上，主要负责人末位表态（CAT-143、CAT-146）",
                    "驻局纪检组出具党风廉政意见，有问题线索未查清的暂缓任用",
                ),
            ),
            Risk(
                "现场核查",
                B,
                "考察不深入，隐瞒考察对象存在的问题",
                ("考察组不少于两人，考察对象个人有关事项报告一并查核",),
            ),
            Risk(
                "送达",
                LOW,
                "任职前公示走过场",
                ("任职前公示期不少于5个工作日，公示期间的举报逐件核查",),
            ),
        ),
        promised=(30, WD),
    ),
    Item(
        code="HB-NB-002",
        name="大额资金使用审批",
        category=C.FINANCE,
        department=CWK,
        bases=(ministerial("行政单位财务规则"), normative("行政事业单位内部控制规范（试行）")),
        conditions="已列入年度预算；达到本局“三重一大”大额资金标准的，须经局党组会集体决定（DEC-1、DEC-3）。",
        materials=("资金使用申请及依据", "预算批复", "合同或者协议", "党组会会议纪要"),
        duties=(
            handler(CWK, "会计"),
            reviewer(CWK, "科长"),
            approver(BODY, "副局长（常务）"),  # 陈立新 holds finance (DEC-72)
            PARTY_GROUP,
        ),
        risks=(
            Risk(
                "集体讨论决定",
                A,
                "化整为零规避集体决策，或者超预算、无预算支出",
                (
                    "大额资金使用一律经局党组会集体决定，会议纪要存档（DEC-1）",
                    "主要负责人不直接分管财务（DEC-72），财务收支定期在机关内部公开",
                ),
            ),
            Risk("审核", B, "审核把关不严，虚列支出套取资金", ("会计、科长双重审核，凭合法票据报销",)),
        ),
        promised=(10, WD),
    ),
    Item(
        code="HB-NB-003",
        name="政府采购",
        category=C.PROCUREMENT,
        department=BGS,
        bases=(law("中华人民共和国政府采购法", "第二条"), regulation("中华人民共和国政府采购法实施条例")),
        conditions="列入年度政府采购预算；集中采购目录以内或者采购限额标准以上的，依法实行政府采购。",
        materials=("采购申请", "采购需求和预算", "采购文件及采购结果", "验收单"),
        duties=(
            handler(BGS, "文秘督办"),
            reviewer(BGS, "办公室主任"),
            approver(BODY, "副局长（常务）"),  # 陈立新 holds procurement (DEC-72)
        ),
        risks=(
            Risk(
                "审查",
                B,
                "量身定制采购需求、指定品牌，或者化整为零规避政府采购",
                (
                    "采购需求经使用科室和办公室共同确认，不得指定品牌",
                    "采购结果在机关内部公开，接受驻局纪检组监督",
                ),
            ),
        ),
        promised=(20, WD),
    ),
    Item(
        code="HB-NB-004",
        name="环境监测能力建设工程项目",
        category=C.PROJECT,
        department=BGS,
        bases=(law("中华人民共和国招标投标法", "第三条"), regulation("中华人民共和国招标投标法实施条例")),
        conditions="项目列入年度建设计划并经局党组会集体决定；达到依法必须招标规模的，一律公开招标（DEC-112）。",
        materials=("项目立项批复", "初步设计和概算", "招标文件及中标结果", "施工合同", "竣工验收报告"),
        duties=(
            handler(BGS, "文秘督办"),
            reviewer(BGS, "办公室主任"),
            approver(BODY, "总工程师"),  # 赵卫东 holds construction and tendering (DEC-72)
            PARTY_GROUP,
        ),
        risks=(
            Risk(
                "审查",
                A,
                "规避招标、肢解发包，或者与投标人串通",
                (
                    "项目建设一律公开招标，评标专家随机抽取（DEC-112）",
                    "主要负责人不直接分管工程建设和招投标（DEC-72）",
                ),
            ),
            Risk(
                "作出决定",
                B,
                "工程变更、签证随意，增加投资",
                ("工程变更经分管领导和局党组会审定，讨论情况记录存档（DEC-117）",),
            ),
        ),
        promised=(60, WD),
    ),
)

CATALOG = BodyCatalog(
    code=BODY,
    legal="eco.legal",
    inspector="eco.inspector",
    publisher="eco.director",
    complaint_channel="12369环保举报热线；驻局纪检组举报信箱；市纪委监委举报电话12388",
    disclosure="局门户网站、政务服务大厅公示栏",
    items=ITEMS,
)
