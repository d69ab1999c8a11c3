"""No organisation role publishes directly (reviewers approve through the workflow, whose approval
publishes): take publish_page away from every organisation and platform group of existing sites.
New sites never get it (provisioning), and re-provisioning also takes it away."""

from django.db import migrations


def withhold_publishing(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    OrganisationRole = apps.get_model("sitegroup", "OrganisationRole")
    PlatformGroup = apps.get_model("sitegroup", "PlatformGroup")
    groups = set(OrganisationRole.objects.values_list("group_id", flat=True))
    groups |= set(PlatformGroup.objects.values_list("group_id", flat=True))
    GroupPagePermission.objects.filter(group_id__in=groups, permission__codename="publish_page").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sitegroup", "0004_template_manager_site_images"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(withhold_publishing, migrations.RunPython.noop)]
