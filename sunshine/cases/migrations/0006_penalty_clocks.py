"""Penalty-case clocks (CASE-146/157: extensions of the case duration) and the correction deadline
of the one-time notice (CASE-105: a lapsed correction period ends the case), issue #6 §2."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_task_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeLapse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                ('due_at', models.DateTimeField(verbose_name='补正期限')),
                ('ended_at', models.DateTimeField(verbose_name='终止时间')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                ('ended_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='经办人')),
                ('notice', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='lapse', to='cases.correctionnotice')),
            ],
            options={
                'verbose_name': '逾期未补正',
                'verbose_name_plural': '逾期未补正',
            },
        ),
        migrations.CreateModel(
            name='PenaltyExtension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                ('total_days', models.PositiveSmallIntegerField(verbose_name='延长后办案期限（日）')),
                ('authority', models.CharField(choices=[('principal', '局主要负责人'), ('superior', '上级主管部门')], max_length=20, verbose_name='批准机关')),
                ('document', models.CharField(blank=True, max_length=200, verbose_name='批准文书')),
                ('reason', models.TextField(verbose_name='延期理由')),
                ('approved_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='penalty_extensions', to='cases.case')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
            ],
            options={
                'verbose_name': '处罚案件延期',
                'verbose_name_plural': '处罚案件延期',
                'ordering': ['created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('authority__in', ['principal', 'superior'])), name='cases_penalty_ext_authority_valid')],
            },
        ),
    ]
