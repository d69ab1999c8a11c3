"""The standard life events (主题分类) for persons and legal persons, as the provincial 政务服务网 lists them."""

from django.db import migrations

PERSON = (
    "生育收养", "户籍办理", "教育科研", "就业创业", "婚姻登记", "社会保障", "医疗卫生", "住房保障",
    "交通出行", "民族宗教", "证件办理", "退休养老", "残疾人服务", "优待抚恤", "社会救助", "公共安全",
    "文化体育", "司法公证", "殡葬",
)
LEGAL_PERSON = (
    "设立变更", "准营准办", "资质认定", "年检年审", "税收财务", "人力资源", "社会保障", "投资审批",
    "融资信贷", "抵押质押", "商务贸易", "招标拍卖", "知识产权", "环保绿化", "安全生产", "医疗卫生",
    "农林牧渔", "民办非企业", "注销清算",
)


def load(apps, schema_editor):
    LifeEvent = apps.get_model("services_column", "LifeEvent")
    for audience, names in (("person", PERSON), ("legal_person", LEGAL_PERSON)):
        for order, name in enumerate(names, start=1):
            LifeEvent.objects.get_or_create(audience=audience, name=name, defaults={"sort_order": order * 10})


def unload(apps, schema_editor):
    LifeEvent = apps.get_model("services_column", "LifeEvent")
    for audience, names in (("person", PERSON), ("legal_person", LEGAL_PERSON)):
        LifeEvent.objects.filter(audience=audience, name__in=names, items__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("services_column", "0001_service_items")]

    operations = [migrations.RunPython(load, unload)]
