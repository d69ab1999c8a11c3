"""The page types of every site: home, column (栏目), special topic (专题), article (稿件), sub-site directory."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import RowNumber, Substr
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from sitegroup.blocks import ArticleBodyBlock
from sitegroup.lib import title_styles
from sitegroup.lib.slugs import slug_from_text, unique_slug
from sitegroup.media_panels import PreviewStatusPanel
from sitegroup.page_forms import PublishingRulesForm

PAGE_SIZE = 20


class ColumnType(models.TextChoices):
    NEWS = "news", "动态要闻"
    NOTICE = "notice", "通知公告"
    POLICY = "policy", "政策文件"
    INTERPRETATION = "interpretation", "政策解读"
    TOPIC = "topic", "专题专栏"
    SERVICE = "service", "办事服务"
    INTERACTION = "interaction", "互动交流"
    OTHER = "other", "其他"


# Expected update interval per column type, from the national inspection rules (STANDARDS.md):
# news columns stale after 2 weeks, notice and policy columns after 6 months.
UPDATE_INTERVAL_DAYS = {
    ColumnType.NEWS: 14,
    ColumnType.NOTICE: 180,
    ColumnType.POLICY: 180,
    ColumnType.INTERPRETATION: 180,
    ColumnType.TOPIC: None,
    ColumnType.SERVICE: 90,
    ColumnType.INTERACTION: 60,
    ColumnType.OTHER: None,
}


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        raise Http404("页码无效") from None
    except EmptyPage:
        raise Http404("页码超出范围") from None


SLUG_HELP_TEXT = (
    "页面网址的最后一段。留空时按标题自动生成汉语拼音（如“工作动态”生成 gong-zuo-dong-tai）；"
    "发布后请勿修改，以免已有链接失效。"
)


HTTP_ADDRESS_MESSAGE = "外链地址必须以 http:// 或 https:// 开头。"


class WebAddressField(models.URLField):
    """A web address (http/https only); an address typed without a scheme gets https://."""

    def formfield(self, **kwargs):
        defaults = {"assume_scheme": "https", "error_messages": {"invalid": HTTP_ADDRESS_MESSAGE}}
        return super().formfield(**{**defaults, **kwargs})


