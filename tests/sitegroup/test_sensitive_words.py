"""The platform's sensitive-word API: cached automaton, rebuilt when the list changes."""

import pytest

from sitegroup.models import SensitiveWord
from sitegroup.services.sensitive_words import import_words, scan_text, word_filter


@pytest.mark.django_db
class TestScanText:
    def test_new_word_is_used_after_commit(self, django_capture_on_commit_callbacks):
        assert scan_text("出售枪支弹药").is_clean
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="枪支", level=3)
        assert scan_text("出售枪 支弹药").is_blocked

    def test_automaton_is_cached_between_scans(self):
        assert word_filter() is word_filter()

    def test_deactivated_word_no_longer_matches(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            word = SensitiveWord.objects.create(word="六合彩", level=3)
        assert not scan_text("买六合彩").is_clean
        with django_capture_on_commit_callbacks(execute=True):
            word.is_active = False
            word.save()
        assert scan_text("买六合彩").is_clean

    def test_import_words_from_lines(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            count = import_words("赌博\n\n  代开发票 \n" + "长" * 60, level=1, category="广告")
        assert count == 2
        assert scan_text("代开发票").masked_text == "****"

    def test_admin_refuses_a_word_of_only_punctuation(self, client):
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.create_superuser("root", password="x"))
        response = client.post(
            "/admin/snippets/sitegroup/sensitiveword/add/",
            {"word": "！！ ", "level": 3, "category": "", "note": "", "is_active": "on"},
        )
        assert response.status_code == 200 and "标点" in response.content.decode()
        assert not SensitiveWord.objects.exists()


@pytest.mark.django_db
class TestAdminTools:
    URL = "/admin/sitegroup/sensitive-words/tools/"

    @pytest.fixture
    def admin_client(self, client):
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.create_superuser("root", password="x"))
        return client

    def test_import_then_check_a_text(self, admin_client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                self.URL,
                {"action": "import", "import-words": "六合彩\n代开发票", "import-level": 3, "import-category": "诈骗"},
            )
        assert response.status_code == 302 and SensitiveWord.objects.count() == 2
        body = admin_client.post(self.URL, {"action": "check", "check-text": "买六 合·彩"}).content.decode()
        assert "禁止发布" in body and "六合彩" in body

    def test_check_shows_matches_and_masked_text_escaped(self, admin_client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="代开发票", level=3)
        response = admin_client.post(self.URL, {"action": "check", "check-text": "<b>本店</b>代 开·發票"})
        body = response.content.decode()
        assert "禁止发布" in body and "&lt;b&gt;本店&lt;/b&gt;******" in body

    def test_oversize_text_is_refused_with_a_message(self, admin_client):
        response = admin_client.post(self.URL, {"action": "check", "check-text": "字" * 60_000})
        assert response.status_code == 400 and "50000" in response.content.decode()

    def test_organisation_roles_have_no_access(self, client, site_group):
        client.force_login(site_group["users"]["a_site_admin"])
        assert client.get(self.URL).status_code in (302, 403)

    def test_import_with_a_bad_level_stores_nothing(self, admin_client):
        response = admin_client.post(self.URL, {"action": "import", "import-words": "六合彩", "import-level": "9"})
        assert response.status_code == 400 and not SensitiveWord.objects.exists()


@pytest.mark.django_db
class TestPages:
    """Pages are scanned and masked field by field: where each word is, for the editor and the reviewer."""

    @pytest.fixture
    def article(self, site_group, django_capture_on_commit_callbacks):
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document

        from sitegroup.models import ArticleAttachment
        from tests.builders import make_article

        with django_capture_on_commit_callbacks(execute=True):
            for word, level in (("代开发票", 3), ("办证", 2), ("赌博", 1)):
                SensitiveWord.objects.create(word=word, level=level)
        page = make_article(
            site_group["columns"]["a"],
            "关于集中办证的通知",
            publish=False,
            summary="严禁赌博。",
            body=[
                {"type": "paragraph", "value": "<p>本店可代<i>开</i>发票，欢迎联系。</p>"},
                {"type": "table", "value": {"data": [["项目"], ["网络赌博"]]}},
            ],
        )
        document = Document.objects.create(title="附件", file=ContentFile(b"%PDF-1.4", name="a.pdf"))
        page.attachments.add(ArticleAttachment(document=document, title="赌博案件统计"))
        page.save_revision()
        return page.get_latest_revision().as_object()

    def test_findings_name_the_field_the_word_and_its_context(self, article):
        from sitegroup.services.sensitive_words import scan_page

        found = {(finding.label, finding.word, finding.level) for finding in scan_page(article)}
        assert found == {
            ("标题", "办证", 2),
            ("摘要", "赌博", 1),
            ("正文第1段", "代开发票", 3),
            ("正文第2块（表格）", "赌博", 1),
            ("附件1·显示名称", "赌博", 1),
        }
        blocked = next(finding for finding in scan_page(article) if finding.level == 3)
        assert (blocked.before, blocked.matched, blocked.after) == ("本店可", "代开发票", "，欢迎联系。")
        assert blocked.context == "本店可【代开发票】，欢迎联系。" and blocked.block_index == 0

    def test_mask_page_masks_only_the_given_levels_in_place(self, article):
        from sitegroup.lib.wordfilter import Level
        from sitegroup.services.sensitive_words import mask_page, scan_page

        masked = mask_page(article, levels=(Level.MASK,))
        assert {finding.label for finding in masked} == {"摘要", "正文第2块（表格）", "附件1·显示名称"}
        assert article.summary == "严禁＊＊。"
        assert article.body[1].value["data"][1][0] == "网络＊＊"
        assert article.attachments.all()[0].title == "＊＊案件统计"
        assert article.title == "关于集中办证的通知"  # review level: left for the reviewer
        assert "代<i>开</i>发票" in article.body[0].value.source  # block level: not masked here
        assert {finding.level for finding in scan_page(article)} == {Level.BLOCK, Level.REVIEW}

    def test_masks_survive_the_revision_they_are_saved_in(self, article):
        from sitegroup.lib.wordfilter import Level
        from sitegroup.services.sensitive_words import mask_page

        mask_page(article, levels=(Level.MASK, Level.BLOCK))
        revision = article.save_revision(clean=False)
        saved = revision.as_object()
        assert saved.body[0].value.source == "<p>本店可＊<i>＊</i>＊＊，欢迎联系。</p>"
        assert saved.attachments.all()[0].title == "＊＊案件统计"
