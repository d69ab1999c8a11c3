"""Wagtail's default Editors/Moderators groups are gone after migrating (search 0004)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from tests.builders import make_user

migration = importlib.import_module("search.migrations.0004_retire_wagtail_default_groups")


@pytest.mark.django_db
class TestDefaultGroups:
    def test_migrated_database_has_no_english_default_groups(self):
        assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
        assert Workflow.objects.filter(name="默认审核流程").exists()
        assert not Workflow.objects.filter(name="Moderators approval").exists()

    def test_group_with_members_is_renamed_not_deleted(self):
        group = Group.objects.create(name="Moderators")
        make_user("old_moderator").groups.add(group)
        Group.objects.create(name="Editors")
        migration.retire_default_groups(django_apps, None)
        group.refresh_from_db()
        assert group.name.startswith("Wagtail 默认审核组")
        assert not Group.objects.filter(name="Editors").exists()
