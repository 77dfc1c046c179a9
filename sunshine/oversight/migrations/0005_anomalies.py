"""Anomaly alerts and their settings (issue #6 §5): the new alert kinds, the per-body thresholds of
the anomaly rules, the refusals the repeated-refusal rule counts, and the permission to configure
a body's oversight (granted to the built-in roles of existing installations)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def add_permissions(apps, schema_editor):
    from sunshine.org.builtin import grant_builtin_permissions
    from sunshine.oversight.apps import OversightConfig

    grant_builtin_permissions(apps, OversightConfig.builtin_role_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0004_reports"),
        ("cases", "0007_list_indexes"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApplicantRefusal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('applicant_key', models.CharField(max_length=320, verbose_name='申请人标识')),
                ('refused_at', models.DateTimeField(verbose_name='拒绝时间')),
            ],
            options={
                'verbose_name': '拒绝申请记录',
                'verbose_name_plural': '拒绝申请记录',
                'ordering': ['refused_at', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='alert',
            name='oversight_alert_kind_valid',
        ),
        migrations.AddField(
            model_name='oversightsetting',
            name='refusal_count',
            field=models.PositiveSmallIntegerField(default=3, help_text='同一申请人在统计期内被本单位拒绝达到该次数时发出预警（ANO-6，默认3次）', verbose_name='重复拒绝预警次数'),
        ),
        migrations.AddField(
            model_name='oversightsetting',
            name='refusal_window_days',
            field=models.PositiveSmallIntegerField(default=180, help_text='统计重复拒绝的天数（ANO-6，默认180日）', verbose_name='重复拒绝统计期（日）'),
        ),
        migrations.AddField(
            model_name='oversightsetting',
            name='suspension_limits',
            field=models.JSONField(blank=True, default=dict, help_text='各中止事由的最长天数，未设置的用默认值（ANO-5）', verbose_name='中止计时时限（日）'),
        ),
        migrations.AlterField(
            model_name='alert',
            name='kind',
            field=models.CharField(choices=[('deadline_near', '临近期限'), ('overdue', '超过期限'), ('discretion_exceeded', '超出裁量范围'), ('same_handler_approver', '同一人承办并审批'), ('done_without_post', '非本岗位人员办理'), ('decision_changed', '审批后变更决定'), ('suspension_overdue', '中止计时超期'), ('repeated_refusal', '多次拒绝同一申请人')], max_length=30, verbose_name='预警类型'),
        ),
        migrations.AddConstraint(
            model_name='alert',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['deadline_near', 'overdue', 'discretion_exceeded', 'same_handler_approver', 'done_without_post', 'decision_changed', 'suspension_overdue', 'repeated_refusal'])), name='oversight_alert_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='oversightsetting',
            constraint=models.CheckConstraint(condition=models.Q(('refusal_count__gte', 2), ('refusal_count__lte', 20)), name='oversight_oversightsetting_refusal_count_range'),
        ),
        migrations.AddConstraint(
            model_name='oversightsetting',
            constraint=models.CheckConstraint(condition=models.Q(('refusal_window_days__gte', 1), ('refusal_window_days__lte', 3650)), name='oversight_oversightsetting_refusal_window_range'),
        ),
        migrations.AddField(
            model_name='applicantrefusal',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='经办人'),
        ),
        migrations.AddField(
            model_name='applicantrefusal',
            name='body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='单位'),
        ),
        migrations.AddField(
            model_name='applicantrefusal',
            name='case',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='办件'),
        ),
        migrations.AddIndex(
            model_name='applicantrefusal',
            index=models.Index(fields=['body', 'applicant_key', 'refused_at'], name='oversight_refusal_key_idx'),
        ),
        migrations.RunPython(add_permissions, migrations.RunPython.noop),
    ]
