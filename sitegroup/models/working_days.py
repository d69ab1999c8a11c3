"""Local corrections to the official holiday arrangement (e.g. next year's, before the package knows it)."""

from django.core.exceptions import ValidationError
from django.db import models


class WorkingDayOverride(models.Model):
    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField(
        "是否工作日", help_text="勾选：这一天上班（如调休的周六）；不勾选：这一天放假（如法定节假日）。"
    )
    name = models.CharField("说明", max_length=50, help_text="如：2027年春节、春节调休上班")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_working_day else '放假'}（{self.name}）"

    def clean(self):
        if self.date is None:
            return
        if official_is_working_day(self.date) == self.is_working_day:
            state = "上班" if self.is_working_day else "放假"
            raise ValidationError({"is_working_day": f"按国家安排这一天本来就{state}，无需调整。"})


def official_is_working_day(day) -> bool:
    """What the national arrangement (chinese-calendar) says, weekends only where it has no data."""
    from chinese_calendar import constants

    if day in constants.workdays:
        return True
    if day in constants.holidays:
        return False
    return day.weekday() < 5
