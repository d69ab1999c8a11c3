"""Admin hooks of the editorial workflow (imported by `wagtail_hooks`): no publishing around the
workflow, sensitive words shown where the editor and the reviewer work.

Kept apart from `wagtail_hooks.py`, which several parts of the platform extend.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem, PublishMenuItem
from wagtail.log_actions import LogFormatter

from sitegroup.lib.wordfilter import Level
from sitegroup.page_forms import SUBMITTING_ACTIONS
from sitegroup.services import editorial, wrong_forms
from sitegroup.services.sensitive_words import scan_page

OTHER_ACTIONS = ("action-publish", "action-workflow-action", "action-cancel-workflow", *SUBMITTING_ACTIONS)


def _highlighted(findings) -> str:
    return format_html(
        '<ul class="sensitive-word-findings">{}</ul>',
        format_html_join(
            "",
            "<li><strong>{}</strong>「{}」（{}）：{}<mark>{}</mark>{}</li>",
            (
                (finding.level_label, finding.word, finding.label, finding.before, finding.matched, finding.after)
                for finding in findings
            ),
        ),
    )


def _wrong_forms_listed(findings) -> str:
    return format_html(
        '<ul class="wrong-form-findings">{}</ul>',
        format_html_join(
            "",
            "<li>「{}」应为「{}」（{}）：{}<mark>{}</mark>{}</li>",
            (
                (finding.matched, finding.correct, finding.label, finding.before, finding.matched, finding.after)
                for finding in findings
            ),
        ),
    )


# -- the reviewer sees the flagged words ---------------------------------------------------------


@hooks.register("before_edit_page")
def show_flagged_words_to_the_reviewer(request, page):
    """On the edit page of a page waiting for this reviewer, every listed word, highlighted in context."""
    if request.method != "GET":
        return None
    task = page.current_workflow_task
    if task is None or not task.get_actions(page, request.user):
        return None
    revision = page.get_latest_revision()
    findings = scan_page(revision.as_object() if revision else page.specific)
    if findings:
        messages.warning(
            request,
            format_html(
                "本稿含敏感词，请逐一核对后再审批（打码类词语发布时自动以＊替换）：{}",
                _highlighted(sorted(findings, key=lambda finding: -finding.level)),
            ),
        )
    wrong = wrong_forms.scan_page(revision.as_object() if revision else page.specific)
    if wrong:
        messages.warning(
            request, format_html("本稿含错敏词，请确认已改正或确属正确用法后再审批：{}", _wrong_forms_listed(wrong))
        )
    return None


# -- the editor is told what happens to the words --------------------------------------------------


def _report_words_after_saving(request, page):
    if request.method != "POST" or not request.accepts("text/html"):
        return None  # autosave: nothing to tell
    revision = page.get_latest_revision()
    if revision is None:
        return None
    findings = scan_page(revision.as_object())
    if any(request.POST.get(name) for name in SUBMITTING_ACTIONS):
        held = [finding for finding in findings if finding.level is Level.REVIEW]
        masked = [finding for finding in findings if finding.level is Level.MASK]
        if held:
            messages.warning(request, format_html("稿件含需人工审核的词语，已标出交审核员核对：{}", _highlighted(held)))
        if masked:
            messages.warning(request, format_html("以下词语发布时将以＊替换：{}", _highlighted(masked)))
        wrong = wrong_forms.scan_page(revision.as_object())
        if wrong:
            messages.warning(
                request, format_html("稿件含错敏词，已标出交审核员确认，建议改正：{}", _wrong_forms_listed(wrong))
            )
    elif not any(request.POST.get(name) for name in OTHER_ACTIONS):
        blocked = [finding for finding in findings if finding.level is Level.BLOCK]
        if blocked:
            messages.warning(
                request,
                format_html("草稿已保存，但含禁止发布的敏感词，提交审核前请删除或替换：{}", _highlighted(blocked)),
            )
    return None


hooks.register("after_edit_page", _report_words_after_saving)
hooks.register("after_create_page", _report_words_after_saving)


# -- nothing is published around the workflow ------------------------------------------------------


class EmergencyPublishMenuItem(ActionMenuItem):
    """A platform admin's publish: asks for the reason in a dialog; the reason goes to the audit log."""

    label = "紧急发布…"
    name = "action-emergency-publish"
    icon_name = "warning"
    template_name = "sitegroup/admin/emergency_publish_menu_item.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["reason_field"] = editorial.REASON_FIELD
        context["max_reason_length"] = editorial.MAX_REASON_LENGTH
        return context


def _page_being_created(request):
    """An empty instance of the page type on the create view (the rules depend on the type)."""
    from django.contrib.contenttypes.models import ContentType

    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    try:
        content_type = ContentType.objects.get_by_natural_key(
            kwargs["content_type_app_name"], kwargs["content_type_model_name"]
        )
    except (KeyError, ContentType.DoesNotExist):
        return None
    model = content_type.model_class()
    return model() if model is not None else None


@hooks.register("construct_page_action_menu")
def publish_only_as_emergency(menu_items, request, context):
    """Wagtail's 发布 becomes 紧急发布… for platform admins, and disappears where it is refused."""
    page = context.get("page") or _page_being_created(request)
    for position, item in enumerate(list(menu_items)):
        if isinstance(item, PublishMenuItem):
            if page is not None and editorial.may_emergency_publish(page, request.user):
                menu_items[position] = EmergencyPublishMenuItem(order=item.order)
            else:
                menu_items.remove(item)


@hooks.register("before_publish_page")
def publish_through_the_emergency_rule(request, page):
    """Every publish from the edit or create page goes through the emergency-publish service."""
    revision = page.get_latest_revision()
    try:
        editorial.emergency_publish(
            page, revision, user=request.user, reason=request.POST.get(editorial.REASON_FIELD, "")
        )
    except editorial.PublishRefused as refusal:
        messages.error(request, f"未发布：{refusal}")
        return redirect("wagtailadmin_pages:edit", page.pk)
    page.refresh_from_db()
    if page.live and not page.has_unpublished_changes:
        messages.success(request, f"「{page.get_admin_display_title()}」已紧急发布，理由已记入操作日志。")
    else:
        messages.success(request, f"「{page.get_admin_display_title()}」已按计划时间定时发布，理由已记入操作日志。")
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_bulk_action")
def no_bulk_publishing(request, action_type, objects, action_class_instance):
    if action_type == "publish":
        messages.error(request, "批量发布已停用：稿件须逐篇经审核流程发布。")
        return redirect(request.GET.get("next") or "wagtailadmin_home")
    return None


@hooks.register("before_copy_page")
def copies_are_drafts(request, page):
    """A copy (or alias) would be live at once: copies are drafts that go through the workflow."""
    if request.method == "POST" and (request.POST.get("publish_copies") or request.POST.get("alias")):
        messages.error(request, "复制的页面须作为草稿经审核流程发布，不能直接发布或创建别名。")
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None


class EmergencyPublishFormatter(LogFormatter):
    label = "紧急发布"

    def format_message(self, log_entry):
        return f"平台管理员紧急发布，理由：{log_entry.data.get('reason', '')}"


class MaskFormatter(LogFormatter):
    label = "敏感词打码"

    def format_message(self, log_entry):
        words = "、".join(log_entry.data.get("words", []))
        places = "、".join(log_entry.data.get("places", []))
        return f"发布前以＊替换敏感词「{words}」（{places}）"


@hooks.register("register_log_actions")
def editorial_log_actions(actions):
    actions.register_action("sitegroup.emergency_publish")(EmergencyPublishFormatter)
    actions.register_action("sitegroup.mask_sensitive_words")(MaskFormatter)
