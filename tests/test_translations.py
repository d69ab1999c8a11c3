"""Our zh-Hans catalogue (locale/): compiled and current, placeholders intact, and used by the admin."""

import re
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")

sys.path.insert(0, str(ROOT / "scripts"))
from compile_translations import compiled  # noqa: E402


class TestCatalogue:
    def test_committed_mo_is_compiled_from_the_po(self):
        assert CATALOGUE.with_suffix(".mo").read_bytes() == compiled(CATALOGUE), (
            "locale/zh_Hans/LC_MESSAGES/django.mo is stale: run scripts/compile_translations.py and commit it"
        )

    def test_every_entry_is_translated(self):
        catalogue = polib.pofile(str(CATALOGUE))
        assert not catalogue.untranslated_entries() and not catalogue.fuzzy_entries()
        for entry in catalogue:
            text = entry.msgstr or entry.msgstr_plural[0]
            assert text != entry.msgid or entry.msgid.startswith("Wagtail API"), entry.msgid

    def test_translations_keep_every_placeholder_the_code_fills(self):
        for entry in polib.pofile(str(CATALOGUE)):
            text = entry.msgstr or entry.msgstr_plural[0]
            source = entry.msgid_plural or entry.msgid
            required = set(PLACEHOLDER.findall(source)) & set(PLACEHOLDER.findall(entry.msgid))
            offered = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
            found = set(PLACEHOLDER.findall(text))
            assert required <= found, (entry.msgid, text)
            assert found <= offered, (entry.msgid, text)


class TestActiveTranslations:
    @pytest.mark.parametrize(
        ("english", "chinese"),
        [
            ("Search all pages…", "搜索所有页面…"),
            ("Privacy and access", "隐私与访问"),
            ("Schedule to publish", "定时发布"),
            ("Locked by workflow", "审核中锁定"),
        ],
    )
    def test_strings_wagtail_leaves_in_english(self, english, chinese):
        with translation.override("zh-hans"):
            assert translation.gettext(english) == chinese

    def test_wagtails_own_translations_still_apply(self):
        with translation.override("zh-hans"):
            assert translation.gettext("Save draft") == "保存草稿"


@pytest.mark.django_db
class TestAdminScreens:
    def test_dashboard_search_box_speaks_chinese(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        body = client.get("/admin/").content.decode()
        assert "搜索所有页面…" in body and "Search all pages" not in body
