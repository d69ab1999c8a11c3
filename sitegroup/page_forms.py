"""The publishing rules that must answer on the edit page itself (base of every page form of ours).

When an editor submits (or a reviewer approves with edits, or a platform admin publishes) a page
that contains a block-level sensitive word, the form is invalid: each field names the word with its
context and what to do, and nothing is submitted. A platform admin's emergency publish needs a reason.

Page models import this module (`SiteGroupPageForm` extends it), so our services are imported
inside the methods: they import the models.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.models import COMMENTS_RELATION_NAME

from sitegroup.admin_autosave import CreateFormKeyMixin

ADVICE = "请删除或替换后重新提交。"
SUBMITTING_ACTIONS = ("action-submit", "action-restart-workflow")


def _sentence(text: str) -> str:
    """The text ending in one full stop (a context may already end with one)."""
    return text if text.endswith(("。", "！", "？", "…")) else text + "。"


class _StreamFindings(StreamBlockValidationError):
    """Errors shown on the offending blocks, with a readable summary for the message at the top."""

    def __init__(self, block_errors, summary: str):
        super().__init__(block_errors=block_errors)
        self.message = summary


class PublishingRulesForm(CreateFormKeyMixin, WagtailAdminPageForm):
    """Also carries the create form's key (`admin_autosave`): autosave and the editor's click make one page."""

    def is_valid(self):
        valid = super().is_valid()
        if getattr(self, "_publishing_rules_checked", False):
            return valid and not self.errors
        self._publishing_rules_checked = True
        return self._check_publishing_rules() and valid

    # -- which action is this? ------------------------------------------------------------------

    def _is_emergency_publish(self) -> bool:
        if not self.data.get("action-publish") or self.for_user is None:
            return False
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        return (
            self.parent_page is not None and self.parent_page.permissions_for_user(self.for_user).can_publish_subpage()
        )

    def _is_checked_action(self) -> bool:
        if any(self.data.get(name) for name in SUBMITTING_ACTIONS):
            return True
        if self.data.get("action-workflow-action") and self.data.get("workflow-action-name") == "approve":
            return True
        return self._is_emergency_publish()

    # -- the rules ------------------------------------------------------------------------------

    def _check_publishing_rules(self) -> bool:
        from sitegroup.services import editorial

        if not self._is_checked_action():
            return True
        passed = True
        if self._is_emergency_publish():
            refusal = editorial.emergency_publish_refusal(
                self.instance, self.for_user, self.data.get(editorial.REASON_FIELD, "")
            )
            if refusal:
                self.add_error(None, refusal)
                passed = False
        blocked = editorial.blocking_findings(self.findings())
        if blocked:
            self._report_blocked(blocked)
            passed = False
        wrong = [finding for finding in self.wrong_form_findings() if finding.is_blocking]
        if wrong:
            from sitegroup.services.wrong_forms import summary

            self.add_error(None, f"稿件含必须改正的错敏词，未提交审核：{summary(wrong)}。请改正后重新提交。")
            passed = False
        return passed

    def wrong_form_findings(self):
        """错敏词 in what was posted (the same parts as the sensitive-word check)."""
        from sitegroup.services.sensitive_words import page_text_parts
        from sitegroup.services.wrong_forms import scan_parts

        return scan_parts([*page_text_parts(self.instance, field_names=self.fields.keys()), *self._inline_parts()])

    def findings(self):
        """The listed words in what was posted: the page's fields and its inline objects."""
        from sitegroup.services.sensitive_words import scan_page, scan_parts

        findings = scan_page(self.instance, field_names=self.fields.keys())
        findings.extend(scan_parts(self._inline_parts()))
        return findings

    def _inline_parts(self):
        from sitegroup.services.sensitive_words import TextPart

        for name, formset in self.formsets.items():
            if name == COMMENTS_RELATION_NAME or not formset.is_valid():
                continue
            model_label = str(formset.model._meta.verbose_name)
            position = 0
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or data.get("DELETE"):
                    continue
                position += 1
                for field_name, value in data.items():
                    if not isinstance(value, str) or not value or field_name in ("DELETE", "ORDER", "id"):
                        continue
                    model_field = next((f for f in formset.model._meta.fields if f.name == field_name), None)
                    yield TextPart(
                        name,
                        f"{model_label}{position}·{form.fields[field_name].label}",
                        value,
                        is_html=isinstance(model_field, RichTextField),
                        child_index=position - 1,
                    )

    def _report_blocked(self, blocked) -> None:
        by_field = defaultdict(list)
        elsewhere = []
        for finding in blocked:
            (by_field[finding.field] if finding.field in self.fields else elsewhere).append(finding)
        self.add_error(
            None,
            "稿件含禁止发布的敏感词，未提交审核。"
            + "".join(_sentence(f"{finding.label}含「{finding.word}」：{finding.context}") for finding in elsewhere)
            + ADVICE,
        )
        for field_name, findings in by_field.items():
            model_field = next((f for f in self.instance._meta.fields if f.name == field_name), None)
            if not isinstance(model_field, StreamField):
                for finding in findings:
                    self.add_error(
                        field_name, _sentence(f"含禁止发布的敏感词「{finding.word}」：{finding.context}") + ADVICE
                    )
                continue
            by_block = defaultdict(list)
            for finding in findings:
                by_block[finding.block_index].append(finding)
            block_errors = {
                index: ValidationError(
                    _sentence(
                        "含禁止发布的敏感词：" + "；".join(f"「{f.word}」（{f.context}）" for f in block_findings)
                    )
                    + ADVICE
                )
                for index, block_findings in by_block.items()
            }
            summary = _sentence("；".join(f"{f.label}含禁止发布的敏感词「{f.word}」：{f.context}" for f in findings))
            self.add_error(field_name, _StreamFindings(block_errors, summary + ADVICE))