class SiteGroupPageForm(PublishingRulesForm):
    """The slug may be left empty: the page makes one from its title when it is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP_TEXT

    def is_valid(self):
        valid = super().is_valid()
        if valid and self.is_deferred_validation:
            self._leave_out_unfinished_rows()
        return valid

    def _leave_out_unfinished_rows(self):
        """Saving a draft (and Wagtail's autosave, which posts the form as the editor types) leaves out a
        row just added and not filled in yet — an attachment whose file is still being chosen — instead of
        refusing the whole save with a 400. Submitting and publishing still require the file."""
        for formset in self.formsets.values():
            for form in formset.extra_forms:
                data = getattr(form, "cleaned_data", None)
                if data is not None and any(data.get(name) in (None, "") for name in form.deferred_required_fields):
                    data["DELETE"] = True


class ArticlePageForm(SiteGroupPageForm):
    """The extra columns (引用) offered are those the editor may put articles in (services/listing.py);
    columns chosen earlier by someone else stay chosen. A column posted from outside them is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sort_weight" in self.fields:
            self.fields["sort_weight"].required = False  # left empty (or not on the form): 0
        field = self.fields.get("also_in_columns")
        if field is None:
            return
        from sitegroup.services.listing import column_labels, referable_columns

        self._chosen_before = list(self.instance.also_in_columns.all()) if self.instance.pk else []
        allowed = referable_columns(self.for_user, exclude=self.parent_page)
        choices = list(allowed) + [column for column in self._chosen_before if column not in allowed]
        labels = column_labels(choices)
        field.queryset = ColumnPage.objects.filter(pk__in=[column.pk for column in choices]).order_by("path")
        field.label_from_instance = lambda column: labels.get(column.pk, column.title)
        field.error_messages["invalid_choice"] = (
            "您没有在所选栏目发稿的权限，不能引用到该栏目；报送门户栏目请使用“信息报送”。"
        )

    def clean_sort_weight(self):
        return self.cleaned_data.get("sort_weight") or 0

    def clean_also_in_columns(self):
        from django.core.exceptions import PermissionDenied

        from sitegroup.services.listing import check_references

        columns = self.cleaned_data.get("also_in_columns")
        if columns:
            try:
                check_references(self.for_user, self.instance, columns, keep=self._chosen_before)
            except PermissionDenied as refused:
                raise ValidationError(str(refused)) from None
        return columns


class PageTitlePanel(TitleFieldPanel):
    """The page title, without Wagtail's copy of the title into the slug field as the editor types:
    that copy keeps the Chinese characters (a percent-encoded URL) or, for "2024年工作总结", only "2024".
    The page makes a pinyin slug itself when it is saved (SiteGroupPage.assign_slug)."""

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            return False


class SiteGroupPage(Page):
    """Base of our page types: lets the themes app choose the template for the site's theme, and
    gives every page a readable ASCII slug (pinyin of its title) unless the editor types one."""

    base_form_class = SiteGroupPageForm
    content_panels = [PageTitlePanel("title")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        self.assign_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self.assign_slug()
        super().minimal_clean()

    def assign_slug(self) -> None:
        """An empty slug becomes the pinyin of the title; a Chinese slug becomes its pinyin until the page is
        first published (then its URL is public and stays). Unique among the page's siblings."""
        if self.slug and (self.slug.isascii() or self.first_published_at):
            return
        parent = self.get_parent() if self.path else getattr(self, "_cached_parent_obj", None)
        if parent is None:
            return  # not yet in the tree: called again when the page is added under its parent
        siblings = parent.get_children()
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        base = slug_from_text(self.slug or self.title or "")
        self.slug = unique_slug(base, lambda candidate: siblings.filter(slug=candidate).exists())

    def route(self, request, path_components):
        """Wagtail's routing, with every page of the path found in one query instead of two per level
        (the child, then its specific object): only the page served, and a page whose own route takes
        over (a routable page's sub-URL, a custom route), is loaded as its specific type."""
        if not path_components:
            return super().route(request, path_components)
        candidates = [self.url_path + "/".join(path_components[:i]) + "/" for i in range(1, len(path_components) + 1)]
        found = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=candidates, path__startswith=self.path, depth__gt=self.depth)
        }
        parent = self
        for depth_index, url_path in enumerate(candidates):
            page = found.get(url_path)
            if page is None or page.depth != parent.depth + 1 or page.specific_class is None:
                raise Http404
            page._cached_parent_obj = parent
            remaining = path_components[depth_index + 1 :]
            cls = page.specific_class
            if not remaining or cls.route not in _PLAIN_ROUTES or _routable_takes(cls, page, remaining):
                specific = _specific_for_serving(page, cls)
                specific._cached_parent_obj = parent
                return specific.route(request, remaining)
            parent = page
        raise Http404

    def get_view_restrictions(self):
        """On a page routed for a public request, the restrictions the process already knows
        (sitegroup.services.routing); elsewhere (the admin's privacy dialog) Wagtail's query."""
        known = self.__dict__.get("_sg_view_restrictions")
        return known if known is not None else super().get_view_restrictions()

    def get_template(self, request, *args, **kwargs):
        default = super().get_template(request, *args, **kwargs)
        candidates = []
        for hook in hooks.get_hooks("sitegroup_page_templates"):
            candidates.extend(hook(self, request, default))
        return [*candidates, default]


_PLAIN_ROUTES = (Page.route, SiteGroupPage.route, RoutablePageMixin.route)


def _specific_for_serving(page, cls):
    """`page.specific`, with the relations its page always shows (`serve_select_related`) in the same query."""
    related = getattr(cls, "serve_select_related", ())
    if not related:
        return page.specific
    specific = cls._default_manager.select_related(*related).get(pk=page.pk)
    for name, value in page.__dict__.items():  # as Page.get_specific: what routing attached comes along
        specific.__dict__.setdefault(name, value)
    return specific


def _routable_takes(cls, page, remaining) -> bool:
    """Whether a routable page answers these path components itself (its routes come before its children)."""
    if cls.route is not RoutablePageMixin.route or not page.live:
        return False
    try:
        cls.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


