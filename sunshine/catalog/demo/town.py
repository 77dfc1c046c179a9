"""示范乡人民政府: civil-affairs payments (CIV-1..15), the township's own permits, inspections and
adjudications, and its 三重一大 internal powers (seed 003, first half; DEC-112..118, SUP-128..138).

低保 and disaster relief are A-grade, the seeds' own examples (SUP-133); items the county approves
after the township's review are B. 民间纠纷调解 is left as an unfinished draft (no risk point yet),
so that the catalogue shows what publication still needs.
"""

from __future__ import annotations

from sunshine.catalog.choices import Category as C
from sunshine.catalog.choices import RiskLevel

from .spec import (
    DAYS,
    DRAFT,
    RIGHTS_DEFAULT,
    WD,
    Benchmark,
    BodyCatalog,
    Item,
    Material,
    Risk,
    Tier,
    approver,
    collective,
    handler,
    law,
    ministerial,
    normative,
    optional,
    party,
    regulation,
    reviewer,
)

A, B, LOW = RiskLevel.A, RiskLevel.B, RiskLevel.C
BODY = "TOWN"
DZB, JFB, MZB, ZZB, CZS = "TOWN-DZB", "TOWN-JFB", "TOWN-MZB", "TOWN-ZZB", "TOWN-CZS"
RELIEF = "社会救助暂行办法"
JOINT_MEETING = collective("乡党政联席会议")
PARTY_COMMITTEE = collective("乡党委会")

# 夏雨 holds administrative approval and social affairs; 戴建平 finance, construction and procurement;
# 钟伟 personnel — never the secretary or the head (DEC-72).
SOCIAL = approver(BODY, "副乡长（分管社会事务）")
ECONOMY = approver(BODY, "副乡长（分管经济）")
RELIEF_DUTIES = (handler(MZB, "承办人"), reviewer(MZB, "主任"), SOCIAL)
RELIEF_DISCLOSURE = (
    "救助对象、救助标准和金额通过村（社区）公开栏按户公示（CIV-7），办事指南在乡政务公开栏公开"
)
HOUSEHOLD_VISIT = (
    "入户调查不少于两人，调查结果由申请人签字确认",
    "审核结果按户在村（社区）公示，公示期间的异议逐件核实（CIV-7）",
)

PENALTY_CONDITIONS = (
    "在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照许可证的规定进行建设，经现场核实，"
    "违法事实清楚、属于本乡管辖的。"
)
PENALTY_MATERIALS = (
    "立案审批表",
    "现场检查笔录、照片和测量记录",
    "调查询问笔录",
    "责令停止建设（限期改正）通知书",
    optional("陈述申辩笔录或者听证笔录", "当事人陈述、申辩或者申请听证的"),
    "法制审核意见",
    "处理决定书",
)

