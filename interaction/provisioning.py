"""政民互动 of a new sub-site, made when the site is provisioned: the page at /hudong/ and the default
channels of its organisation (portal: the county head's mailbox and every kind; a department or
township: 咨询, 建议, 投诉举报, 我为政府网站找错). Idempotent."""

from __future__ import annotations

from interaction.models import DEFAULT_REPLY_DAYS, ChannelKind, InteractionPage, MessageChannel
from sitegroup.models import Organisation, OrganisationKind

PAGE_SLUG = "hudong"

DEPARTMENT_CHANNELS = (
    (ChannelKind.CONSULTATION, "咨询"),
    (ChannelKind.SUGGESTION, "建议"),
    (ChannelKind.COMPLAINT, "投诉举报"),
    (ChannelKind.ERROR_REPORT, "我为政府网站找错"),
)
PORTAL_CHANNELS = (
    (ChannelKind.LEADER, "县长信箱"),
    (ChannelKind.CONSULTATION, "咨询"),
    (ChannelKind.SUGGESTION, "建议"),
    (ChannelKind.COMPLAINT, "投诉举报"),
    (ChannelKind.PETITION, "网上信访"),
    (ChannelKind.ERROR_REPORT, "我为政府网站找错"),
)
PRIVATE_KINDS = (ChannelKind.PETITION,)


def ensure_channels(organisation: Organisation, *, leader_name: str = "", leader_title: str = "县长") -> list:
    wanted = PORTAL_CHANNELS if organisation.kind == OrganisationKind.PORTAL else DEPARTMENT_CHANNELS
    made = []
    for order, (kind, name) in enumerate(wanted):
        channel, _created = MessageChannel.objects.get_or_create(
            organisation=organisation,
            kind=kind,
            defaults={
                "name": name,
                "reply_days": DEFAULT_REPLY_DAYS[kind],
                "is_public": kind not in PRIVATE_KINDS,
                "leader_name": leader_name if kind == ChannelKind.LEADER else "",
                "leader_title": leader_title if kind == ChannelKind.LEADER else "",
                "lets_citizen_choose_department": kind != ChannelKind.LEADER,
                "sort_order": order,
            },
        )
        made.append(channel)
    return made


def ensure_interaction(organisation: Organisation, *, user=None, leader_name: str = "") -> InteractionPage:
    home = organisation.site.root_page.specific
    page = InteractionPage.objects.child_of(home).first()
    if page is None:
        page = InteractionPage(
            title="政民互动",
            slug=PAGE_SLUG,
            show_in_menus=True,
            intro=f"欢迎通过网上信箱向{organisation.name}咨询、建议、投诉；我们按时答复，同意公开的来信答复在网站公开。",
        )
        home.add_child(instance=page)
        page.save_revision(user=user).publish(user=user)
    ensure_channels(organisation, leader_name=leader_name)
    return page