class HomePage(SiteGroupPage):
    page_cache = True  # served from the page cache to anonymous visitors (docs/page-cache.md)
    intro = models.CharField("网站简介", max_length=300, blank=True)
    banner_text = models.CharField("横幅标语", max_length=100, blank=True)
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("intro"), FieldPanel("banner_text")]
    subpage_types = ["sitegroup.ColumnPage", "sitegroup.TopicPage", "sitegroup.SubsiteIndexPage"]
    parent_page_types = ["wagtailcore.Page"]

    @classmethod
    def clean_subpage_models(cls):
        """Columns and the directory, plus the page types other apps add through the
        `sitegroup_home_subpage_types` hook (e.g. the disclosure column): sitegroup imports none of them."""
        from django.apps import apps

        models = list(super().clean_subpage_models())
        for hook in hooks.get_hooks("sitegroup_home_subpage_types"):
            for name in hook():
                model = apps.get_model(name)
                if model not in models:
                    models.append(model)
        return models

    class Meta:
        verbose_name = "网站首页"
        verbose_name_plural = "网站首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_listings(self, request))
        context["site_groups"] = self._other_sites_for_portal(request)
        # Entrances other apps add to the home page (the service column's 政务服务 block): each hook
        # returns a dict with title, url, description and links [(label, url)], or None.
        context["home_entries"] = [
            entry for hook in hooks.get_hooks("sitegroup_home_entries") if (entry := hook(self, request))
        ]
        # Blocks other apps put on the home page (the live or next interview): dicts with a template.
        context["home_panels"] = [
            panel for hook in hooks.get_hooks("sitegroup_home_panels") if (panel := hook(self, request)) is not None
        ]
        return context

    def _other_sites_for_portal(self, request) -> list[tuple[str, list]]:
        """On the portal's home page: the departments' and townships' sites (部门与乡镇网站), by kind (kept
        until an organisation or a site changes: sitegroup.services.page_cache.memo)."""
        from sitegroup.services import page_cache

        return page_cache.memo(request, f"portal-site-groups:{self.pk}", self._build_other_sites_for_portal)

    def _build_other_sites_for_portal(self):
        from sitegroup.models.organisation import Organisation, OrganisationKind

        if not Organisation.objects.filter(site__root_page=self, kind=OrganisationKind.PORTAL).exists():
            return [], ["organisations"]
        groups = [(label, group) for label, group in organisation_groups() if group[0].kind != OrganisationKind.PORTAL]
        return groups, ["organisations"]


def organisation_groups() -> list[tuple[str, list]]:
    """Every organisation with a site, grouped by kind (门户, 部门, 乡镇…) in their sort order."""
    from sitegroup.models.organisation import Organisation, OrganisationKind

    groups = {kind: [] for kind, _label in OrganisationKind.choices}
    for organisation in Organisation.objects.with_site().order_by("sort_order", "id"):
        groups[organisation.kind].append(organisation)
    return [(label, groups[kind]) for kind, label in OrganisationKind.choices if groups[kind]]


def pinned_now(now=None):
    """1 for an article pinned (置顶) whose pin has not expired at `now`, else 0: evaluated in the query,
    so a pin drops back into date order at its expiry without any job running."""
    now = now or timezone.now()
    return models.Case(
        models.When(
            models.Q(is_pinned=True) & (models.Q(pinned_until__isnull=True) | models.Q(pinned_until__gt=now)),
            then=models.Value(1),
        ),
        default=models.Value(0),
        output_field=models.IntegerField(),
    )


LISTING_ORDER = ("-pinned_now", "-sort_weight", "-publish_time", "-pk")


def listing_key(article) -> tuple:
    """The listing order in Python (for merging two ordered lists): the same as LISTING_ORDER."""
    return (-article.pinned_now, -article.sort_weight, -article.publish_time.timestamp(), -article.pk)


class ArticlePageQuerySet(PageQuerySet):
    def in_listing_order(self, now=None):
        """置顶 (unexpired) first, then by ordering weight (排序权重, higher first), then newest first."""
        return self.annotate(pinned_now=pinned_now(now)).order_by(*LISTING_ORDER)

    def for_listing(self):
        """What a listing line needs (title, emphasis, date, target of a link-out article), no body."""
        return self.defer_streamfields().select_related("link_page")

    def listed_under(self, column):
        """Articles in the column or its sub-columns, and those referenced (引用) into any of them."""
        through = ArticlePage.also_in_columns.through
        referenced = through.objects.filter(columnpage__path__startswith=column.path).values("articlepage_id")
        own = models.Q(path__startswith=column.path, depth__gt=column.depth)
        return self.filter(own | models.Q(pk__in=referenced))


