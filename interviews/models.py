"""在线访谈: the interview column under each site home, interview pages, per-interview roles, the
live room's posts (numbered, stored before they are broadcast) and the viewers' questions.

The live state (预告 / 直播中 / 已结束), the sequence counter and the statistics sit on
`InterviewRoom`, a plain row beside the page: they change during the broadcast through services and
must not be part of the page's revisions (publishing an older revision would otherwise undo them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable

from sitegroup.models import Case, CaseEvent, SiteGroupPage


class InterviewState(models.TextChoices):
    ANNOUNCED = "announced", "预告"
    LIVE = "live", "直播中"
    FINISHED = "finished", "已结束"


class InterviewMode(models.TextChoices):
    TEXT = "text", "图文直播"
    VIDEO = "video", "视频+图文直播"
    AUDIO = "audio", "音频+文字直播"


class InterviewColumnPage(RoutablePageMixin, SiteGroupPage):
    """在线访谈栏目 at /fangtan/: 直播, 预告 and 往期实录 of the site's interviews."""

    intro = models.TextField("栏目说明", blank=True)
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["sitegroup.HomePage"]
    subpage_types = ["interviews.InterviewPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "在线访谈栏目"
        verbose_name_plural = "在线访谈栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        interviews = list(
            InterviewPage.objects.child_of(self).live().select_related("room", "cover_image").order_by("-starts_at")
        )
        by_state = {state: [] for state in InterviewState.values}
        for interview in interviews:
            by_state[interview.state].append(interview)
        context["live_interviews"] = by_state[InterviewState.LIVE]
        context["announced_interviews"] = sorted(by_state[InterviewState.ANNOUNCED], key=lambda i: i.starts_at)
        context["finished_interviews"] = by_state[InterviewState.FINISHED]
        return context


class InterviewPage(RoutablePageMixin, SiteGroupPage):
    """One interview. Its URL shows the 预告 page, the live room or the transcript (实录) by state."""

    summary = models.TextField("访谈简介")
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    host_name = models.CharField("主持人", max_length=60)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("访谈地点", max_length=120, blank=True)
    mode = models.CharField("直播形式", max_length=10, choices=InterviewMode.choices, default=InterviewMode.TEXT)
    stream_url = models.URLField(
        "直播流地址（HLS）", blank=True, help_text="视频或音频直播的 .m3u8 地址；图文直播留空。"
    )
    recording = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="访谈录像或录音",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *SiteGroupPage.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("host_name")]),
                FieldRowPanel([FieldPanel("mode"), FieldPanel("stream_url")]),
                FieldPanel("recording"),
            ],
            heading="访谈安排",
        ),
        InlinePanel("guests", label="嘉宾", min_num=1),
        InlinePanel("related_documents", label="相关文件"),
    ]
    parent_page_types = ["interviews.InterviewColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        InterviewRoom.objects.get_or_create(interview=self)
        return result

    @property
    def state(self) -> str:
        try:
            return self.room.state
        except InterviewRoom.DoesNotExist:
            return InterviewState.ANNOUNCED

    def get_state_display(self) -> str:
        return InterviewState(self.state).label

    @property
    def has_stream(self) -> bool:
        return self.mode != InterviewMode.TEXT and bool(self.stream_url)

    def get_template(self, request, *args, **kwargs):
        names = {
            InterviewState.ANNOUNCED: "interviews/interview_announced.html",
            InterviewState.LIVE: "interviews/interview_room.html",
            InterviewState.FINISHED: "interviews/interview_transcript.html",
        }
        return names[self.state]

    @path("")
    def index(self, request):
        from interviews.views import public

        return public.interview(request, self)

    @path("ask/")
    def ask(self, request):
        from interviews.views import public

        return public.ask(request, self)

    @path("feed/")
    def feed(self, request):
        from interviews.views import public

        return public.feed(request, self)

    @path("events/")
    def events(self, request):
        from interviews.views import sse

        return sse.events(request, self)


class InterviewGuest(Orderable):
    interview = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=80)
    organisation = models.ForeignKey(
        "sitegroup.Organisation",
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="访谈后未答复的问题转给该单位办理。",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("title")]), FieldPanel("organisation"), FieldPanel("photo")]

    class Meta(Orderable.Meta):
        verbose_name = "嘉宾"
        verbose_name_plural = "嘉宾"

    def __str__(self):
        return f"{self.title} {self.name}"


class InterviewDocument(Orderable):
    interview = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="related_documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "相关文件"
        verbose_name_plural = "相关文件"


