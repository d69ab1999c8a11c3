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
