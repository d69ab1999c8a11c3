"""The template managers (宣传部) choose and upload each site's logo and banner: add and choose
images in every organisation's collection (new sites get this from provisioning)."""

from django.db import migrations

CODENAMES = ("add_image", "choose_image")


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    PlatformGroup = apps.get_model("sitegroup", "PlatformGroup")
    Organisation = apps.get_model("sitegroup", "Organisation")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    link = PlatformGroup.objects.filter(role="template_manager").first()
    permissions = list(Permission.objects.filter(content_type__app_label="wagtailimages", codename__in=CODENAMES))
    if link is None or len(permissions) != len(CODENAMES):
        return  # a fresh database: provisioning grants them
    for collection_id in Organisation.objects.filter(collection__isnull=False).values_list("collection_id", flat=True):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group_id=link.group_id, collection_id=collection_id, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("sitegroup", "0003_page_tree_depth_index"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
