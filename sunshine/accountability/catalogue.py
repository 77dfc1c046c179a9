"""The seeds' catalogues as data (loaded by migration 0002): grounds and the default sanctions.

Grounds: SUP-28 (decision-makers, 7), SUP-29 (executors, 6), ACC-1 (the ten accountable
situations), ACC-102 (enforcement faults, 9). Sanctions: the union of ACC-2, SUP-30, SUP-35 and SUP-36
by severity (SUP-38, DOMAIN default 9), each with the lowest tier that may choose it (ACC-3: minor
①-③, serious ④-⑦, grave ⑧-⑩; the 000/002 sanctions placed beside their nearest ACC-2 equal)."""

GROUNDS = {
    "decision_maker": (
        "SUP-28",
        [
            "未按规定进行调查研究、专家论证、合法性审查、风险评估和多方案比选，或者不当干预上述环节，造成决策失误、后果严重",
            "未向集体全面如实提供情况，导致决策失误",
            "未经集体讨论个人决定重大事项，造成严重后果",
            "个人擅自改变集体决策",
            "违反干部选拔任用规定选拔任用干部，造成不良影响",
            "违反财经纪律，造成严重后果",
            "其他违反决策规定造成重大损失或者严重影响",
        ],
    ),
    "executor": (
        "SUP-29",
        [
            "无正当理由拖延执行或者不正确执行",
            "擅自改变党组决策",
            "发现问题不及时报告，造成重大损失或者不良影响",
            "执行不当，发生特别重大事故或者重大不稳定事件",
            "执行中不作为、乱作为，或者指使、授意违规，致使事态扩大",
            "其他造成重大损失或者不良影响",
        ],
    ),
    "situation": (
        "ACC-1",
        [
            "有令不行、有禁不止",
            "独断专行、决策失误",
            "滥用职权、违法行政",
            "推诿扯皮、拖拉敷衍",
            "不思进取、庸懒散漫",
            "欺上瞒下、弄虚作假",
            "态度冷漠、作风粗暴",
            "铺张浪费、奢侈享乐",
            "暗箱操作、逃避监督",
            "监管不力、处置失当",
        ],
    ),
    "enforcement": (
        "ACC-102",
        [
            "在受理、告知、审查、审批、执行等个人环节违反法定依据、规则或者程序，不作为或者乱作为，致使权力行使错误",
            "在局务会、调查、核实、审议、复议等集体环节违反规定，造成决定错误",
            "未按规定公开应当公开的事项",
            "工作不勤勉，致使事项超过期限办结",
            "索取、收受财物、礼品、宴请，或者由他人支付费用",
            "违反行政处罚法规定，个人收缴罚没款",
            "相互推诿或者拖延不办",
            "应当移送其他部门的事项不移送或者延迟移送",
            "其他违反规定致使权力行使错误",
        ],
    ),
}

# (target, name, tier, rule), lightest first within each target.
SANCTIONS = [
    ("individual", "责令书面检查", "minor", "ACC-2③；SUP-36(2)"),
    ("individual", "责令公开检讨", "minor", "SUP-30"),
    ("individual", "诫勉谈话", "minor", "ACC-2①；SUP-36(1)"),
    ("individual", "取消当年评优评先资格", "minor", "ACC-2②；SUP-36(4)"),
    ("individual", "公开道歉", "serious", "ACC-2④"),
    ("individual", "通报批评", "serious", "ACC-2⑤；SUP-36(3)"),
    ("individual", "年度考核确定为不称职", "serious", "SUP-36(5)"),
    ("individual", "警告", "serious", "SUP-30"),
    ("individual", "严重警告", "serious", "SUP-30"),
    ("individual", "调整工作岗位", "serious", "ACC-2⑥"),
    ("individual", "停职检查", "serious", "ACC-2⑦"),
    ("individual", "劝其引咎辞职", "grave", "ACC-2⑧"),
    ("individual", "责令辞职", "grave", "ACC-2⑨"),
    ("individual", "建议免职", "grave", "ACC-2⑩"),
    ("individual", "组织处理", "grave", "SUP-36(6)"),
    ("individual", "党纪处分", "grave", "SUP-36(7)"),
    ("team", "集体诫勉谈话", "minor", "SUP-35(1)"),
    ("team", "取消当年评优评先资格", "minor", "SUP-35(3)"),
    ("team", "通报批评", "serious", "SUP-35(2)"),
    ("team", "年度考核评定为“差”", "serious", "SUP-35(4)"),
    ("team", "组织处理", "grave", "SUP-35(5)"),
]


def load(Ground, Sanction) -> None:
    """Create the rows that are missing (idempotent; a data migration calls it with historical models)."""
    for catalogue, (rule, texts) in GROUNDS.items():
        for number, text in enumerate(texts, start=1):
            Ground.objects.get_or_create(
                catalogue=catalogue, number=number, defaults={"text": text, "rule": rule}
            )
    ranks: dict[str, int] = {}
    for target, name, tier, rule in SANCTIONS:
        ranks[target] = ranks.get(target, 0) + 1
        Sanction.objects.get_or_create(
            body=None,
            target=target,
            rank=ranks[target],
            defaults={"name": name, "tier": tier, "rule": rule},
        )
