"""The last serial used per organisation and year, locked row by row when numbers are issued."""

from django.db import models


class IndexNumberSequence(models.Model):
    organisation = models.ForeignKey("sitegroup.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    last_serial = models.PositiveIntegerField("已用流水号", default=0)

    class Meta:
        verbose_name = "索引号流水"
        verbose_name_plural = "索引号流水"
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_sequence_per_year")]

    def __str__(self):
        return f"{self.organisation_id}/{self.year}: {self.last_serial}"
