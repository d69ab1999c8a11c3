"""Documents of disclosure requests (补正告知书, 延期答复告知书, 答复告知书).

Each organisation keeps its own templates (RequestDocumentSettings, created from the defaults under
`disclosure/templates/disclosure/letters/` on first use and edited in the admin). A template is
Django template text run in a closed engine (no loaders, no libraries, no `debug`/`include`) over
plain strings only, so an editor reaches nothing but the request's data. A document is rendered
once, when it is issued, and stored with its number: later template edits never change an issued
document. Bad template syntax is refused with a Chinese message (TemplateProblem), never a 500.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Node, TextNode, VariableNode
from django.template.defaulttags import CommentNode, DebugNode, ForNode, IfNode
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils import timezone
from wagtail.log_actions import log

from disclosure.lib import letter_docx, letters
from disclosure.models import (
    ApplicantKind,
    DisclosureRequest,
    DocumentKind,
    RequestDocumentSequence,
    RequestDocumentSettings,
)
from sitegroup.models import Organisation, OrganisationKind

MAX_TEMPLATE_LENGTH = 20_000
MAX_DOCUMENT_LENGTH = 60_000
SUMMARY_LENGTH = 120

COMMON_VARIABLES = {
    "organisation": "本机关名称",
    "organisation_address": "本机关办公地址",
    "organisation_phone": "本机关联系电话",
    "number": "本文书文号",
    "applicant": "申请人姓名或名称",
    "you": "对申请人的称呼（自然人为“您”，法人或其他组织为“贵单位”）",
    "lookup_code": "查询码",
    "received_date": "收到申请日期",
    "request_summary": "申请获取的信息（摘要）",
    "document_number": "所申请文件的文号（申请人填写时）",
    "date": "成文日期",
    "reconsideration_body": "行政复议机关",
    "court": "管辖人民法院",
}
KIND_VARIABLES = {
    DocumentKind.CORRECTION: {
        "correction_items": "需要补正的事项",
        "correction_days": "补正期限（工作日数）",
        "correction_deadline": "补正截止日期",
    },
    DocumentKind.EXTENSION: {
        "extension_reason": "延期理由",
        "original_due": "原答复期限",
        "new_due": "延长后的答复期限",
    },
    DocumentKind.REPLY: {
        "decision": "答复决定（含所依据的条例条款）",
        "decision_label": "答复类型",
        "legal_basis": "法律依据",
        "reply_note": "答复说明",
        "fee": "信息处理费（元，不收费时为 0）",
        "nth_in_month": "本月第几件申请",
        "correction_received_date": "收到补正日期（有补正时）",
    },
}


class TemplateProblem(Exception):
    """A template that cannot be used; the message says what to fix, in Chinese."""


def variables_for(kind: str) -> dict[str, str]:
    return {**COMMON_VARIABLES, **KIND_VARIABLES[DocumentKind(kind)]}


# -- settings -------------------------------------------------------------------------------------


def default_template(kind: str) -> str:
    return get_template(f"disclosure/letters/{DocumentKind(kind).value}.txt").template.source


def _county_government(organisation: Organisation) -> Organisation | None:
    """The 本级人民政府 of an organisation: up its parents to the portal's organisation."""
    current, seen = organisation, set()
    while current is not None and current.pk not in seen:
        if current.kind == OrganisationKind.PORTAL:
            return current
        seen.add(current.pk)
        current = current.parent
    return Organisation.objects.filter(kind=OrganisationKind.PORTAL).order_by("sort_order", "pk").first()


def defaults_for(organisation: Organisation) -> dict:
    government = _county_government(organisation)
    reconsideration_body, court = letters.default_remedy(
        organisation.kind, organisation.name, government.name if government else ""
    )
    return {
        "number_code": (organisation.short_name or organisation.name)[:20],
        "reconsideration_body": reconsideration_body,
        "court": court,
        **{f"{kind}_template": default_template(kind) for kind in DocumentKind.values},
    }


def document_settings(organisation: Organisation) -> RequestDocumentSettings:
    """The organisation's templates, created from the defaults on first use."""
    found = RequestDocumentSettings.objects.filter(organisation=organisation).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return RequestDocumentSettings.objects.create(organisation=organisation, **defaults_for(organisation))
    except IntegrityError:
        return RequestDocumentSettings.objects.get(organisation=organisation)


def update_settings(organisation: Organisation, user, data: dict) -> RequestDocumentSettings:
    """Save edited settings after every template has been checked; audit-logged."""
    from disclosure.services.requests import require_handler

    require_handler(user, organisation)
    for kind, title in DocumentKind.choices:
        problem = check_template(kind, data[f"{kind}_template"], organisation)
        if problem:
            raise TemplateProblem(f"{title}模板：{problem}")
    with transaction.atomic():
        current = document_settings(organisation)
        changed = [name for name, value in data.items() if getattr(current, name) != value]
        for name, value in data.items():
            setattr(current, name, value)
        current.updated_by = user
        current.save()
        if changed:
            log(
                instance=current,
                action="wagtail.edit",
                user=user,
                data={"fields": [str(RequestDocumentSettings._meta.get_field(name).verbose_name) for name in changed]},
            )
    return current


