"""Task actions (issue #6 §3): the action log, delegations (委派), stand-ins (代理), copies to readers
(抄送), the sent-back state of a step (退回), and the stand-in permission for the built-in roles."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def add_permissions(apps, schema_editor):
    from sunshine.cases.apps import CasesConfig
    from sunshine.org.builtin import grant_builtin_permissions

    grant_builtin_permissions(apps, CasesConfig.builtin_role_permissions)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_outcome"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.CreateModel(
            name="CaseCopy",
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
                ("note", models.CharField(blank=True, max_length=500, verbose_name="抄送说明")),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="阅读时间")),
            ],
            options={
                "verbose_name": "抄送",
                "verbose_name_plural": "抄送",
                "ordering": ["-created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Delegation",
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
                ("note", models.TextField(blank=True, verbose_name="委派说明")),
                ("opinion", models.TextField(blank=True, verbose_name="委派意见")),
                ("replied_at", models.DateTimeField(blank=True, null=True, verbose_name="答复时间")),
                ("taken_back_at", models.DateTimeField(blank=True, null=True, verbose_name="收回时间")),
            ],
            options={
                "verbose_name": "委派",
                "verbose_name_plural": "委派",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="StandIn",
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
                ("starts_on", models.DateField(verbose_name="开始日期")),
                ("ends_on", models.DateField(verbose_name="结束日期")),
                ("reason", models.CharField(max_length=200, verbose_name="事由")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="撤销时间")),
            ],
            options={
                "verbose_name": "代理",
                "verbose_name_plural": "代理",
                "ordering": ["-starts_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="TaskAction",
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
                        choices=[
                            ("send_back", "退回"),
                            ("transfer", "转办"),
                            ("delegate", "委派"),
                            ("delegate_reply", "委派意见"),
                            ("take_back", "收回"),
                            ("stand_in", "代理办理"),
                            ("copy", "抄送"),
                        ],
                        max_length=20,
                        verbose_name="动作",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="理由或意见")),
            ],
            options={
                "verbose_name": "办理动作",
                "verbose_name_plural": "办理动作",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="casetask",
            name="cases_task_status_valid",
        ),
        migrations.AlterField(
            model_name="casetask",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "待办"),
                    ("done", "已办"),
                    ("cancelled", "已取消"),
                    ("sent_back", "已退回"),
                ],
                default="open",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AddConstraint(
            model_name="casetask",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["open", "done", "cancelled", "sent_back"])),
                name="cases_task_status_valid",
            ),
        ),
        migrations.AddField(
            model_name="casecopy",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="copies", to="cases.case"
            ),
        ),
        migrations.AddField(
            model_name="casecopy",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="创建人",
            ),
        ),
        migrations.AddField(
            model_name="casecopy",
            name="reader",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case_copies",
                to=settings.AUTH_USER_MODEL,
                verbose_name="抄送对象",
            ),
        ),
        migrations.AddField(
            model_name="casecopy",
            name="sent_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="抄送人",
            ),
        ),
        migrations.AddField(
            model_name="casecopy",
            name="task",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.casetask"
            ),
        ),
        migrations.AddField(
            model_name="delegation",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="创建人",
            ),
        ),
        migrations.AddField(
            model_name="delegation",
            name="delegate",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="受委派人",
            ),
        ),
        migrations.AddField(
            model_name="delegation",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="委派人",
            ),
        ),
        migrations.AddField(
            model_name="delegation",
            name="task",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="delegations", to="cases.casetask"
            ),
        ),
        migrations.AddField(
            model_name="standin",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="创建人",
            ),
        ),
        migrations.AddField(
            model_name="standin",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stand_ins",
                to=settings.AUTH_USER_MODEL,
                verbose_name="被代理人",
            ),
        ),
        migrations.AddField(
            model_name="standin",
            name="stand_in",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="standing_in_for",
                to=settings.AUTH_USER_MODEL,
                verbose_name="代理人",
            ),
        ),
        migrations.AddField(
            model_name="taskaction",
            name="actor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AddField(
            model_name="taskaction",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="task_actions", to="cases.case"
            ),
        ),
        migrations.AddField(
            model_name="taskaction",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="创建人",
            ),
        ),
        migrations.AddField(
            model_name="taskaction",
            name="on_behalf_of",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="被代理人",
            ),
        ),
        migrations.AddField(
            model_name="taskaction",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="对象",
            ),
        ),
        migrations.AddField(
            model_name="taskaction",
            name="reopened",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.casetask",
                verbose_name="退回至",
            ),
        ),
        migrations.AddField(
            model_name="taskaction",
            name="task",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="actions", to="cases.casetask"
            ),
        ),
        migrations.AddConstraint(
            model_name="casecopy",
            constraint=models.UniqueConstraint(fields=("case", "reader"), name="cases_copy_once"),
        ),
        migrations.AddConstraint(
            model_name="delegation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("replied_at__isnull", True), ("taken_back_at__isnull", True)),
                fields=("task",),
                name="cases_one_open_delegation",
            ),
        ),
        migrations.AddConstraint(
            model_name="standin",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="cases_standin_dates"
            ),
        ),
        migrations.AddConstraint(
            model_name="standin",
            constraint=models.CheckConstraint(
                condition=models.Q(("person", models.F("stand_in")), _negated=True),
                name="cases_standin_not_self",
            ),
        ),
        migrations.AddConstraint(
            model_name="taskaction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "send_back",
                            "transfer",
                            "delegate",
                            "delegate_reply",
                            "take_back",
                            "stand_in",
                            "copy",
                        ],
                    )
                ),
                name="cases_taskaction_kind_valid",
            ),
        ),
        migrations.RunPython(add_permissions, migrations.RunPython.noop),
    ]