ITEMS = (
    Item(
        code="XZ-GF-001",
        name="最低生活保障审核",
        category=C.PAYMENT,
        department=MZB,
        bases=(regulation(RELIEF, "第九条、第十一条"), normative("最低生活保障审核确认办法")),
        conditions=(
            "共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定"
            "（CIV-3；城乡低保标准由县人民政府按年度公布）。"
        ),
        materials=(
            "书面申请书（写明申请理由）",
            "户口簿、身份证复印件",
            "家庭成员收入和财产状况证明",
            "家庭经济状况核对授权书",
            "村（居）民委员会审核意见",
        ),
        duties=RELIEF_DUTIES,
        risks=(
            Risk("现场核查", A, "入户调查不实，优亲厚友办“人情保”“关系保”", HOUSEHOLD_VISIT),
            Risk(
                "审核",
                B,
                "动态管理不到位，家庭收入超过标准后不及时停发（CIV-6）",
                ("每季度复核保障对象收入，超过低保标准的及时停发并公示",),
            ),
            Risk(
                "受理审查",
                LOW,
                "村干部及经办人员近亲属申请低保未备案",
                ("村干部和乡民政经办人员近亲属申请低保的，单独登记备案并由乡纪委抽查",),
            ),
        ),
        statutory=(10, DAYS),  # CIV-4: the township signs its audit within 10 days
        promised=(5, WD),
        disclosure=RELIEF_DISCLOSURE,
    ),
    Item(
        code="XZ-GF-002",
        name="临时救助",
        category=C.PAYMENT,
        department=MZB,
        bases=(regulation(RELIEF, "第四十七条、第四十八条"),),
        conditions=(
            "因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭，"
            "或者因生活必需支出突然增加超出承受能力的最低生活保障家庭。"
        ),
        materials=(
            "临时救助申请书",
            "户口簿、身份证复印件",
            "困难情况证明（医疗费用票据、事故证明等）",
        ),
        duties=RELIEF_DUTIES,
        risks=(
            Risk(
                "审核",
                B,
                "虚报冒领、重复救助，或者救助金额随意确定",
                (
                    "救助对象和金额在村务公开栏公示",
                    "乡纪委定期抽查临时救助台账",
                ),
            ),
        ),
        promised=(5, WD),
        disclosure=RELIEF_DISCLOSURE,
    ),
    Item(
        code="XZ-GF-003",
        name="特困人员供养审核",
        category=C.PAYMENT,
        department=MZB,
        bases=(regulation(RELIEF, "第十四条、第十六条"), regulation("农村五保供养工作条例")),
        conditions=(
            "无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人，或者其法定义务人无履行义务能力的老年人、"
            "残疾人以及未满16周岁的未成年人（CIV-8）。"
        ),
        materials=("书面申请书", "户口簿、身份证复印件", "村（居）民委员会调查审核意见"),
        duties=RELIEF_DUTIES,
        risks=(
            Risk("现场核查", B, "对法定义务人履行能力核查不实，将不符合条件人员纳入供养", HOUSEHOLD_VISIT),
        ),
        promised=(15, WD),
        disclosure=RELIEF_DISCLOSURE,
    ),
    Item(
        code="XZ-GF-004",
        name="医疗救助（大病救助）审核",
        category=C.PAYMENT,
        department=MZB,
        bases=(regulation(RELIEF, "第二十八条、第三十条"),),
        conditions=(
            "城乡低保对象中，五保户、特困户成员患恶性肿瘤、白血病、尿毒症的，或者当年医疗费用超过1万元、影响家庭"
            "基本生活的；因安全事故、交通事故、他人伤害致病致残的和精神病患者除外（CIV-10）。"
        ),
        materials=(
            "医疗救助申请表",
            "身份证、户口簿复印件",
            optional("五保证、特困证复印件", "五保户、特困户申请的"),
            "县级以上（含县级）医院当年的诊断证明",
            "医疗费用票据",
            "主要病历原件",
            "享受其他政府救助和社会互助的证明",
        ),
        duties=RELIEF_DUTIES,
        risks=(
            Risk(
                "现场核查",
                B,
                "审核中对虚开医疗票据、重复报销把关不严",
                (
                    "核验县级以上医院诊断证明和医疗费用原始票据，入户走访（CIV-11）",
                    "救助名单和金额公示后报县民政局按季度审批",
                ),
            ),
        ),
        promised=(10, WD),
        disclosure=RELIEF_DISCLOSURE,
    ),
    Item(
        code="XZ-GF-005",
        name="受灾人员救助款物发放",
        category=C.PAYMENT,
        department=MZB,
        bases=(regulation("自然灾害救助条例"), regulation(RELIEF)),
        conditions=(
            "救灾款物只能用于：解决灾民无力克服的衣、食、住、医等生活困难；紧急抢救、转移和安置灾民；灾民倒塌房屋"
            "恢复重建和损坏房屋修缮；救灾物资的加工、储运；捐赠款物按捐赠人意愿使用（CIV-12）。"
        ),
        materials=(
            "灾民救助申请",
            "村民小组初评和村民会议（村民代表会议）评议记录",
            "村民委员会审核意见和张榜公布照片",
        ),
        duties=RELIEF_DUTIES,
        risks=(
            Risk(
                "审核",
                A,
                "截留、挪用救灾款物，或者优亲厚友确定救助对象",
                (
                    "救助对象按申请、评议、公示、审核、审批六个环节确定，不得跳过任何环节（CIV-13）",
                    "救灾款物专账管理，发放清单张榜公布",
                    "乡纪委对发放情况专项检查",
                ),
            ),
        ),
        promised=(10, WD),
        disclosure=RELIEF_DISCLOSURE,
    ),
    Item(
        code="XZ-XK-001",
        name="农村村民住宅用地审批",
        category=C.PERMIT,
        department=JFB,
        bases=(
            law("中华人民共和国土地管理法", "第六十二条"),
            law("中华人民共和国行政许可法", "第四十二条"),
            normative("农业农村部 自然资源部关于规范农村宅基地审批管理的通知"),
        ),
        conditions=(
            "申请人为本集体经济组织成员，符合“一户一宅”，申请面积不超过省规定标准；符合乡（镇）国土空间规划和"
            "村庄规划；经村民小组会议讨论通过并公示无异议。"
        ),
        materials=(
            "农村宅基地和建房（规划许可）申请表",
            "申请人身份证、户口簿",
            "村民小组会议讨论记录和公示情况",
            "村民委员会审查意见",
            "建房设计图或者通用图",
        ),
        duties=(handler(JFB, "承办人"), reviewer(JFB, "主任"), SOCIAL),
        risks=(
            Risk(
                "现场核查",
                A,
                "不到现场踏勘丈量，违规批准超占面积、“一户多宅”",
                (
                    "现场踏勘由乡经济发展办和村民委员会共同进行，批准后放样、竣工时再次到场",
                    "审批结果在村务公开栏和乡政务公开栏公示",
                ),
            ),
            Risk(
                "受理审查",
                LOW,
                "对符合条件的申请拖延受理，或者要求提交法定以外的材料",
                ("材料不全的一次性告知需要补正的全部内容（CASE-6）",),
            ),
        ),
        statutory=(20, DAYS),
        promised=(15, WD),
        fee_basis="《中华人民共和国行政许可法》第五十八条",
        disclosure="办事指南和审批结果在乡政务公开栏、村务公开栏公开（SUP-129）",
    ),
    Item(
        code="XZ-CF-001",
        name="对乡村规划区内违法建设的处理",
        category=C.PENALTY,
        department=JFB,
        bases=(
            law("中华人民共和国城乡规划法", "第六十五条"),
            law("中华人民共和国行政处罚法"),
        ),
        conditions=PENALTY_CONDITIONS,
        materials=PENALTY_MATERIALS,
        duties=(
            handler(JFB, "承办人"),
            reviewer(JFB, "主任"),
            reviewer(DZB, "法制审核员"),
            ECONOMY,
            JOINT_MEETING,
        ),
        risks=(
            Risk(
                "作出处罚决定",
                A,
                "对违法建设选择性查处，或者收受好处后不予处理",
                (
                    "违法建设处理决定经乡党政联席会议集体研究",
                    "处理结果在乡政务公开栏公开",
                ),
            ),
            Risk(
                "执行",
                B,
                "逾期不改正的违法建设拆除不到位，“以罚代拆”",
                ("拆除前依法催告并公告，拆除过程全程记录",),
            ),
        ),
        benchmarks=(
            Benchmark(
                "在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照许可证的规定进行建设",
                "《中华人民共和国城乡规划法》第六十五条：由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除",
                (
                    Tier(
                        "较轻",
                        "",
                        "未批先建但符合村庄规划，尚未完工",
                        measure="责令停止建设，限期补办乡村建设规划许可",
                    ),
                    Tier("一般", "", "未按许可规定建设，超出面积或者层数", measure="责令停止建设，限期改正"),
                    Tier("严重", "", "责令限期改正后逾期不改正", measure="依法拆除"),
                ),
            ),
        ),
        statutory=(90, DAYS),
        promised=(30, DAYS),
        disclosure="处理结果在乡政务公开栏公开",
    ),
    Item(
        code="XZ-JC-001",
        name="生产经营单位安全生产检查",
        category=C.INSPECTION,
        department=JFB,
        bases=(law("中华人民共和国安全生产法", "第九条"),),
        conditions="按职责对本乡生产经营单位的安全生产状况进行监督检查，协助县有关部门依法履行安全生产监督管理职责。",
        materials=("安全生产检查记录表", optional("事故隐患整改通知书", "发现事故隐患的"), "事故隐患台账"),
        duties=(handler(JFB, "承办人"), reviewer(JFB, "主任"), ECONOMY),
        risks=(
            Risk(
                "现场核查",
                B,
                "检查走过场，对发现的事故隐患不督促整改、不报告",
                (
                    "检查记录当场填写并由被检查单位签字",
                    "重大事故隐患当日报告县安监局",
                ),
            ),
        ),
        promised=(5, WD),
        disclosure="检查情况在乡政务公开栏定期公开",
    ),
    Item(
        code="XZ-CJ-001",
        name="土地权属争议调处",
        category=C.ADJUDICATION,
        department=ZZB,
        bases=(law("中华人民共和国土地管理法", "第十四条"), ministerial("土地权属争议调查处理办法")),
        conditions="个人之间、个人与单位之间的土地所有权和使用权争议，当事人协商不成，申请乡人民政府处理。",
        materials=("调处申请书", "当事人身份证明", "土地权属来源证明材料", "争议地块四至示意图"),
        duties=(handler(ZZB, "承办人"), reviewer(ZZB, "主任"), SOCIAL, JOINT_MEETING),
        risks=(
            Risk(
                "作出决定",
                A,
                "偏袒一方当事人，或者收受好处后作出处理决定",
                (
                    "调处决定经乡党政联席会议集体研究",
                    "承办人员与当事人有利害关系的应当回避",
                ),
            ),
            Risk(
                "现场核查",
                B,
                "现场勘查不到位，证据收集不全",
                ("现场勘查邀请双方当事人和村民委员会到场，勘查记录签字确认",),
            ),
        ),
        promised=(60, DAYS),
        counterpart_rights=RIGHTS_DEFAULT + "；对处理决定不服的，也可以依法向人民法院起诉",
        disclosure="办事指南在乡政务公开栏公开",
    ),
    Item(
        code="XZ-QR-001",
        name="就业失业登记",
        category=C.CONFIRMATION,
        department=MZB,  # the demo township has no labour station; its 民政办 handles it (CIV-16)
        bases=(law("中华人民共和国就业促进法"), ministerial("就业服务与就业管理规定")),
        conditions=(
            "本省户籍、有劳动能力和就业要求的下列人员：各类学校毕业生、肄业生；从用人单位失业的人员；个体工商户、"
            "私营企业业主停业、破产的；承包土地被征用的农民；未安置的退役军人；刑满释放人员等（CIV-17）。"
        ),
        materials=(
            "有效身份证件",
            "户口簿原件及复印件",
            Material("二寸近期免冠彩色照片", copies=2),
            Material("就业失业登记证申领审批表", copies=3),
            Material(
                "身份类别证明",
                note="毕业证、解除劳动关系证明、停业或者注销证明、失地证明、退役证明等（CIV-18）",
            ),
        ),
        duties=(handler(MZB, "承办人"), reviewer(MZB, "主任")),
        risks=(
            Risk(
                "受理审查",
                LOW,
                "对符合条件的人员不予登记，或者要求重复提交材料",
                (
                    "材料不全的一次性告知（CASE-6）",
                    "登记信息录入就业信息系统，本人可以查询",
                ),
            ),
        ),
        promised=(1, WD),
        disclosure="办事指南在乡政务公开栏公开",
    ),
    Item(
        code="XZ-QT-001",
        name="民间纠纷调解",
        category=C.OTHER,
        department=ZZB,
        bases=(law("中华人民共和国人民调解法"),),
        conditions="当事人自愿申请调解，或者乡综治办、人民调解委员会主动调解的民间纠纷。",
        materials=("调解申请登记表", "当事人身份证明", optional("纠纷相关证据材料")),
        duties=(handler(ZZB, "承办人"), reviewer(ZZB, "主任")),
        risks=(),  # not drafted yet: the draft shows what publication still needs
        promised=(30, DAYS),
        counterpart_rights="当事人自愿参加调解，可以随时要求终止调解；调解不成的，可以依法通过仲裁、行政、司法等途径维护权利",
        disclosure="办事指南在乡政务公开栏公开",
        state=DRAFT,
    ),
    Item(
        code="XZ-NB-001",
        name="财政资金支出审批",
        category=C.FINANCE,
        department=CZS,
        bases=(law("中华人民共和国预算法"), normative("示范乡镇村级集体经济组织财务管理制度")),
        conditions=(
            "支出已列入经乡人民代表大会通过的年度预算（DEC-115）；超过本乡规定限额的大额支出须经乡党政联席会议"
            "集体决定，不得“一支笔”独自决定（SUP-128、SUP-138）。"
        ),
        materials=(
            "支出申请单",
            "合同或者协议",
            "发票等合法票据",
            optional("乡党政联席会议纪要", "大额支出的"),
        ),
        duties=(handler(CZS, "会计"), reviewer(CZS, "所长"), ECONOMY, JOINT_MEETING),
        risks=(
            Risk(
                "审核",
                A,
                "“一支笔”审批大额支出，虚列支出、套取资金",
                (
                    "大额支出经乡党政联席会议集体决定（SUP-128）",
                    "招待费、车辆费、差旅费等在机关内部公开（SUP-127）",
                ),
            ),
        ),
        promised=(5, WD),
    ),
    Item(
        code="XZ-NB-002",
        name="乡村工程建设项目招标",
        category=C.PROJECT,
        department=JFB,
        bases=(law("中华人民共和国招标投标法", "第三条"), normative("示范乡招投标实施办法")),
        conditions="建设工程一律公开招投标（DEC-112）；工程变更按《建设工程联系单工程确认流程图》办理（DEC-117）。",
        materials=(
            "项目立项和资金来源文件",
            "招标文件",
            "评标报告和中标公示",
            "施工合同",
            optional("工程联系单", "工程变更的"),
        ),
        duties=(handler(JFB, "承办人"), reviewer(JFB, "主任"), ECONOMY, JOINT_MEETING),
        risks=(
            Risk(
                "审查",
                A,
                "规避招标、量身定制招标条件，或者与投标人串通",
                (
                    "建设工程一律公开招投标，评标专家随机抽取（DEC-112）",
                    "中标结果在乡政务公开栏公示",
                ),
            ),
            Risk(
                "作出决定",
                B,
                "工程变更、追加工程量随意",
                ("追加工程经联系领导和乡党政联席会议审定，讨论记录存档（DEC-117）",),
            ),
        ),
        promised=(60, WD),
    ),
    Item(
        code="XZ-NB-003",
        name="中层干部竞争上岗",
        category=C.PERSONNEL,
        department=DZB,
        bases=(party("党政领导干部选拔任用工作条例"), law("中华人民共和国公务员法")),
        conditions=(
            "按《人事类事项讨论决定流程图》：征求机关干部和群众意见，领导班子集体讨论，任前公示（DEC-118）。"
        ),
        materials=(
            "竞争上岗方案",
            "报名及资格审查情况",
            "民主测评和考察材料",
            "乡纪委廉政意见",
            "任前公示情况",
        ),
        duties=(
            handler(DZB, "文秘"),
            reviewer(DZB, "办公室主任"),
            approver(BODY, "党委副书记"),  # 钟伟 holds personnel (DEC-72)
            PARTY_COMMITTEE,
        ),
        risks=(
            Risk(
                "集体讨论决定",
                A,
                "主要负责人个人决定人选，或者临时动议",
                (
                    "乡党委会集体讨论，党委书记末位表态，重要事项票决（DEC-113）",
                    "乡纪委书记列席并记录（SUP-111）",
                ),
            ),
            Risk("送达", LOW, "任前公示走过场", ("拟任人选在乡政务公开栏公示，公示期间举报逐件核查",)),
        ),
        promised=(30, WD),
    ),
    Item(
        code="XZ-NB-004",
        name="大宗物资采购",
        category=C.PROCUREMENT,
        department=DZB,
        bases=(law("中华人民共和国政府采购法", "第二条"),),
        conditions="大宗物资一律公开采购（DEC-112）；列入年度预算。",
        materials=("采购申请", "采购方式审批", "采购结果", "验收单"),
        duties=(handler(DZB, "文秘"), reviewer(DZB, "办公室主任"), ECONOMY, JOINT_MEETING),
        risks=(
            Risk(
                "审查",
                B,
                "指定供应商、化整为零规避公开采购",
                (
                    "大宗物资一律公开采购，采购结果在机关内部公开（DEC-112）",
                    "验收由使用部门和财政所共同进行",
                ),
            ),
        ),
        promised=(20, WD),
    ),
)

CATALOG = BodyCatalog(
    code=BODY,
    legal="town.legal",
    inspector="town.inspector",
    publisher="town.head",
    complaint_channel="乡纪委举报箱和举报电话（SUP-128）；12345政务服务便民热线；县纪委监委举报电话12388",
    disclosure="乡政务公开栏、村务公开栏、乡人民政府网页（PUB-3）",
    items=ITEMS,
)
