"""Demo notices (通知 / 公告): two published (one for two buildings, one for the whole community), one
awaiting approval, one draft."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from propdesk.registry.models import Building

from . import services
from .choices import NoticeCategory

NOTICES = [
    (
        "关于小区二次供水水箱清洗停水的通知",
        NoticeCategory.OUTAGE,
        "尊敬的各位业主、住户：\n\n为保障生活用水卫生，物业服务中心将于本周六 9:00—15:00 对二次供水水箱进行清洗消毒，"
        "届时上述楼栋将暂停供水。请提前做好储水准备，停水期间请关闭家中水龙头，以免来水时造成损失。\n\n"
        "给您带来的不便，敬请谅解！如有疑问请致电物业服务中心。",
        2,
        "published",
        -1,
        6,
    ),
    (
        "消防安全温馨提示",
        NoticeCategory.REMINDER,
        "尊敬的各位业主：\n\n冬季天干物燥，请勿在楼道、消防通道堆放杂物，电动自行车请勿进楼入户充电。"
        "外出前请检查燃气阀门及电器电源是否关闭。\n\n让我们共同维护安全的居住环境。",
        0,
        "published",
        -3,
        20,
    ),
    (
        "关于开展业主满意度调查的公告",
        NoticeCategory.ANNOUNCEMENT,
        "尊敬的各位业主：\n\n为持续提升服务品质，物业服务中心将于下月开展年度业主满意度调查，届时楼栋管家将上门或电话回访，"
        "敬请支持与配合。",
        0,
        "pending_approval",
        3,
        30,
    ),
    (
        "春节期间物业服务安排",
        NoticeCategory.NOTICE,
        "尊敬的各位业主：\n\n春节期间物业服务中心前台值班时间为 9:00—17:00，报修、投诉请拨打服务热线。",
        0,
        "draft",
        10,
        25,
    ),
]


def notices_demo_step(demo) -> None:
    project, users = demo.community, demo.users
    writer = users.get("frontdesk")
    approver = users.get("cs_supervisor")
    if writer is None or approver is None:
        return
    buildings = list(Building.objects.filter(project=project).order_by("sort_order", "sort_key")[:4])
    today = timezone.localdate()
    for title, category, body, how_many, stage, starts, lasts in NOTICES:
        notice = services.create_notice(
            project=project,
            title=title,
            body=body,
            category=category,
            publish_on=today + dt.timedelta(days=starts),
            expires_on=today + dt.timedelta(days=starts + lasts),
            buildings=buildings[:how_many],
            actor=writer,
        )
        if stage == "draft":
            continue
        services.submit_notice(notice=notice, actor=writer)
        if stage == "pending_approval":
            continue
        services.approve_notice(notice=notice, actor=approver)
        services.publish_notice(notice=notice, actor=writer)
        if starts < 0:
            # Running since before today: the butler has posted her boards of it.
            for posting in notice.postings.filter(butler__isnull=False):
                services.mark_posted(posting=posting, actor=posting.butler)
