"""The rules registry: every rule the product enforces, with its ID and the regulation it comes from.

IDs of the seeds' rules are those of ``shared/domain/`` (e.g. ``DEC-72``); rules the product adds
for security and data integrity use ``SEC-``, ``AUD-`` and ``CAL-``. An error that refuses a request
because of a rule carries the ID (core.errors.DomainError(rule=...)); the API returns the rule's text
and source, and the UI shows them as 依据 beside the message. Later modules add their rules here, so
that there is one list to read, translate and review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The regulations the rules come from: the five seeds and the national standards the product follows.
REGULATIONS = {
    "S000": _(
        "中共遂宁市环境保护局党组关于印发党组权力运行流程图等9个党组领导班子内部运行机制制度的通知（遂环党组〔2016〕14号）"
    ),
    "S001": _("区委办公室、区政府办公室关于规范党政机关和部门及“一把手”权力阳光运行的意见（2011年）"),
    "S002": _(
        "中共张掖市委关于印发规范和完善市、县区党委工作机制若干配套制度（试行）的通知（市委发〔2009〕32号）"
    ),
    "S003": _("2015年规范权力运行制度（乡镇规范权力运行实施方案及县安全生产监督管理局规范权力运行制度汇编）"),
    "S004": _("党内监督与腐败风险预警预防相关制度建设汇编"),
    "GB22239": _("GB/T 22239—2019《信息安全技术 网络安全等级保护基本要求》"),
    "PRODUCT": _("阳光权力运行平台产品规则（见 docs/decisions）"),
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    regulation: str
    article: str = ""

    @property
    def source(self) -> str:
        text = str(REGULATIONS[self.regulation])
        return f"{text} {self.article}".strip()

    def as_dict(self) -> dict:
        return {"id": self.id, "title": str(self.title), "source": self.source}


_RULES = [
    # --- Organisation: leader restraints (seeds 000, 001) ------------------------------------------
    Rule(
        "DEC-59",
        _("“一把手”不直接分管财务、干部人事、工程项目（八不准之一）"),
        "S000",
        _("附件9 “一把手”八不准 一"),
    ),
    Rule(
        "DEC-72",
        _("主要负责人不直接分管财务、人事、工程建设和招投标、行政审批、物资采购（五个不直接分管）"),
        "S001",
        _("附件1 一；并见 S000 附件9 八不准 一"),
    ),
    # --- Power catalogue and flowcharts (seeds 001, 003) ------------------------------------------
    Rule(
        "CAT-108",
        _("每项职权须有法律依据，并明确怎么办、谁来办、何时办结"),
        "S003",
        _("韶山市交通运输局工作方案 三（一）"),
    ),
    Rule(
        "CAT-116",
        _("职权目录先经法制审核和审核确认，再公布"),
        "S003",
        _("龙山县交通局发言 二；韶山工作方案 四"),
    ),
    Rule(
        "CAT-119",
        _("一项权力、一个目录、一项制度、一个主要风险点、一张流程图（五个一）"),
        "S003",
        _("龙山县交通局发言 三"),
    ),
    Rule(
        "CAT-121",
        _("流程图须标明行使条件、承办岗位、办理流程、办理时限、监督制约环节、相对人权利、投诉举报途径"),
        "S003",
        _("龙山县交通局发言 三；秦皇岛讲话 二（二）"),
    ),
    Rule(
        "CAT-127",
        _("行政处罚等自由裁量权须细化为裁量等级和档次，明确适用情节和标准"),
        "S003",
        _("南平讲话 一.二、三.5"),
    ),
    Rule("SUP-132", _("每个廉政风险点至少制定一项防控措施"), "S003", _("第五篇 权力运行制度 三.2")),
    Rule(
        "SUP-133", _("廉政风险等级分为A（高）、B（中）、C（低）三级"), "S003", _("第五篇 权力运行制度 三.2")
    ),
    Rule(
        "AUD-4",
        _("已发布的版本不得修改，修改须形成新版本"),
        "PRODUCT",
        _("docs/decisions/0004-power-catalogue.md"),
    ),
    # --- Cases (seed 003) --------------------------------------------------------------------------
    Rule(
        "CASE-105",
        _("申请材料不齐全或不符合法定形式的，当场或者在5个工作日内一次性告知需要补正的全部内容"),
        "S003",
        _("安监局各行政许可制度 五（一）"),
    ),
    Rule("CASE-114", _("补正材料和整改的时间不计入办理时限"), "S003", _("安监局各行政许可制度 六")),
    Rule(
        "CASE-115",
        _("特殊情况需延期的，经局主要负责人书面批准，最多延长10个工作日，并及时告知当事人"),
        "S003",
        _("安监局各行政许可制度 六"),
    ),
    Rule("CASE-117", _("承诺时限加延期不得超过法定时限"), "S003", _("安监局各行政许可制度 六")),
    Rule(
        "CASE-106",
        _("受理日期为收到齐全材料（或全部补正材料）之日，办理时限自受理之日起计算"),
        "S003",
        _("安监局各行政许可制度 五（一）"),
    ),
    # --- Security of the system itself ----------------------------------------------------------
    Rule(
        "SEC-1",
        _("三员分立：系统管理员、安全管理员、审计管理员由不同账号担任，一个账号不得兼任其中两个"),
        "GB22239",
        _("8.1.4.2 c)（管理用户权限分离）、8.1.5（安全管理中心）"),
    ),
    Rule(
        "SEC-2",
        _("连续5次登录失败锁定账号15分钟"),
        "GB22239",
        _("8.1.4.1 b)（登录失败处理）"),
    ),
    Rule(
        "SEC-3",
        _("会话空闲30分钟自动退出"),
        "GB22239",
        _("8.1.4.1 b)（登录连接超时自动退出）"),
    ),
    Rule(
        "SEC-4",
        _("口令至少8位，包含大写字母、小写字母、数字、符号中的至少三类，且不得与用户名相同"),
        "GB22239",
        _("8.1.4.1 a)（身份鉴别信息具有复杂度要求并定期更换）"),
    ),
    Rule(
        "SEC-5",
        _("首次登录或口令被重置后必须修改口令"),
        "GB22239",
        _("8.1.4.1 a)"),
    ),
    Rule(
        "SEC-6",
        _("系统管理员、安全管理员、审计管理员只做各自的管理工作，不办理、不查阅业务数据"),
        "GB22239",
        _("8.1.4.2 c)（授予管理用户所需的最小权限）"),
    ),
    Rule(
        "SEC-7",
        _("账号只能查看和办理其角色数据范围内的记录"),
        "GB22239",
        _("8.1.4.2（访问控制）"),
    ),
    # --- Audit trail -----------------------------------------------------------------------------
    Rule(
        "AUD-1",
        _("审计记录只增不改：不得删除或修改，每条记录以哈希链接前一条"),
        "GB22239",
        _("8.1.4.3 c)（审计记录应受到保护，避免受到未预期的删除、修改或覆盖）"),
    ),
    Rule(
        "AUD-2",
        _("业务记录不物理删除，只作废并写明原因"),
        "PRODUCT",
        _("ARCHITECTURE “Nothing is lost”"),
    ),
    Rule(
        "AUD-3",
        _("两人同时修改同一记录时，后保存者不得覆盖先保存者的修改"),
        "PRODUCT",
        _("ARCHITECTURE “Nothing is lost”（乐观锁）"),
    ),
    # --- Working days --------------------------------------------------------------------------
    Rule(
        "CAL-1",
        _("工作日按节假日和调休安排表计算；未载入某年安排时不得计算该年的工作日"),
        "PRODUCT",
        _("DOMAIN 产品默认规则 1（期限单位）"),
    ),
    Rule(
        "CAL-2",
        _("期限起算日不计入；以日计算的期限届满日为节假日的，顺延至节假日后的第一个工作日"),
        "PRODUCT",
        _("DOMAIN 产品默认规则 1；《中华人民共和国民法典》第二百零一条、第二百零三条"),
    ),
    # --- Organisation: keeping the three administrators available (org) -------------------------
    Rule(
        "SEC-8",
        _("系统管理员、安全管理员、审计管理员各须至少保留一个启用的账号，内置管理员角色须保留其管理权限"),
        "PRODUCT",
        _("三员分立的可用性：撤销或停用最后一个管理员，系统将失去该项管理职能（见 SEC-1）"),
    ),
    # --- Working days: the calendar and deadlines (workdays) ---------------------------------------
    Rule(
        "CAL-3",
        _("调休上班日只能是周六或周日（调休是把周末调为工作日）"),
        "PRODUCT",
        _("DOMAIN 产品默认规则 1；国务院办公厅每年发布的部分节假日安排通知"),
    ),
    Rule(
        "CAL-4",
        _(
            "期限中止（补正材料、整改、听证、检验检测、鉴定、专家评审等）的时间不计入期限；"
            "中止所及之日不计入以日或工作日计算的期限，中止不缩短期限"
        ),
        "PRODUCT",
        _("DOMAIN 产品默认规则 1；CASE-114、CASE-119"),
    ),
    Rule(
        "CAL-5",
        _("以小时计算的期限自起算时刻起连续计算，节假日和周末照常计算"),
        "PRODUCT",
        _("DOMAIN 产品默认规则 1"),
    ),
    # --- Electronic supervision (oversight) ----------------------------------------------------
    Rule(
        "CASE-10",
        _("审批、复议、信访答复等事项须在法定或承诺时限内办结；不能按期办结的，须及时说明理由"),
        "S003",
        _("查究问责制度 三（限时办结制）1"),
    ),
    Rule(
        "CASE-17",
        _("办件逾期的，发出督办通知书；承办单位须书面报告延误原因和进展，并确定新的办结期限"),
        "S003",
        _("综治维稳 督办制度（四）"),
    ),
    Rule(
        "CASE-21",
        _("督办通知书统一编号、登记造册、归档，督办事项持续跟踪"),
        "S003",
        _("综治维稳 督办制度（八）"),
    ),
    Rule(
        "PUB-18",
        _("权力运行程序化、网络化，对运行过程实施电子监察"),
        "S003",
        _("韶山工作方案 三（二）；南平讲话 一.五"),
    ),
    Rule(
        "OVS-1",
        _("距办理期限不超过预警提前量（各单位设置，默认2个工作日）时发出黄牌预警，超过期限发出红牌预警"),
        "PRODUCT",
        _("DOMAIN 约定“占位数字为各单位设置”；CASE-10、PUB-18"),
    ),
    Rule(
        "OVS-2",
        _("预警不得删除；责任人说明情况后，由纪检监察机构审查关闭"),
        "PRODUCT",
        _("ARCHITECTURE “Nothing is lost”；SUP-102"),
    ),
    # --- Task actions (cases.actions, issue #6 §3) -------------------------------------------------
    Rule(
        "CASE-13",
        _("责任人因出差、会议、培训、休假等不在岗时，由代理人（B角）履行其职责"),
        "S003",
        _("岗位责任制 2；查究问责制度 三（七）"),
    ),
    Rule(
        "TASK-1",
        _("退回只能退回到本办件流程中已办理过的前序环节，须写明理由；受理审查和已办结的办件不能退回"),
        "PRODUCT",
        _("docs/decisions/0006-task-actions.md"),
    ),
    Rule(
        "TASK-2",
        _("转办只能转给同一岗位的在岗同事；环节未指定岗位的，转给承办科室的人员"),
        "PRODUCT",
        _("docs/decisions/0006-task-actions.md"),
    ),
    Rule(
        "TASK-3",
        _("委派只能委派给本科室人员；受委派人答复前，委派人可以收回，环节由委派人办理"),
        "PRODUCT",
        _("docs/decisions/0006-task-actions.md"),
    ),
    Rule(
        "TASK-4",
        _("代理由本人或其领导指定，在指定期间内代理人可办理其环节，并记录“代理某某”"),
        "PRODUCT",
        _("docs/decisions/0006-task-actions.md；CASE-13"),
    ),
    Rule(
        "TASK-5",
        _("抄送对象只获得该办件的查阅权，不能办理"),
        "PRODUCT",
        _("docs/decisions/0006-task-actions.md；SEC-7"),
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def get_rule(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"rule {rule_id!r} is not in the rules registry (sunshine/core/rules.py)") from None
