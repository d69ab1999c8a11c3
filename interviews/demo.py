"""Demo interviews on the portal: one finished (a full transcript on the seed texts' subject — relying
on the e-government platform for open government and online services), one live, one announced.
Made by the demo accounts through the services, so the history, counts and feed are real."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from interviews.models import InterviewGuest, InterviewPage, InterviewRoleKind
from interviews.provisioning import ensure_interview_column
from interviews.services import live
from sitegroup.models import Organisation, OrganisationKind

R = InterviewRoleKind

FINISHED = {
    "title": "依托电子政务平台推进政务公开和政务服务",
    "summary": "区政府办公室负责人介绍政务公开和政务服务省级试点工作：公开目录怎么查、办事指南在哪看、"
    "网上申请和电子监察如何让办事更快更透明。",
    "guests": (("陈志远", "区政府办公室主任"), ("周敏", "区政务服务管理办公室副主任")),
    "posts": (
        "各位网友，大家好！欢迎收看本期在线访谈。今天我们请到了区政府办公室和区政务服务管理办公室的负责人，"
        "和大家聊一聊依托电子政务平台推进政务公开和政务服务的试点工作。",
        "试点工作按照“以人为本、方便群众，有限目标、突出重点”的原则，以服务对象为中心、以服务事项为主线。",
    ),
    "questions": (
        (
            "高桥镇居民",
            "政府信息公开目录在网站哪里能查到？找不到想看的文件怎么办？",
            0,
            "在区政府门户网站“政府信息公开”栏目可以按主题、机构和年份查阅公开目录。找不到的，可以在线提交依申请公开，"
            "我们在规定期限内答复。",
        ),
        (
            "个体户老王",
            "办营业执照还要跑几趟？能不能全程网上办？",
            1,
            "大部分事项已经可以网上申请、网上查询办理进度。营业执照登记材料齐全的，网上提交后最多跑一次，领照也可以邮寄。",
        ),
        (
            "网友",
            "电子监察是监察谁？对我们办事有什么好处？",
            1,
            "电子监察对每一件办件的受理、办理时限进行实时监督，超期会亮黄牌、红牌并督办，"
            "群众还可以对办理结果进行好差评。",
        ),
        ("城东家长", "乡镇的便民服务中心以后也能网上办事吗？", None, ""),
    ),
}
LIVE = {
    "title": "政务服务“一网通办”进展如何",
    "summary": "区政务服务管理办公室负责人介绍“一网通办”的进展，回答网友关于网上办事的提问。",
    "guests": (("周敏", "区政务服务管理办公室副主任"),),
    "posts": ("直播开始了！今天我们聊一聊政务服务“一网通办”。欢迎网友在下方提问。",),
    "pending": (("网友", "社保卡补办能不能网上办？"), ("新市民", "居住证网上申请要多久？")),
}
ANNOUNCED = {
    "title": "电子监察与办件时限：办事超期怎么办",
    "summary": "区监察室负责人介绍政务电子监察平台如何监督办件时限，欢迎提前提问。",
    "guests": (("吴建华", "区监察室主任"),),
}


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _make(column, spec: dict, starts, organisation) -> InterviewPage:
    page = InterviewPage(
        title=spec["title"],
        summary=spec["summary"],
        host_name="李晓文",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="区政府网站访谈室",
    )
    page.guests = [InterviewGuest(name=name, title=title, organisation=organisation) for name, title in spec["guests"]]
    column.add_child(instance=page)
    page.save_revision().publish()
    return InterviewPage.objects.get(pk=page.pk)


def _staff(interview: InterviewPage, admin) -> dict:
    """Demo accounts of the portal: editor hosts, reviewer directs and reviews, handler is the guest."""
    people = {"host": _user("portal_editor"), "director": _user("portal_reviewer"), "guest": _user("portal_handler")}
    people = {role: user for role, user in people.items() if user is not None}
    guest = interview.guests.first()
    for role, user in people.items():
        live.assign_role(interview, admin, person=user, role=role, guest=guest if role == R.GUEST else None)
    if "director" in people:
        live.assign_role(interview, admin, person=people["director"], role=R.REVIEWER)
    return people


def build_demo_interviews() -> list[InterviewPage]:
    portal = Organisation.objects.filter(kind=OrganisationKind.PORTAL, site__isnull=False).first()
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if portal is None or admin is None:
        return []
    column = ensure_interview_column(portal)
    if InterviewPage.objects.child_of(column).exists():
        return list(InterviewPage.objects.child_of(column))
    now = timezone.now()
    address = iter(f"192.0.2.{number}" for number in range(1, 250))

    finished = _make(column, FINISHED, now - timedelta(days=7), portal)
    people = _staff(finished, admin)
    director, host, guest_user = people["director"], people["host"], people["guest"]
    guests = list(finished.guests.all())
    live.start(finished, director)
    for text in FINISHED["posts"]:
        live.post(finished, host, text=text)
    for nickname, text, guest_index, answer in FINISHED["questions"]:
        question = live.submit_question(finished, text=text, nickname=nickname, client=next(address))
        if guest_index is None:
            live.approve_question(question, director)
            continue
        live.pick_question(question, director, guest=guests[guest_index])
        live.answer(question, guest_user if guest_index == 0 else admin, text=answer, guest=guests[guest_index])
    live.post(
        finished,
        host,
        text="感谢两位嘉宾，感谢各位网友的参与！未能在访谈中答复的问题，将在5个工作日内答复并公布在本页。",
    )
    live.end(finished, director)

    current = _make(column, LIVE, now - timedelta(minutes=20), portal)
    people = _staff(current, admin)
    live.start(current, people["director"])
    for text in LIVE["posts"]:
        live.post(current, people["host"], text=text)
    for nickname, text in LIVE["pending"]:
        live.submit_question(current, text=text, nickname=nickname, client=next(address))

    announced = _make(column, ANNOUNCED, now + timedelta(days=3), portal)
    _staff(announced, admin)
    return [finished, current, announced]