def home_column_blocks(columns, per_column: int, now=None):
    """The home page's column blocks: per column its first `per_column` articles in listing order, its own
    and those referenced into it, in two queries whatever the number of columns (a window per column)."""
    if not columns:
        return []
    key_length = len(columns[0].path)
    paths = [column.path for column in columns]
    order = [models.F("pinned_now").desc(), models.F("sort_weight").desc(), models.F("publish_time").desc()]
    order.append(models.F("pk").desc())
    now = now or timezone.now()

    def top(queryset, key_expression):
        return list(
            queryset.for_listing()
            .annotate(pinned_now=pinned_now(now), column_key=key_expression)
            .filter(column_key__in=paths)
            .annotate(rank=models.Window(RowNumber(), partition_by=[models.F("column_key")], order_by=order))
            .filter(rank__lte=per_column)
        )

    own = top(ArticlePage.objects.live().filter(depth__gt=columns[0].depth), Substr("path", 1, key_length))
    referenced = top(ArticlePage.objects.live(), Substr("also_in_columns__path", 1, key_length))
    by_column: dict[str, dict[int, ArticlePage]] = {path: {} for path in paths}
    for article in [*own, *referenced]:
        by_column[article.column_key].setdefault(article.pk, article)
    return [
        {"column": column, "articles": sorted(by_column[column.path].values(), key=listing_key)[:per_column]}
        for column in columns
    ]


def home_listings(home, request) -> dict:
    """What the home page lists (its columns with their articles, 图片新闻, the latest articles, 专题), built
    once per process and kept until a page under the home page, or a page shown from elsewhere, changes
    (their `page:<id>` tags: sitegroup.services.page_cache.memo), or until the first pin among them expires
    (置顶 drops back into date order then, with no publication: the kept lists and the cached home page end
    at that moment)."""
    from sitegroup.services import page_cache

    if getattr(request, "is_preview", False) or home.pk is None:
        listings, _tags = _build_home_listings(home)
    else:
        listings = page_cache.memo(
            request,
            f"home-listings:{home.pk}",
            lambda: _build_home_listings(home),
            expires_of=lambda listings: listings["pins_end"],
        )
        page_cache.expires_at(request, listings["pins_end"])
    return {name: value for name, value in listings.items() if name != "pins_end"}


def _build_home_listings(home):
    now = timezone.now()
    # The images' renditions come with them: the kept copy renders its pictures with no cache lookup.
    articles = (
        ArticlePage.objects.live()
        .descendant_of(home)
        .for_listing()
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
    )
    columns = list(ColumnPage.objects.child_of(home).live().in_menu().order_by("path"))
    listings = {
        "column_blocks": home_column_blocks(columns, per_column=8, now=now),
        "headlines": list(
            articles.filter(cover_image__isnull=False, link_url="", link_page__isnull=True).in_listing_order(now)[:4]
        ),
        "latest_articles": list(articles.in_listing_order(now)[:10]),
        "topics": list(TopicPage.objects.for_home_block(home).prefetch_related("banner_image__renditions")),
    }
    shown = [*listings["headlines"], *listings["latest_articles"]]
    shown += [article for block in listings["column_blocks"] for article in block["articles"]]
    listings["kept_fragments"] = {}  # their rendered blocks ({% kept %}), kept as long as they are
    listings["pins_end"] = min((a.pinned_until for a in shown if a.pinned_now and a.pinned_until), default=None)
    return listings, [f"page:{home.pk}", *_tags_from_elsewhere(home, shown)]


def _tags_from_elsewhere(home, articles) -> list[str]:
    """The pages a home page shows from outside its own tree (articles of other sites referenced into its
    columns, link-out targets): their publication, move or withdrawal does not purge the home page."""
    pages = [*articles, *(article.link_page for article in articles if article.link_page_id and article.link_page)]
    return sorted({f"page:{page.pk}" for page in pages if not page.path.startswith(home.path)})


