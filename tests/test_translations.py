"""Our zh-Hans catalogue (locale/): compiled and current, placeholders intact, and used by the admin."""

import json
import re
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
# A count may leave the object name out: Wagtail passes None for it in page search results ("共 32 项").
MAY_DROP = {"%(model_name)s"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")

sys.path.insert(0, str(ROOT / "scripts"))
from compile_translations import compiled  # noqa: E402


class TestCatalogue:
    @pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
    def test_committed_mo_is_compiled_from_the_po(self, po_path):
        assert po_path.with_suffix(".mo").read_bytes() == compiled(po_path), (
            f"{po_path.with_suffix('.mo').name} is stale: run scripts/compile_translations.py and commit it"
        )

    @pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
    def test_every_entry_is_translated(self, po_path):
        catalogue = polib.pofile(str(po_path))
        assert not catalogue.untranslated_entries() and not catalogue.fuzzy_entries()
        for entry in catalogue:
            text = entry.msgstr or entry.msgstr_plural[0]
            assert text != entry.msgid or entry.msgid.startswith("Wagtail API"), entry.msgid

    @pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
    def test_translations_keep_every_placeholder_the_code_fills(self, po_path):
        for entry in polib.pofile(str(po_path)):
            text = entry.msgstr or entry.msgstr_plural[0]
            source = entry.msgid_plural or entry.msgid
            required = set(PLACEHOLDER.findall(source)) & set(PLACEHOLDER.findall(entry.msgid)) - MAY_DROP
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
            ("live", "已发布"),  # Wagtail's own catalogue says 在用 ("in use")
        ],
    )
    def test_strings_wagtail_leaves_in_english(self, english, chinese):
        with translation.override("zh-hans"):
            assert translation.gettext(english) == chinese

    def test_admin_javascript_catalogue_includes_ours(self, client):
        body = client.get("/admin/jsi18n/").content.decode()
        for text in ("正在自动保存…", "插入内容块"):
            assert text in body or json.dumps(text)[1:-1] in body

    def test_the_final_approval_reads_as_one_phrase(self):
        with translation.override("zh-hans"):
            label = translation.gettext("%(label)s and Publish") % {"label": translation.gettext("Approve")}
        assert label == "批准并发布"

    def test_wagtails_own_translations_still_apply(self):
        with translation.override("zh-hans"):
            assert translation.gettext("Save draft") == "保存草稿"


@pytest.mark.django_db
class TestAdminScreens:
    def test_dashboard_search_box_speaks_chinese(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        body = client.get("/admin/").content.decode()
        assert "搜索所有页面…" in body and "Search all pages" not in body

    def test_a_table_without_its_header_choice_is_refused_in_chinese(self, client, site_group):
        from tests.builders import make_article
        from tests.sitegroup.test_workflow import edit_form

        page = make_article(site_group["columns"]["a"], "含表格的稿件", publish=False)
        client.force_login(site_group["users"]["a_editor"])
        data = edit_form(page, table=[["项目", "金额"], ["取暖补助", "300"]], **{"action-submit": "1"})
        data["body-1-value"] = json.dumps({"data": [["项目", "金额"], ["取暖补助", "300"]], "table_header_choice": ""})
        body = client.post(f"/admin/pages/{page.pk}/edit/", data).content.decode()
        message = "请为表格选择“表头”"
        assert message in body or json.dumps(message)[1:-1] in body
        assert "Validation error" not in body
