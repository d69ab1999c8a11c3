# The case core's shared outbox of notices to citizens (the case models themselves are abstract).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sitegroup', '0005_no_direct_publishing'),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('case_kind', models.CharField(max_length=40, verbose_name='业务类型')),
                ('case_id', models.PositiveBigIntegerField(verbose_name='业务编号')),
                ('channel', models.CharField(choices=[('sms', '短信'), ('email', '电子邮件')], max_length=10, verbose_name='渠道')),
                ('recipient', models.CharField(max_length=254, verbose_name='接收人')),
                ('subject', models.CharField(max_length=200, verbose_name='标题')),
                ('body', models.TextField(verbose_name='内容')),
                ('status', models.CharField(choices=[('outbox', '已存入发件箱（未接网关）'), ('sent', '已发送'), ('failed', '发送失败')], max_length=10, verbose_name='状态')),
                ('error', models.CharField(blank=True, max_length=500, verbose_name='错误信息')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='sitegroup.organisation', verbose_name='承办机构')),
            ],
            options={
                'verbose_name': '群众通知',
                'verbose_name_plural': '群众通知（发件箱）',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['case_kind', 'case_id'], name='sitegroup_n_case_ki_b59d62_idx')],
            },
        ),
    ]