def _cache_until_first_pin_ends(request, articles) -> None:
    """A cached listing must not outlive the first 置顶 among it: that article drops into date order then."""
    from sitegroup.services import page_cache

    ends = [a.pinned_until for a in articles if getattr(a, "pinned_now", 0) and getattr(a, "pinned_until", None)]
    if ends:
        page_cache.expires_at(request, min(ends))


class ColumnPage(RoutablePageMixin, SiteGroupPage):
    page_cache = True
    column_type = models.CharField("栏目类型", max_length=20, choices=ColumnType.choices, default=ColumnType.NEWS)
    description = models.CharField("栏目描述", max_length=300, blank=True)
    keywords = models.CharField("栏目关键词", max_length=200, blank=True)
    accepts_submissions = models.BooleanField(
        "接受信息报送", default=False, help_text="门户栏目：各部门可将已发布的稿件报送到本栏目，经门户编辑采用后展示。"
    )

    content_panels = [
        *SiteGroupPage.content_panels,
        FieldRowPanel([FieldPanel("column_type"), FieldPanel("keywords")]),
        FieldPanel("description"),
        FieldPanel("accepts_submissions"),
    ]
    subpage_types = ["sitegroup.ArticlePage", "sitegroup.ColumnPage"]
    parent_page_types = ["sitegroup.HomePage", "sitegroup.ColumnPage", "sitegroup.TopicPage"]

    @classmethod
    def clean_subpage_models(cls):
        """Articles and sub-columns, plus what other apps add through `sitegroup_column_subpage_types`
        (surveys, consultations, e-forms under an interaction column)."""
        from django.apps import apps

        models = list(super().clean_subpage_models())
        for hook in hooks.get_hooks("sitegroup_column_subpage_types"):
            for name in hook():
                model = apps.get_model(name)
                if model not in models:
                    models.append(model)
        return models

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    @property
    def update_interval(self) -> timedelta | None:
        days = UPDATE_INTERVAL_DAYS.get(self.column_type)
        return timedelta(days=days) if days else None

    def articles(self):
        """What the column lists, in listing order (置顶, weight, time): its live articles and those of its
        sub-columns, and the live articles referenced into it or its sub-columns (引用) from other columns."""
        return ArticlePage.objects.live().listed_under(self).for_listing().in_listing_order()

    @path("")
    def listing(self, request):
        if self.accepts_submissions:
            page_obj = self._listing_with_submissions(request)
        else:
            page_obj = paginate(request, self.articles().select_related("cover_image"))
        _cache_until_first_pin_ends(request, page_obj.object_list)
        return self.render(
            request,
            context_overrides={"page_obj": page_obj, "subcolumns": ColumnPage.objects.child_of(self).live()},
        )

    def _listing_with_submissions(self, request):
        """The column's own articles and the accepted submissions (信息报送), newest first, one page of each."""
        from sitegroup.models.submissions import Submission, SubmissionState

        now = timezone.now()
        own = (
            ArticlePage.objects.live()
            .listed_under(self)
            .annotate(pinned_now=pinned_now(now), kind=models.Value("a"))
            .order_by()
            .values_list("pk", "pinned_now", "sort_weight", "publish_time", "kind")
        )
        submitted = (
            Submission.objects.filter(column=self, state=SubmissionState.ACCEPTED)
            .order_by()
            .annotate(
                pinned_now=models.Value(0, output_field=models.IntegerField()),
                sort_weight=models.Value(0, output_field=models.IntegerField()),
                kind=models.Value("s"),
            )
            .values_list("pk", "pinned_now", "sort_weight", "publish_time", "kind")
        )
        merged = own.union(submitted, all=True).order_by("-pinned_now", "-sort_weight", "-publish_time", "-pk")
        page_obj = paginate(request, merged)
        rows = list(page_obj.object_list)
        articles = ArticlePage.objects.for_listing().in_bulk([pk for pk, *_, kind in rows if kind == "a"])
        submissions = Submission.objects.select_related("organisation").in_bulk(
            [pk for pk, *_, kind in rows if kind == "s"]
        )
        from sitegroup.services.page_cache import depends_on_pages

        depends_on_pages(request, [submission.article_id for submission in submissions.values()])
        base_url = self.get_url(request)
        items = []
        for pk, *_, kind in rows:
            if kind == "a" and pk in articles:
                items.append(articles[pk])
            elif kind == "s" and pk in submissions:
                submission = submissions[pk]
                submission.listing_url = f"{base_url}submissions/{pk}/"
                items.append(submission)
        page_obj.object_list = items
        return page_obj

    @path("submissions/<int:submission_id>/")
    def submission(self, request, submission_id):
        """An accepted submission, rendered from the original's live version, with its source and link."""
        from django.template.response import TemplateResponse

        from sitegroup.models.submissions import Submission, SubmissionState

        submission = (
            Submission.objects.filter(pk=submission_id, column=self, state=SubmissionState.ACCEPTED)
            .select_related("organisation")
            .first()
        )
        original = ArticlePage.objects.live().public().filter(pk=submission.article_id).first() if submission else None
        if original is None:
            raise Http404("该报送信息不存在或已撤下")
        from sitegroup.services.page_cache import depends_on_pages

        depends_on_pages(request, [original.pk])
        context = self.get_context(request)
        context.update(
            {
                "submission": submission,
                "original": original,
                "original_url": original.get_full_url(request),
                "page_title": original.title,
            }
        )
        return TemplateResponse(request, "sitegroup/submitted_article.html", context)

    @path("rss/")
    def rss(self, request):
        return ColumnFeed(self)(request)


class ColumnFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, column: ColumnPage):
        super().__init__()
        self.column = column

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.column.title

    def link(self):
        return self.column.get_full_url(self.request)

    def description(self):
        return self.column.description or self.column.title

    def items(self):
        return self.column.articles().defer_streamfields()[:PAGE_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.href_for(self.request, full=True)

    def item_pubdate(self, item):
        return item.publish_time

    def item_author_name(self, item):
        return item.author or item.source


TOPICS_ON_HOME = 6


class TopicPageQuerySet(PageQuerySet):
    def for_home_block(self, home: Page):
        """The site's live topics for the home page's 专题专栏 block: by the editors' order, newest first."""
        return (
            self.child_of(home)
            .live()
            .select_related("banner_image")
            .order_by("sort_order", "-first_published_at", "-pk")[:TOPICS_ON_HOME]
        )


class TopicPage(SiteGroupPage):
    """A 专题: a banner, an introduction and sub-columns (ordinary columns under it) that hold its articles."""

    banner_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="专题横幅图片",
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="显示在专题页顶部和首页“专题专栏”中，建议宽高比 16:9。",
    )
    banner_alt = models.CharField(
        "横幅图片替代文字",
        max_length=120,
        help_text="为使用读屏软件的群众描述图片内容，如“乡村振兴示范村航拍图”。",
    )
    intro = models.TextField("专题介绍", max_length=1000, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        "首页排序", default=100, help_text="数字小的专题在首页“专题专栏”中排在前面；相同时较新的在前。"
    )

    objects = PageManager.from_queryset(TopicPageQuerySet)()

    content_panels = [
        *SiteGroupPage.content_panels,
        MultiFieldPanel([FieldPanel("banner_image"), FieldPanel("banner_alt")], heading="专题横幅"),
        FieldPanel("intro"),
        FieldPanel("sort_order"),
    ]
    parent_page_types = ["sitegroup.HomePage"]
    subpage_types = ["sitegroup.ColumnPage"]

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        subcolumns = list(ColumnPage.objects.child_of(self).live().order_by("path"))
        context["subcolumn_blocks"] = [
            {"column": column, "articles": list(column.articles()[:6])} for column in subcolumns
        ]
        return context


