"""Forms of the catalog pages. They parse input only; the services decide (their refusals are put on
the form by the views, STYLE §4). Edit forms carry the ``version`` that was read (AUD-3)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sunshine.catalog.choices import (
    Audience,
    Category,
    LegalLevel,
    PeriodUnit,
    ResponsibleRole,
    ReviewKind,
    ReviewOutcome,
    RiskLevel,
    Status,
)
from sunshine.org.filters import UnitChoiceField
from sunshine.org.models import Person, Post, Unit

RATINGS = [(1, _("1 低")), (2, _("2 中")), (3, _("3 高"))]


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CatalogForm(forms.Form):
    """Labels without the trailing colon (the pages set the label above the field)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Post) -> str:
        return f"{obj.unit.name} · {obj.name}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.unit.name}）"


# --- Search -----------------------------------------------------------------------------------------


class SearchForm(CatalogForm):
    """The list's filters (GET). Anything unreadable is dropped, never an error page."""

    q = forms.CharField(
        label=_("名称或编码"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("名称或编码")}),
    )
    category = forms.ChoiceField(
        label=_("权力类别"), required=False, choices=[("", _("全部")), *Category.choices]
    )
    department = UnitChoiceField(
        label=_("责任科室"), required=False, queryset=Unit.objects.none(), empty_label=_("全部")
    )
    risk_level = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", _("全部")), *RiskLevel.choices]
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *Status.choices])

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = units if units is not None else Unit.objects.none()

    def filters(self) -> dict:
        """The valid filters, for selectors.version_search (an invalid one is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


# --- The entry --------------------------------------------------------------------------------------


class ItemCreateForm(CatalogForm):
    code = forms.CharField(label=_("事项编码"), max_length=50, help_text=_("本单位内唯一，如 XK-001"))
    name = forms.CharField(label=_("事项名称"), max_length=200)
    category = forms.ChoiceField(label=_("权力类别"), choices=Category.choices)
    audience = forms.ChoiceField(label=_("公开范围"), choices=Audience.choices, initial=Audience.EXTERNAL)
    department = UnitChoiceField(label=_("责任科室"), queryset=Unit.objects.none())
    template = forms.ChoiceField(
        label=_("流程图模板"),
        required=False,
        help_text=_("可从内置模板开始绘制流程图，之后可在流程图编辑器中修改"),
    )

    def __init__(self, *args, units=None, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = units if units is not None else Unit.objects.none()
        self.fields["template"].choices = [("", _("（暂不绘制）")), *templates]


class VersionEditForm(CatalogForm):
    version = version_field()
    name = forms.CharField(label=_("事项名称"), max_length=200)
    category = forms.ChoiceField(label=_("权力类别"), choices=Category.choices)
    audience = forms.ChoiceField(label=_("公开范围"), choices=Audience.choices)
    department = UnitChoiceField(label=_("责任科室"), queryset=Unit.objects.none())
    conditions = forms.CharField(label=_("办理条件"), required=False, widget=textarea())
    statutory_limit = forms.IntegerField(label=_("法定时限"), required=False, min_value=1, max_value=3650)
    statutory_unit = forms.ChoiceField(label=_("法定时限单位"), choices=PeriodUnit.choices)
    promised_limit = forms.IntegerField(label=_("承诺时限"), required=False, min_value=1, max_value=3650)
    promised_unit = forms.ChoiceField(label=_("承诺时限单位"), choices=PeriodUnit.choices)
    fees = forms.CharField(
        label=_("收费标准"), required=False, widget=textarea(2), help_text=_("不收费的写“不收费”")
    )
    fee_basis = forms.CharField(label=_("收费依据"), required=False, widget=textarea(2))
    disclosure = forms.CharField(
        label=_("公开方式"),
        required=False,
        widget=textarea(2),
        help_text=_("如：门户网站、公示栏、政务服务大厅"),
    )
    results_public = forms.BooleanField(label=_("办理结果公开"), required=False)
    counterpart_rights = forms.CharField(
        label=_("相对人权利"),
        required=False,
        widget=textarea(),
        help_text=_("陈述、申辩、听证、复议、诉讼等"),
    )
    complaint_channel = forms.CharField(label=_("投诉举报渠道"), required=False, widget=textarea(2))
    change_note = forms.CharField(label=_("修订说明"), required=False, widget=textarea(2))

    FIELDS = (
        "name",
        "category",
        "audience",
        "department",
        "conditions",
        "statutory_limit",
        "statutory_unit",
        "promised_limit",
        "promised_unit",
        "fees",
        "fee_basis",
        "disclosure",
        "results_public",
        "counterpart_rights",
        "complaint_channel",
        "change_note",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = units if units is not None else Unit.objects.none()


# --- Rows of a draft (legal bases, materials, responsible posts, benchmarks) ---------------------------
# One small form per row; the page shows them as a table (views.parts). Every field is optional here:
# a blank row is skipped, and what a filled row lacks is the service's to say (naming row and field).


class RowForm(CatalogForm):
    remove = forms.BooleanField(label=_("删除"), required=False)
    content_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "remove"])  # 删除 last
        for field in self.fields.values():  # the table's header is the only visible label
            field.widget.attrs.setdefault("aria-label", field.label)

    def row(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "remove"}

    def is_blank(self) -> bool:
        """Nothing typed in the row (its selects alone do not make a row)."""
        data = getattr(self, "cleaned_data", None) or {}
        return not any(data.get(name) not in (None, "") for name in self.content_fields)


class LegalBasisRowForm(RowForm):
    level = forms.ChoiceField(label=_("效力层级"), choices=LegalLevel.choices, initial=LegalLevel.LAW)
    statute = forms.CharField(label=_("法律法规名称"), required=False, max_length=200)
    article = forms.CharField(label=_("条款"), required=False, max_length=100)
    text = forms.CharField(label=_("条文内容"), required=False, max_length=5000, widget=textarea(2))
    content_fields = ("statute", "article", "text")


class MaterialRowForm(RowForm):
    name = forms.CharField(label=_("材料名称"), required=False, max_length=200)
    copies = forms.IntegerField(label=_("份数"), required=False, min_value=1, max_value=99, initial=1)
    required = forms.BooleanField(label=_("必须提交"), required=False, initial=True)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)
    content_fields = ("name", "note")


class ResponsibilityRowForm(RowForm):
    role = forms.ChoiceField(label=_("职责"), choices=ResponsibleRole.choices)
    post = PostChoiceField(label=_("岗位"), required=False, queryset=Post.objects.none(), empty_label="—")
    person = PersonChoiceField(
        label=_("人员"), required=False, queryset=Person.objects.none(), empty_label="—"
    )
    collective_body = forms.CharField(
        label=_("集体决策机构"), required=False, max_length=100, help_text=_("如：局务会、党组会")
    )

    content_fields = ("post", "person", "collective_body")

    def __init__(self, *args, posts=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts if posts is not None else Post.objects.none()
        self.fields["person"].queryset = people if people is not None else Person.objects.none()


class TierRowForm(RowForm):
    """One tier of a discretion benchmark; rows with the same violation (or a blank one, continuing
    the row above) make one benchmark."""

    violation = forms.CharField(
        label=_("违法行为"), required=False, max_length=300, help_text=_("空白表示同上一行")
    )
    basis = forms.CharField(label=_("处罚依据"), required=False, max_length=5000)
    grade = forms.CharField(label=_("裁量等级"), required=False, max_length=50)
    band = forms.CharField(label=_("裁量档次"), required=False, max_length=50)
    min_amount = forms.DecimalField(
        label=_("罚款下限（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    max_amount = forms.DecimalField(
        label=_("罚款上限（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    measure = forms.CharField(label=_("处罚种类或措施"), required=False, max_length=300)
    circumstances = forms.CharField(label=_("违法情节"), required=False, max_length=2000, widget=textarea(2))
    content_fields = (
        "violation",
        "basis",
        "grade",
        "band",
        "circumstances",
        "min_amount",
        "max_amount",
        "measure",
    )


# --- Risk points --------------------------------------------------------------------------------------


def level_help() -> str:
    cuts = settings.SUNSHINE_RISK_LEVEL_CUTS
    return _("不选时按三项评分的乘积确定：不低于%(a)d为A级，不低于%(b)d为B级，其余为C级") % {
        "a": cuts["A"],
        "b": cuts["B"],
    }


class RiskPointForm(CatalogForm):
    step_id = forms.ChoiceField(label=_("流程环节"))
    description = forms.CharField(label=_("风险描述"), widget=textarea(2), max_length=2000)
    importance = forms.TypedChoiceField(label=_("权力重要程度"), choices=RATINGS, coerce=int, initial=2)
    frequency = forms.TypedChoiceField(label=_("行使频率"), choices=RATINGS, coerce=int, initial=2)
    likelihood = forms.TypedChoiceField(label=_("发生可能性"), choices=RATINGS, coerce=int, initial=2)
    level = forms.ChoiceField(label=_("风险等级"), required=False)
    is_main = forms.BooleanField(label=_("主要风险点"), required=False)
    responsible_post = PostChoiceField(
        label=_("防控责任岗位"), required=False, queryset=Post.objects.none(), empty_label="—"
    )
    measures = forms.CharField(
        label=_("防控措施"),
        widget=textarea(3),
        help_text=_("每行一项措施；每个风险点至少一项"),
        max_length=10000,
    )

    def __init__(self, *args, steps=(), posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step_id"].choices = [("", "—"), *steps]
        self.fields["level"].choices = [("", _("（按评分自动确定）")), *RiskLevel.choices]
        self.fields["level"].help_text = level_help()
        self.fields["responsible_post"].queryset = posts if posts is not None else Post.objects.none()

    def measure_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["measures"].splitlines() if line.strip()]


class MeasureForm(CatalogForm):
    description = forms.CharField(label=_("防控措施"), max_length=2000)


# --- Flowchart ----------------------------------------------------------------------------------------


class FlowchartForm(CatalogForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    xml = forms.CharField(
        label=_("BPMN 流程图"), required=False, widget=forms.Textarea(attrs={"hidden": True})
    )


class TemplateForm(CatalogForm):
    template = forms.ChoiceField(label=_("流程图模板"))

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = list(templates)


# --- Life cycle ---------------------------------------------------------------------------------------


class ConfirmForm(CatalogForm):
    version = version_field()


class ReviewForm(CatalogForm):
    kind = forms.ChoiceField(label=_("审核类别"), choices=ReviewKind.choices)
    outcome = forms.ChoiceField(label=_("审核结论"), choices=ReviewOutcome.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(label=_("审核意见"), widget=textarea(3), max_length=5000)
    basis_checked = forms.BooleanField(label=_("已对照法律法规核对职权依据"), required=False)
    practice_checked = forms.BooleanField(label=_("已对照实际核对流程图"), required=False)
    name_checked = forms.BooleanField(label=_("已对照上级清单核对名称"), required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, ReviewKind(k).label) for k in kinds]


class NewVersionForm(CatalogForm):
    change_note = forms.CharField(
        label=_("修订说明"), widget=textarea(3), max_length=5000, help_text=_("说明为什么修改、修改什么")
    )
