# Disclosure requests move onto the case core (sitegroup.Case): the deadline and conclusion dates
# take the core's names (renamed, data kept), events and pauses point at `case`, rating added.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0006_request_documents'),
        ('sitegroup', '0006_case_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='consultationperiod',
            old_name='request',
            new_name='case',
        ),
        migrations.RenameField(
            model_name='requestevent',
            old_name='request',
            new_name='case',
        ),
        migrations.RenameField(
            model_name='disclosurerequest',
            old_name='answer_due',
            new_name='due_on',
        ),
        migrations.RenameField(
            model_name='disclosurerequest',
            old_name='answered_on',
            new_name='concluded_on',
        ),
        migrations.AlterField(
            model_name='disclosurerequest',
            name='concluded_on',
            field=models.DateField(blank=True, null=True, verbose_name='办结日期'),
        ),
        migrations.AlterField(
            model_name='disclosurerequest',
            name='due_on',
            field=models.DateField(blank=True, db_index=True, null=True, verbose_name='办理期限'),
        ),
        migrations.AddField(
            model_name='disclosurerequest',
            name='escalated_on',
            field=models.DateField(blank=True, null=True, verbose_name='督办日期'),
        ),
        migrations.AddField(
            model_name='disclosurerequest',
            name='handler',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='承办人'),
        ),
        migrations.AddField(
            model_name='disclosurerequest',
            name='rated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='评价时间'),
        ),
        migrations.AddField(
            model_name='disclosurerequest',
            name='rating',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(5, '非常满意'), (4, '满意'), (3, '基本满意'), (2, '不满意'), (1, '非常不满意')], null=True, verbose_name='满意度评价'),
        ),
        migrations.AddField(
            model_name='disclosurerequest',
            name='rating_comment',
            field=models.CharField(blank=True, max_length=500, verbose_name='评价意见'),
        ),
        migrations.AlterField(
            model_name='consultationperiod',
            name='ended_on',
            field=models.DateField(blank=True, null=True, verbose_name='结束日期'),
        ),
        migrations.AlterField(
            model_name='consultationperiod',
            name='started_on',
            field=models.DateField(verbose_name='开始日期'),
        ),
        migrations.AlterField(
            model_name='disclosurerequest',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='sitegroup.organisation', verbose_name='承办机构'),
        ),
        migrations.AlterField(
            model_name='disclosurerequest',
            name='received_on',
            field=models.DateField(verbose_name='收到日期'),
        ),
    ]