# -- templates ------------------------------------------------------------------------------------

_ENGINE = Engine(debug=True, libraries={}, autoescape=False, string_if_invalid="")
_FORBIDDEN = {DebugNode: "debug", IncludeNode: "include", ExtendsNode: "extends"}
_ERRORS = (
    (re.compile(r"Invalid block tag on line \d+: '([^']*)'"), "无法识别的标签“{{% {0} %}}”"),
    (re.compile(r"Unclosed tag on line \d+: '([^']*)'"), "标签“{{% {0} %}}”没有对应的结束标签（如 {{% end{0} %}}）"),
    (re.compile(r"Invalid filter: '([^']*)'"), "无法识别的过滤器“{0}”"),
    (re.compile(r"Could not parse the remainder: '([^']*)' from '([^']*)'"), "无法解析“{1}”"),
    (re.compile(r"'([^']*)' is not a registered tag library"), "不能加载标签库“{0}”"),
    (re.compile(r"Empty variable tag"), "{{{{ }}}} 中没有变量名"),
)


def _syntax_message(error: TemplateSyntaxError) -> str:
    line = getattr(error, "template_debug", {}).get("line")
    where = f"第 {line} 行：" if line else ""
    text = str(error)
    for pattern, message in _ERRORS:
        found = pattern.search(text)
        if found:
            return f"模板语法有误，{where}{message.format(*found.groups())}。"
    return f"模板语法有误，{where}请检查 {{{{ }}}} 和 {{% %}} 是否成对、标签是否正确结束。"


def compile_template(source: str):
    if len(source) > MAX_TEMPLATE_LENGTH:
        raise TemplateProblem(f"模板过长（不超过 {MAX_TEMPLATE_LENGTH} 字）。")
    try:
        template = _ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        raise TemplateProblem(_syntax_message(error)) from None
    for node_type, name in _FORBIDDEN.items():
        if template.nodelist.get_nodes_by_type(node_type):
            raise TemplateProblem(f"文书模板不能使用“{name}”标签。")
    _refuse_costly_constructs(template)
    return template


# A document template needs text, variables and {% if %}: anything that repeats or pads (for, lorem,
# ljust…) could make one handler's template exhaust the server that every site shares, so it is refused.
_ALLOWED_NODES = (TextNode, VariableNode, IfNode, CommentNode)
_ALLOWED_FILTERS = {"default", "default_if_none", "upper", "lower", "linebreaksbr", "date", "cut", "striptags"}


def _refuse_costly_constructs(template) -> None:
    for node in template.nodelist.get_nodes_by_type(Node):
        if not isinstance(node, _ALLOWED_NODES):
            name = getattr(node, "token", None)
            tag = name.contents.split()[0] if name is not None and name.contents else type(node).__name__
            raise TemplateProblem(f"文书模板只能使用变量和 {{% if %}} 判断，不能使用“{tag}”标签。")
        if isinstance(node, VariableNode):
            for filter_function, _arguments in node.filter_expression.filters:
                if filter_function.__name__ not in _ALLOWED_FILTERS:
                    allowed = "、".join(sorted(_ALLOWED_FILTERS))
                    raise TemplateProblem(f"文书模板不能使用过滤器“{filter_function.__name__}”（可用：{allowed}）。")


def _variables_used(template) -> set[str]:
    loop_names = {name for node in template.nodelist.get_nodes_by_type(ForNode) for name in node.loopvars}
    used = set()
    for node in template.nodelist.get_nodes_by_type(VariableNode):
        variable = node.filter_expression.var
        lookups = getattr(variable, "lookups", None)
        if lookups and lookups[0] not in loop_names and lookups[0] != "forloop":
            used.add(lookups[0])
    return used


def render_text(kind: str, source: str, context: dict) -> str:
    template = compile_template(source)
    try:
        text = template.render(Context(context, autoescape=False))
    except Exception as error:  # noqa: BLE001 - any failure of an editor's template becomes a message
        raise TemplateProblem(f"模板无法生成文书：{type(error).__name__}，请检查模板中的标签。") from None
    if len(text) > MAX_DOCUMENT_LENGTH:
        raise TemplateProblem("模板生成的文书过长，请检查模板中的循环。")
    return text


def check_template(kind: str, source: str, organisation: Organisation) -> str | None:
    """A Chinese message for a template that cannot be saved, else None (it is tried on sample data)."""
    if not source.strip():
        return "模板不能为空。"
    try:
        template = compile_template(source)
        unknown = sorted(_variables_used(template) - set(variables_for(kind)))
        if unknown:
            names = "、".join(f"{{{{ {name} }}}}" for name in unknown)
            return f"模板中有未知的变量 {names}，可用的变量见下表。"
        render_text(kind, source, sample_context(kind, organisation))
    except TemplateProblem as problem:
        return str(problem)
    return None


# -- context --------------------------------------------------------------------------------------


