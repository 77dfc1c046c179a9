"""Case outcome: decision, service, publication, archiving, step documents, discretion (issue #6 §1, §4),
and the permission to change a decision after it was made, granted to the built-in roles."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def add_permissions(apps, schema_editor):
    from sunshine.org.builtin import grant_builtin_permissions

    grant_builtin_permissions(apps, {"principal_leader": ["cases.change_decision"]})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_clocks"),
        ("catalog", "0002_builtin_role_permissions"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Archive",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本")),
                ("file_number", models.CharField(max_length=60, unique=True, verbose_name="档案号")),
                ("archived_at", models.DateTimeField(verbose_name="归档时间")),
                ("note", models.TextField(blank=True, verbose_name="卷宗说明")),
                (
                    "archived_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="归档人",
                    ),
                ),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="archive", to="cases.case"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
            ],
            options={
                "verbose_name": "归档",
                "verbose_name_plural": "归档",
            },
        ),
        migrations.CreateModel(
            name="CaseDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="文件名")),
                ("content_type", models.CharField(max_length=100, verbose_name="文件类型")),
                ("size", models.PositiveIntegerField(verbose_name="大小（字节）")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("uploaded_at", models.DateTimeField(verbose_name="上传时间")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="documents", to="cases.case"
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="cases.casetask",
                        verbose_name="环节",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="上传人",
                    ),
                ),
            ],
            options={
                "verbose_name": "办件文书",
                "verbose_name_plural": "办件文书",
                "ordering": ["uploaded_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本")),
                (
                    "kind",
                    models.CharField(
                        choices=[("approve", "准予许可"), ("refuse", "不予许可"), ("penalty", "行政处罚")],
                        max_length=20,
                        verbose_name="决定",
                    ),
                ),
                (
                    "measure",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("fine", "罚款"),
                            ("warning", "警告"),
                            ("confiscation", "没收违法所得"),
                            ("suspend_business", "责令停产停业"),
                            ("suspend_licence", "暂扣许可证"),
                            ("revoke_licence", "吊销许可证"),
                            ("other", "其他"),
                        ],
                        max_length=30,
                        verbose_name="处罚种类",
                    ),
                ),
                ("measure_text", models.CharField(blank=True, max_length=300, verbose_name="处罚内容")),
                (
                    "amount",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=14, null=True, verbose_name="罚款金额（元）"
                    ),
                ),
                ("out_of_range", models.BooleanField(default=False, verbose_name="超出裁量幅度")),
                ("range_reason", models.TextField(blank=True, verbose_name="超出裁量幅度的理由")),
                ("reasons", models.TextField(verbose_name="事实和理由")),
                ("legal_basis", models.TextField(verbose_name="法律依据")),
                ("rights", models.TextField(verbose_name="权利告知")),
                ("decided_at", models.DateTimeField(verbose_name="决定时间")),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="decision", to="cases.case"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="决定人",
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.casetask",
                        verbose_name="决定环节",
                    ),
                ),
                (
                    "tier",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.discretiontier",
                        verbose_name="裁量档次",
                    ),
                ),
            ],
            options={
                "verbose_name": "决定",
                "verbose_name_plural": "决定",
            },
        ),
        migrations.CreateModel(
            name="DecisionChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("before", models.JSONField(verbose_name="变更前")),
                ("after", models.JSONField(verbose_name="变更后")),
                ("reason", models.TextField(verbose_name="变更理由")),
                ("changed_at", models.DateTimeField(verbose_name="变更时间")),
                (
                    "changed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="变更人",
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="changes",
                        to="cases.decision",
                    ),
                ),
            ],
            options={
                "verbose_name": "决定变更",
                "verbose_name_plural": "决定变更",
                "ordering": ["changed_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本")),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("direct", "直接送达"),
                            ("post", "邮寄送达"),
                            ("left", "留置送达"),
                            ("announcement", "公告送达"),
                            ("electronic", "电子送达"),
                        ],
                        max_length=20,
                        verbose_name="送达方式",
                    ),
                ),
                ("recipient", models.CharField(max_length=200, verbose_name="受送达人")),
                ("served_at", models.DateTimeField(verbose_name="送达时间")),
                ("proof", models.TextField(blank=True, verbose_name="送达凭证")),
                ("due_on", models.DateField(verbose_name="送达期限")),
                ("late", models.BooleanField(default=False, verbose_name="超期送达")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deliveries",
                        to="cases.case",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
                (
                    "served_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="送达人",
                    ),
                ),
            ],
            options={
                "verbose_name": "送达",
                "verbose_name_plural": "送达",
                "ordering": ["served_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Publication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本")),
                ("title", models.CharField(max_length=300, verbose_name="公示标题")),
                ("content", models.TextField(verbose_name="公示内容")),
                ("channel", models.CharField(max_length=200, verbose_name="公示渠道")),
                ("starts_on", models.DateField(verbose_name="公示开始")),
                ("min_workdays", models.PositiveSmallIntegerField(verbose_name="最少公示工作日")),
                ("earliest_end", models.DateField(verbose_name="最早结束日期")),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="公示单位",
                    ),
                ),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="publication",
                        to="cases.case",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="公示人",
                    ),
                ),
            ],
            options={
                "verbose_name": "结果公示",
                "verbose_name_plural": "结果公示",
                "ordering": ["-starts_on", "-id"],
            },
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["approve", "refuse", "penalty"])),
                name="cases_decision_kind_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["body", "starts_on"], name="cases_publication_body_idx"),
        ),
        migrations.RunPython(add_permissions, migrations.RunPython.noop),
    ]
