"""The page types of every site: home, column (栏目), special topic (专题), article (稿件), sub-site directory."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from sitegroup.blocks import ArticleBodyBlock
from sitegroup.lib.slugs import slug_from_text, unique_slug
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

    def get_template(self, request, *args, **kwargs):
        default = super().get_template(request, *args, **kwargs)
        candidates = []
        for hook in hooks.get_hooks("sitegroup_page_templates"):
            candidates.extend(hook(self, request, default))
        return [*candidates, default]


class HomePage(SiteGroupPage):
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
        columns = list(ColumnPage.objects.child_of(self).live().in_menu().order_by("path"))
        latest = (
            ArticlePage.objects.live().descendant_of(self).select_related("cover_image").order_by("-publish_time")[:40]
        )
        by_column: dict[str, list] = {}
        for article in latest:
            by_column.setdefault(article.path[: len(self.path) + self.steplen], []).append(article)
        context["column_blocks"] = [
            {"column": column, "articles": by_column.get(column.path, [])[:8]} for column in columns
        ]
        context["headlines"] = [article for article in latest if article.cover_image_id][:4]
        context["latest_articles"] = list(latest[:10])
        context["topics"] = list(TopicPage.objects.for_home_block(self))
        context["site_groups"] = self._other_sites_for_portal()
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

    def _other_sites_for_portal(self) -> list[tuple[str, list]]:
        """On the portal's home page: the departments' and townships' sites (部门与乡镇网站), by kind."""
        from sitegroup.models.organisation import Organisation, OrganisationKind

        if not Organisation.objects.filter(site__root_page=self, kind=OrganisationKind.PORTAL).exists():
            return []
        return [(label, group) for label, group in organisation_groups() if group[0].kind != OrganisationKind.PORTAL]


def organisation_groups() -> list[tuple[str, list]]:
    """Every organisation with a site, grouped by kind (门户, 部门, 乡镇…) in their sort order."""
    from sitegroup.models.organisation import Organisation, OrganisationKind

    groups = {kind: [] for kind, _label in OrganisationKind.choices}
    for organisation in Organisation.objects.with_site().order_by("sort_order", "id"):
        groups[organisation.kind].append(organisation)
    return [(label, groups[kind]) for kind, label in OrganisationKind.choices if groups[kind]]


class ColumnPage(RoutablePageMixin, SiteGroupPage):
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
        return ArticlePage.objects.live().descendant_of(self).defer_streamfields().order_by("-publish_time", "-pk")

    @path("")
    def listing(self, request):
        if self.accepts_submissions:
            page_obj = self._listing_with_submissions(request)
        else:
            page_obj = paginate(request, self.articles().select_related("cover_image"))
        return self.render(
            request,
            context_overrides={"page_obj": page_obj, "subcolumns": ColumnPage.objects.child_of(self).live()},
        )

    def _listing_with_submissions(self, request):
        """The column's own articles and the accepted submissions (信息报送), newest first, one page of each."""
        from sitegroup.models.submissions import Submission, SubmissionState

        own = self.articles().order_by().annotate(kind=models.Value("a")).values_list("pk", "publish_time", "kind")
        submitted = (
            Submission.objects.filter(column=self, state=SubmissionState.ACCEPTED)
            .order_by()
            .annotate(kind=models.Value("s"))
            .values_list("pk", "publish_time", "kind")
        )
        page_obj = paginate(request, own.union(submitted, all=True).order_by("-publish_time", "-pk"))
        rows = list(page_obj.object_list)
        articles = ArticlePage.objects.in_bulk([pk for pk, _, kind in rows if kind == "a"])
        submissions = Submission.objects.select_related("organisation").in_bulk(
            [pk for pk, _, kind in rows if kind == "s"]
        )
        base_url = self.get_url(request)
        items = []
        for pk, _, kind in rows:
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
        original = ArticlePage.objects.live().filter(pk=submission.article_id).first() if submission else None
        if original is None:
            raise Http404("该报送信息不存在或已撤下")
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
        return self.column.articles()[:PAGE_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

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
    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publish_time"),
    ]
    parent_page_types = ["sitegroup.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachment_list"] = list(self.attachments.select_related("document"))
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
    panels = [FieldPanel("document", required_on_save=False), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def display_title(self):
        return self.title or self.document.title


class SubsiteIndexPage(SiteGroupPage):
    """The portal page listing every sub-site of the group (站群导航)."""

    intro = RichTextField("说明", blank=True, features=["bold", "link"])
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["sitegroup.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "站群导航"
        verbose_name_plural = "站群导航"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisation_groups"] = organisation_groups()
        return context