def _context(kind: str, request: DisclosureRequest, settings: RequestDocumentSettings, on: date, number: str):
    from disclosure.services.requests import clock

    organisation = request.organisation
    summary = letters.clause(request.description, SUMMARY_LENGTH)
    context = {
        "organisation": organisation.name,
        "organisation_address": organisation.address,
        "organisation_phone": organisation.phone,
        "number": number,
        "applicant": request.name,
        "you": "贵单位" if request.is_organisation else "您",
        "lookup_code": request.lookup_code,
        "received_date": letters.chinese_date(request.received_on),
        "request_summary": summary,
        "document_number": request.document_number,
        "date": letters.chinese_date(on),
        "reconsideration_body": settings.reconsideration_body,
        "court": settings.court,
    }
    if kind == DocumentKind.CORRECTION:
        context.update(
            correction_items=letters.escape_lines(letters.sentence(request.correction_note)),
            correction_days=request.correction_due_days,
            correction_deadline=letters.chinese_date(clock(request, on).correction_due),
        )
    elif kind == DocumentKind.EXTENSION:
        state = clock(request, on)
        context.update(
            extension_reason=letters.clause(request.extension_reason),
            original_due=letters.chinese_date(_before_extension(request, on)),
            new_due=letters.chinese_date(state.answer_due),
        )
    else:
        decision = letters.decision_for(request.reply_type, request.reply_subtype)
        context.update(
            decision=decision.text,
            decision_label=decision.label,
            legal_basis=decision.legal_basis,
            reply_note=letters.escape_lines(letters.sentence(request.reply_note)),
            fee=request.fee,
            nth_in_month=request.nth_in_month,
            correction_received_date=letters.chinese_date(request.correction_received_on),
        )
    return context


def _before_extension(request: DisclosureRequest, on: date) -> date | None:
    from disclosure.services.requests import clock

    extended = request.is_extended
    request.is_extended = False
    try:
        return clock(request, on).answer_due
    finally:
        request.is_extended = extended


def sample_request(organisation: Organisation) -> DisclosureRequest:
    """An unsaved request with typical data, to try and preview templates on."""
    today = timezone.localdate()
    return DisclosureRequest(
        organisation=organisation,
        lookup_code="ABCD2345EFGH",
        kind=ApplicantKind.PERSON,
        name="张三",
        id_number="",
        phone="",
        description="本机关2025年度城乡居民最低生活保障资金发放情况。",
        delivery_form="electronic",
        delivery_method="email",
        received_on=today,
        correction_requested_on=today,
        correction_note="请写明所需文件的名称、文号或者便于查询的其他特征性描述",
        correction_due_days=15,
        extension_reason="需调取历年档案并汇总",
        reply_type="disclosed",
        reply_note="所申请的信息已通过电子邮件发送给您",
        fee=0,
    )


def sample_context(kind: str, organisation: Organisation, settings: RequestDocumentSettings | None = None) -> dict:
    """The sample request's context, with the stored settings or edited ones not yet saved."""
    settings = settings or document_settings(organisation)
    sample = sample_request(organisation)
    number = letters.document_number(settings.number_code, kind, sample.received_on.year, 1)
    return _context(kind, sample, settings, sample.received_on, number)


def preview(kind: str, settings: RequestDocumentSettings) -> list[letters.Block]:
    """The document a template makes of the sample request, under the (possibly unsaved) settings."""
    context = sample_context(kind, settings.organisation, settings)
    return letters.parse(render_text(kind, settings.template_for(kind), context))


# -- issuing --------------------------------------------------------------------------------------


def _next_serial(organisation_id: int, kind: str, year: int) -> int:
    """Under a row lock, inside the caller's transaction (two handlers never get the same number)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                RequestDocumentSequence.objects.get_or_create(organisation_id=organisation_id, kind=kind, year=year)
        except IntegrityError:
            pass
        sequence = RequestDocumentSequence.objects.select_for_update().get(
            organisation_id=organisation_id, kind=kind, year=year
        )
        sequence.last_serial += 1
        sequence.save(update_fields=["last_serial"])
        return sequence.last_serial


def issue(kind: str, request: DisclosureRequest, on: date) -> dict:
    """Number and render a document for a request whose facts are already set (not yet saved).

    Returns the fields to store: {"<kind>_number": …, "<kind>_letter": …}. Raises TemplateProblem.
    """
    settings = document_settings(request.organisation)
    number = letters.document_number(
        settings.number_code, kind, on.year, _next_serial(request.organisation_id, kind, on.year)
    )
    text = render_text(kind, settings.template_for(kind), _context(kind, request, settings, on, number))
    return {f"{kind}_number": number, f"{kind}_letter": text.strip() + "\n"}


# -- output ---------------------------------------------------------------------------------------


def blocks(text: str) -> list[letters.Block]:
    return letters.parse(text)


def docx(request: DisclosureRequest, kind: str) -> tuple[bytes, str]:
    """(Word file, file name) of an issued document."""
    number, text = request.document(kind)
    title = DocumentKind(kind).label
    content = letter_docx.build(letters.parse(text), title=f"{title} {number}", author=request.organisation.name)
    return content, f"{title}-{request.lookup_code}.docx"
