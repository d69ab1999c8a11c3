from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="themesettings",
            old_name="mourning_mode",
            new_name="mourning_switched_on",
        ),
        migrations.AlterField(
            model_name="themesettings",
            name="mourning_switched_on",
            field=models.BooleanField(
                default=False, help_text="勾选后立即生效，直到取消勾选。", verbose_name="立即开启哀悼模式（全站灰色）"
            ),
        ),
        migrations.AddField(
            model_name="themesettings",
            name="mourning_starts_at",
            field=models.DateTimeField(
                blank=True, help_text="北京时间。到时自动变灰，无需值守。", null=True, verbose_name="定时哀悼：开始时间"
            ),
        ),
        migrations.AddField(
            model_name="themesettings",
            name="mourning_ends_at",
            field=models.DateTimeField(
                blank=True, help_text="北京时间。到时自动恢复彩色。", null=True, verbose_name="定时哀悼：结束时间"
            ),
        ),
        migrations.AlterField(
            model_name="themesettings",
            name="main_colour",
            field=models.CharField(
                blank=True,
                help_text="用取色器选择，或填写形如 #b3261e 的颜色；留空使用模板默认色。须与白色文字对比度不低于 4.5:1。",
                max_length=7,
                verbose_name="主色调",
            ),
        ),
    ]
