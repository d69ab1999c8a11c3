"""Synonym groups every county site needs from the start (editable afterwards in the admin)."""

from django.db import migrations

DEFAULT_GROUPS = [
    "低保，最低生活保障",
    "医保，医疗保险，基本医疗保险",
    "社保，社会保险",
    "公积金，住房公积金",
    "特困，特困人员供养，五保",
    "残疾证，残疾人证",
    "身份证，居民身份证",
    "户口，户籍",
    "营业执照，工商执照",
    "不动产登记，房产证",
    "义务教育，九年义务教育",
    "政府信息公开，政务公开",
]


def add_groups(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms in DEFAULT_GROUPS:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": "系统预置"})


def remove_groups(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=DEFAULT_GROUPS, note="系统预置").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(add_groups, remove_groups)]
