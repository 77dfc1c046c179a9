"""Co-signers and countersigning: 加签, 会签/或签 (issue #6 §3, ADR 0006)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HeldCompletion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                ('opinion', models.TextField(blank=True, verbose_name='办理意见')),
                ('choice', models.CharField(blank=True, max_length=200, verbose_name='办理结果')),
            ],
            options={
                'verbose_name': '待加签的办理',
                'verbose_name_plural': '待加签的办理',
            },
        ),
        migrations.CreateModel(
            name='Signature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                ('phase', models.CharField(choices=[('before', '前加签'), ('after', '后加签'), ('all', '会签'), ('any', '或签')], max_length=10, verbose_name='签署方式')),
                ('note', models.TextField(blank=True, verbose_name='加签说明')),
                ('opinion', models.CharField(blank=True, choices=[('agree', '同意'), ('disagree', '不同意')], max_length=10, verbose_name='签署意见')),
                ('text', models.TextField(blank=True, verbose_name='意见内容')),
                ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='签署时间')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='撤销时间')),
            ],
            options={
                'verbose_name': '签署',
                'verbose_name_plural': '签署',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='taskaction',
            name='cases_taskaction_kind_valid',
        ),
        migrations.AlterField(
            model_name='taskaction',
            name='kind',
            field=models.CharField(choices=[('send_back', '退回'), ('transfer', '转办'), ('delegate', '委派'), ('delegate_reply', '委派意见'), ('take_back', '收回'), ('stand_in', '代理办理'), ('copy', '抄送'), ('add_signer', '加签'), ('sign', '签署'), ('set_signers', '指定会签人')], max_length=20, verbose_name='动作'),
        ),
        migrations.AddConstraint(
            model_name='taskaction',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['send_back', 'transfer', 'delegate', 'delegate_reply', 'take_back', 'stand_in', 'copy', 'add_signer', 'sign', 'set_signers'])), name='cases_taskaction_kind_valid'),
        ),
        migrations.AddField(
            model_name='heldcompletion',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人'),
        ),
        migrations.AddField(
            model_name='heldcompletion',
            name='on_behalf_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='被代理人'),
        ),
        migrations.AddField(
            model_name='heldcompletion',
            name='owner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='办理人'),
        ),
        migrations.AddField(
            model_name='heldcompletion',
            name='task',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='held_completion', to='cases.casetask'),
        ),
        migrations.AddField(
            model_name='signature',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人'),
        ),
        migrations.AddField(
            model_name='signature',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='加签人'),
        ),
        migrations.AddField(
            model_name='signature',
            name='signer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to=settings.AUTH_USER_MODEL, verbose_name='签署人'),
        ),
        migrations.AddField(
            model_name='signature',
            name='task',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='cases.casetask'),
        ),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.UniqueConstraint(condition=models.Q(('signed_at__isnull', True), ('withdrawn_at__isnull', True)), fields=('task', 'signer'), name='cases_one_pending_signature'),
        ),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.CheckConstraint(condition=models.Q(('phase__in', ['before', 'after', 'all', 'any'])), name='cases_signature_phase_valid'),
        ),
    ]
