"""Efficiency reports: the stored quarterly evaluation (季度效能考核报告, issue #6 §7), the index of a
body's alerts by time for the report queries, and the new permission oversight.evaluate granted to
the built-in roles of an existing installation."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def add_permissions(apps, schema_editor):
    from sunshine.org.builtin import grant_builtin_permissions

    grant_builtin_permissions(
        apps, {"discipline_inspector": ["oversight.evaluate"], "principal_leader": ["oversight.evaluate"]}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0003_orders"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="QuarterlyEvaluation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("quarter", models.PositiveSmallIntegerField(verbose_name="季度")),
                ("revision", models.PositiveIntegerField(default=1, verbose_name="版次")),
                ("period_start", models.DateField(verbose_name="期间开始")),
                ("period_end", models.DateField(verbose_name="期间结束")),
                ("figures", models.JSONField(editable=False, verbose_name="考核数据")),
                ("note", models.TextField(blank=True, verbose_name="生成说明")),
                ("generated_at", models.DateTimeField(verbose_name="生成时间")),
            ],
            options={
                "verbose_name": "季度效能考核报告",
                "verbose_name_plural": "季度效能考核报告",
                "ordering": ["-year", "-quarter", "body__path", "-revision"],
            },
        ),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(fields=["body", "raised_at"], name="oversight_alert_report_idx"),
        ),
        migrations.AddField(
            model_name="quarterlyevaluation",
            name="body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="单位",
            ),
        ),
        migrations.AddField(
            model_name="quarterlyevaluation",
            name="generated_by",
            field=models.ForeignKey(
                blank=True,
                help_text="为空时由系统定期任务生成",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="生成人",
            ),
        ),
        migrations.AddConstraint(
            model_name="quarterlyevaluation",
            constraint=models.UniqueConstraint(
                fields=("body", "year", "quarter", "revision"),
                name="oversight_evaluation_once",
                violation_error_code="evaluation_exists",
            ),
        ),
        migrations.AddConstraint(
            model_name="quarterlyevaluation",
            constraint=models.CheckConstraint(
                condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                name="oversight_evaluation_quarter_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="quarterlyevaluation",
            constraint=models.CheckConstraint(
                condition=models.Q(("revision__gte", 1)), name="oversight_evaluation_revision_valid"
            ),
        ),
        migrations.RunPython(add_permissions, migrations.RunPython.noop),
    ]