class ArticlePage(SiteGroupPage):
    page_cache = True
    serve_select_related = ("cover_image",)  # its page's meta names the cover (SiteGroupPage.route)
    # Listings show an accepted submission at its own URL (ColumnPage._listing_with_submissions); an
    # article has none. A class attribute, so the template's lookup does not fail (and call dir()) per row.
    listing_url = ""
    records_digest = True  # 防篡改: the health monitor compares what is served with publication time
    subtitle = models.CharField("副标题", max_length=200, blank=True)
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=50, blank=True)
    publish_time = models.DateTimeField("发布时间", default=timezone.now, db_index=True)
    summary = models.TextField("摘要", max_length=500, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="封面图", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(ArticleBodyBlock(), verbose_name="正文", blank=True)

    # 置顶与排序 (listing order: see ArticlePageQuerySet.in_listing_order and docs/editor-listing.md)
    is_pinned = models.BooleanField(
        "置顶", default=False, help_text="置顶的稿件排在栏目列表、首页栏目区块和订阅的最前面。"
    )
    pinned_until = models.DateTimeField(
        "置顶截止时间",
        null=True,
        blank=True,
        help_text="到期后自动取消置顶、按发布时间排列，无需再操作；留空表示一直置顶。",
    )
    sort_weight = models.IntegerField(
        "排序权重",
        default=0,
        help_text="数字越大越靠前：置顶稿件之间、以及其余稿件之间先按权重、再按发布时间排列。一般保持 0。",
    )
    # 标题颜色与加粗 (a fixed palette, readable on every theme: sitegroup/lib/title_styles.py)
    title_colour = models.CharField(
        "标题颜色",
        max_length=10,
        blank=True,
        default="",
        choices=title_styles.CHOICES,
        help_text="列表中标题的颜色，用于突出重要稿件；各颜色在所有网站模板上都清晰可读。",
    )
    title_bold = models.BooleanField("标题加粗", default=False, help_text="列表中标题加粗显示。")
    # 外链稿件: the listing links straight to the target; the article's own address redirects there
    link_url = WebAddressField(
        "外链地址",
        blank=True,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"], message=HTTP_ADDRESS_MESSAGE)],
        help_text="填写后本稿件为外链稿件：列表中直接链接到该网址（如中国政府网的文章），无需填写正文。",
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="链接到站群内页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="或选择本站或站群其他网站的一个页面，列表中直接链接到该页面。外链地址与站群内页面只能填写其一。",
    )
    # 引用: listed in other columns too, as a reference to this article (one URL, kept in sync)
    also_in_columns = ParentalManyToManyField(
        "sitegroup.ColumnPage",
        verbose_name="同时发布到栏目",
        blank=True,
        related_name="referenced_articles",
        help_text="稿件还会出现在所选栏目的列表、首页区块和订阅中，链接指向本稿件（引用，不是复制：原稿修改或撤下时各栏目同步）。"
        "只能选择您有权发稿的栏目；报送门户栏目请使用“信息报送”。",
    )

    content_panels = [
        *SiteGroupPage.content_panels,
        FieldPanel("subtitle"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("source"), FieldPanel("author")]), FieldPanel("publish_time")],
            heading="来源与时间",
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("attachments", label="附件"),
    ]
    listing_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("is_pinned"), FieldPanel("pinned_until"), FieldPanel("sort_weight")]),
                FieldRowPanel([FieldPanel("title_colour"), FieldPanel("title_bold")]),
            ],
            heading="置顶与标题样式",
            help_text="设置稿件在栏目列表中的位置和标题的突出显示。",
        ),
        MultiFieldPanel(
            [FieldPanel("link_url"), FieldPanel("link_page")],
            heading="外链稿件",
            help_text="外链稿件只有标题、发布时间和链接，列表中直接打开所链接的网页；普通稿件请留空。",
            classname="collapsed",
        ),
        FieldPanel("also_in_columns", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publish_time"),
    ]
    parent_page_types = ["sitegroup.ColumnPage"]
    subpage_types: list[str] = []

    objects = PageManager.from_queryset(ArticlePageQuerySet)()
    base_form_class = ArticlePageForm
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=gettext_lazy("Content")),
            ObjectList(listing_panels, heading="置顶与外链"),
            ObjectList(Page.promote_panels, heading=gettext_lazy("Promote")),
            ObjectList(Page.settings_panels, heading=gettext_lazy("Settings")),
        ],
        base_form_class=ArticlePageForm,
    )

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"

    # -- listing -------------------------------------------------------------------------------------

    @property
    def is_link_out(self) -> bool:
        return bool(self.link_url or self.link_page_id)

    @property
    def is_external_link(self) -> bool:
        """A link-out to an address outside the site group (marked as leaving the site in listings); an
        address pasted from another site of the group is not (the page chooser offers only the editor's
        own sites, per organisation isolation, so such links are often pasted)."""
        if not self.link_url:
            return False
        from urllib.parse import urlsplit

        from wagtail.models import Site

        host = urlsplit(self.link_url).hostname or ""
        return host not in {urlsplit(root.root_url).hostname for root in Site.get_site_root_paths()}

    def is_pinned_at(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.is_pinned and (self.pinned_until is None or self.pinned_until > moment)

    @property
    def title_classes(self) -> str:
        return title_styles.title_classes(self.title_colour, self.title_bold)

    def href_for(self, request=None, *, full: bool = False) -> str:
        """Where a listing line leads: the link-out target, or the article's own (canonical) address —
        also in the columns it is referenced into."""
        if self.link_url:
            return self.link_url
        target = self.link_page if self.link_page_id else self
        if full or target is not self:
            return target.get_full_url(request) if full else target.get_url(request)
        return self.get_url(request)

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        return f"【置顶】{title}" if self.is_pinned_at() else title

    def get_sitemap_urls(self, request=None):
        return [] if self.is_link_out else super().get_sitemap_urls(request)

    def clean(self):
        super().clean()
        errors = {}
        if self.link_url and self.link_page_id:
            errors["link_page"] = "外链地址与站群内页面只能填写其一，请删除其中一个。"
        if self.link_page_id and self.pk and self.link_page_id == self.pk:
            errors["link_page"] = "外链稿件不能链接到自己。"
        if self.pinned_until and not self.is_pinned:
            errors["pinned_until"] = "只有置顶的稿件才需要填写置顶截止时间；请勾选“置顶”或清空截止时间。"
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        """A link-out article has no page of its own: its address redirects to the target."""
        if self.is_link_out:
            if self.link_page_id and not (self.link_page and self.link_page.live):
                raise Http404("该外链稿件链接的页面已下线")
            return HttpResponseRedirect(self.href_for(request, full=True))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from sitegroup.services.pageviews import total_views

        context["attachment_list"] = list(self.attachments.select_related("document", "document__sg_preview"))
        context["view_count"] = total_views(self)
        return context

    def body_text(self) -> str:
        """Everything below the title as plain text: subtitle, summary, body blocks, attachment names."""
        from html import unescape

        from django.utils.html import strip_tags

        parts = [self.subtitle, self.summary, self.source, self.author]
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(unescape(strip_tags(block.value.source)))
            elif block.block_type == "image":
                parts.extend([block.value["alt_text"], block.value.get("caption", "")])
            elif block.block_type == "table":
                for row in (block.value or {}).get("data") or []:
                    parts.extend(str(cell) for cell in row if cell)
            elif block.block_type in ("document", "video"):
                parts.append(block.value.get("title") or "")
        parts.extend(attachment.title for attachment in self.attachments.all())
        return "\n".join(part for part in parts if part)


class ArticleAttachment(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("显示名称", max_length=200, blank=True)
    # The file may still be missing while a draft is saved (SiteGroupPageForm leaves the row out then).
    panels = [
        FieldPanel("document", required_on_save=False),
        FieldPanel("title"),
        PreviewStatusPanel(heading="在线预览"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def display_title(self):
        return self.title or self.document.title

    @property
    def previewable(self) -> bool:
        """Whether the public page offers 在线预览: a PDF, or a Word/Excel file whose PDF copy is ready."""
        from sitegroup.services.previews import state_for

        return state_for(self.document) in ("pdf", "ready")

    @property
    def preview_state(self) -> str:
        from sitegroup.services.previews import state_for

        return state_for(self.document)


class SubsiteIndexPage(SiteGroupPage):
    """The portal page listing every sub-site of the group (站群导航)."""

    page_cache = True

    intro = RichTextField("说明", blank=True, features=["bold", "link"])
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["sitegroup.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "站群导航"
        verbose_name_plural = "站群导航"

    def get_context(self, request, *args, **kwargs):
        from sitegroup.services.page_cache import depends_on

        depends_on(request, "organisations")
        context = super().get_context(request, *args, **kwargs)
        context["organisation_groups"] = organisation_groups()
        return context
