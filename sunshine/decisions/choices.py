"""Choices of the decisions app (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicKind(models.TextChoices):
    """The five 三重一大 categories (DEC-1, DEC-2; DOMAIN product default 2: all five, switchable)."""

    DECISION = "decision", _("重大事项决策")
    PERSONNEL = "personnel", _("重要人事任免")
    PROJECT = "project", _("重大项目安排")
    EMERGENCY = "emergency", _("重大突发事件处置")
    FUNDS = "funds", _("大额度资金使用")


class TopicStatus(models.TextChoices):
    DRAFT = "draft", _("拟提交")
    SUBMITTED = "submitted", _("待办公室审核")
    RETURNED = "returned", _("已退回补充")
    READY = "ready", _("待上会")
    SCHEDULED = "scheduled", _("已列入议程")
    ADOPTED = "adopted", _("通过")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("修改后通过")
    REJECTED = "rejected", _("未通过")
    DEFERRED = "deferred", _("暂缓表决")
    SENT_BACK = "sent_back", _("退回再研究")


DECIDED_STATUSES = (
    TopicStatus.ADOPTED,
    TopicStatus.ADOPTED_WITH_CHANGES,
    TopicStatus.REJECTED,
)


class Prerequisite(models.TextChoices):
    """The records a topic may need before it is scheduled (DEC-60, DEC-214, DEC-215, DEC-38, PUB-12)."""

    RESEARCH = "research", _("调查研究")
    ALTERNATIVES = "alternatives", _("比选方案")
    EXPERT = "expert", _("专家论证")
    LEGALITY = "legality", _("合法性审查")
    RISK = "risk", _("风险评估")
    CONSULTATION = "consultation", _("征求意见")
    PUBLIC_COMMENT = "public_comment", _("决策公开征求意见")


class MeetingKind(models.TextChoices):
    PARTY_GROUP = "party_group", _("党组（党委）会议")
    LEADERSHIP = "leadership", _("领导班子会议")
    OFFICE = "office", _("局长（主任）办公会议")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    NOTIFIED = "notified", _("已通知")
    IN_SESSION = "in_session", _("进行中")
    CLOSED = "closed", _("已结束")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("未登记")
    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")


class Position(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    ABSTAIN = "abstain", _("弃权")


class VoteMethod(models.TextChoices):
    VOICE = "voice", _("口头表决")
    HANDS = "hands", _("举手表决")
    NAMED = "named", _("记名投票")
    SECRET = "secret", _("无记名投票")


class VoteStatus(models.TextChoices):
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已计票")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("通过")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("修改后通过")
    REJECTED = "rejected", _("未通过")
    DEFERRED = "deferred", _("暂缓表决")
    SENT_BACK = "sent_back", _("退回再研究")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低风险")
    MEDIUM = "medium", _("中风险")
    HIGH = "high", _("高风险")


class LegalConclusion(models.TextChoices):
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")


class ConsultationAnswer(models.TextChoices):
    PENDING = "pending", _("未答复")
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("有不同意见")


class ExpertStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    REVOKED = "revoked", _("已取消资格")


class Confidentiality(models.TextChoices):
    INTERNAL = "internal", _("内部")
    SECRET = "secret", _("秘密")
    CONFIDENTIAL = "confidential", _("机密")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("待签发")
    SIGNED = "signed", _("已签发")


class NoticeKind(models.TextChoices):
    """What the discipline office is shown (DEC-60..65, DEC-223)."""

    REFUSED = "refused", _("被拒绝的违规操作")
    DEPARTURE = "departure", _("主持人裁定与表决结果不一致")
    URGENT = "urgent", _("临时动议（紧急议题）")
    OUTSIDE = "outside", _("达到三重一大标准但未经集体决策")


class EvaluationStatus(models.TextChoices):
    """A tracking evaluation (跟踪评估, EXE-13..EXE-19): planned, reported, concluded."""

    PLANNED = "planned", _("已制定评估方案")
    REPORTED = "reported", _("已提交评估报告")
    CONCLUDED = "concluded", _("已作出评估决定")


class EvaluationMethod(models.TextChoices):
    """评估方法 (EXE-18; DEC-227 抽样调查、跟踪调查、绩效指标评估)."""

    INTERVIEW = "interview", _("个别或集体访谈")
    DOCUMENTS = "documents", _("查阅资料")
    QUESTIONNAIRE = "questionnaire", _("抽样问卷调查")
    TRACKING = "tracking", _("跟踪调查")
    COST_BENEFIT = "cost_benefit", _("成本效益分析")
    INDICATORS = "indicators", _("绩效指标评估")


class EvaluationResult(models.TextChoices):
    """What the collective decides on an evaluation (EXE-13, EXE-19; DEC-227 继续、暂缓、修改)."""

    CONTINUE = "continue", _("继续执行")
    ADJUST = "adjust", _("调整决策")
    PAUSE = "pause", _("暂缓执行")
    TERMINATE = "terminate", _("终止执行")