class InterviewRoom(models.Model):
    """The live state of one interview and its counters (one row per interview page)."""

    interview = models.OneToOneField(InterviewPage, on_delete=models.CASCADE, related_name="room")
    state = models.CharField(
        "状态", max_length=10, choices=InterviewState.choices, default=InterviewState.ANNOUNCED, db_index=True
    )
    last_sequence = models.PositiveIntegerField("最后一条序号", default=0)
    started_at = models.DateTimeField("实际开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("实际结束时间", null=True, blank=True)
    peak_viewers = models.PositiveIntegerField("最高同时在线人数", default=0)

    class Meta:
        verbose_name = "访谈直播间"
        verbose_name_plural = "访谈直播间"

    def __str__(self):
        return f"{self.interview_id} {self.get_state_display()}"


class InterviewRoleKind(models.TextChoices):
    HOST = "host", "主持人"
    GUEST = "guest", "嘉宾"
    DIRECTOR = "director", "导播"
    REVIEWER = "reviewer", "审核员"


class InterviewRole(models.Model):
    """A person's part in one interview. A guest account is tied to the guest it speaks as."""

    interview = models.ForeignKey(InterviewPage, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="+")
    role = models.CharField("角色", max_length=10, choices=InterviewRoleKind.choices)
    guest = models.ForeignKey(
        InterviewGuest, verbose_name="嘉宾", null=True, blank=True, on_delete=models.CASCADE, related_name="accounts"
    )

    class Meta:
        verbose_name = "访谈角色"
        verbose_name_plural = "访谈角色"
        constraints = [models.UniqueConstraint(fields=["interview", "user", "role"], name="interviews_role_unique")]

    def __str__(self):
        return f"{self.get_role_display()} {self.user}"


class QuestionState(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    PICKED = "picked", "已交嘉宾"
    ANSWERED = "answered", "已答复"


class QuestionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(state__in=(QuestionState.APPROVED, QuestionState.PICKED, QuestionState.ANSWERED))


class Question(models.Model):
    """A viewer's question: stored at once, seen by viewers only after the director approves it."""

    interview = models.ForeignKey(InterviewPage, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField("问题")
    edited_text = models.TextField("导播修改后的问题", blank=True)
    nickname = models.CharField("昵称", max_length=20, blank=True)
    state = models.CharField("状态", max_length=10, choices=QuestionState.choices, default=QuestionState.PENDING)
    needs_review = models.BooleanField("含待审词语", default=False)
    is_pre_submitted = models.BooleanField("访谈前提交", default=False)
    guest = models.ForeignKey(
        InterviewGuest, verbose_name="交给嘉宾", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_hash = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "网友提问"
        verbose_name_plural = "网友提问"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["interview", "state"], name="interviews_question_state")]

    def __str__(self):
        return self.public_text[:30]

    @property
    def public_text(self) -> str:
        return self.edited_text or self.text

    @property
    def display_name(self) -> str:
        return self.nickname or "网友"


class PostKind(models.TextChoices):
    HOST = "host", "主持人"
    GUEST = "guest", "嘉宾答复"
    QUESTION = "question", "网友提问"
    STATE = "state", "状态变化"
    SYSTEM = "system", "系统消息"


class PostQuerySet(models.QuerySet):
    def since(self, sequence: int):
        return self.filter(sequence__gt=sequence).order_by("sequence")


class Post(models.Model):
    """One item of the live feed, numbered per interview and stored before it is broadcast.

    `payload` is the JSON text every viewer receives, rendered once when the post is made."""

    interview = models.ForeignKey(InterviewPage, on_delete=models.CASCADE, related_name="posts")
    sequence = models.PositiveIntegerField("序号")
    kind = models.CharField("类型", max_length=10, choices=PostKind.choices)
    speaker = models.CharField("发言人", max_length=120, blank=True)
    text = models.TextField("内容", blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="图片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("发布时间", default=timezone.now)
    payload = models.TextField(editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "直播内容"
        verbose_name_plural = "直播内容"
        ordering = ["sequence"]
        constraints = [models.UniqueConstraint(fields=["interview", "sequence"], name="interviews_post_sequence")]

    def __str__(self):
        return f"{self.sequence} {self.get_kind_display()}"


class Participant(models.Model):
    """One viewer that joined (a hashed browser token: nothing about the person); counts 参与人数."""

    interview = models.ForeignKey(InterviewPage, on_delete=models.CASCADE, related_name="participants")
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "key"], name="interviews_participant_unique")]

    def __str__(self):
        return self.key


# -- after the interview: unanswered questions as cases on the case core ------------------------------


class QuestionCaseState(models.TextChoices):
    HANDLING = "handling", "待答复"
    ANSWERED = "answered", "已答复"


class QuestionCase(Case):
    """A question the guests did not answer during the interview: the guest's organisation answers it
    within 5 working days, and the answer is published under the transcript."""

    question = models.OneToOneField(Question, verbose_name="网友提问", on_delete=models.CASCADE, related_name="case")
    interview = models.ForeignKey(InterviewPage, verbose_name="访谈", on_delete=models.CASCADE, related_name="cases")
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "访谈遗留问题"
        verbose_name_plural = "访谈遗留问题"
        ordering = ["received_on", "pk"]

    def __str__(self):
        return self.question.public_text[:30]


class QuestionCaseEvent(CaseEvent):
    case = models.ForeignKey(QuestionCase, on_delete=models.CASCADE, related_name="events")

    class Meta(CaseEvent.Meta):
        verbose_name = "访谈遗留问题办理记录"
        verbose_name_plural = "访谈遗留问题办理记录"
