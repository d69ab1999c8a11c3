"""Wagtail's default "Editors" and "Moderators" groups, and its "Moderators approval" workflow.

They hold page permissions on the root of every site at once, which our per-organisation roles
(sitegroup.services.provisioning) never grant, and the admin showed them in English. An unused
group is removed; one somebody was put into is renamed in Chinese so that nobody loses access
unnoticed. The default workflow keeps working under a Chinese name.

This data migration lives in the search app only because the sitegroup app's migrations were being
written by another change at the same time (issue 8); it touches no search table.
"""

from django.db import migrations

RENAMED_GROUPS = {
    "Editors": "Wagtail 默认编辑组（已停用，请改用各机构角色）",
    "Moderators": "Wagtail 默认审核组（已停用，请改用各机构角色）",
}
DEFAULT_WORKFLOW = "Moderators approval"
WORKFLOW_NAME = "默认审核流程"


def retire_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for name, new_name in RENAMED_GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if User.objects.filter(groups=group).exists():
            group.name = new_name
            group.save(update_fields=["name"])
        else:
            group.delete()
    Workflow.objects.filter(name=DEFAULT_WORKFLOW).update(name=WORKFLOW_NAME)
    Task.objects.filter(name=DEFAULT_WORKFLOW).update(name="默认审核")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_hot_term_rules_and_searchers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(retire_default_groups, migrations.RunPython.noop)]
