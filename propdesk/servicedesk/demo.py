"""Service-desk part of the demo: categories for both projects and a few requests in every state."""

from __future__ import annotations

from propdesk.core.audit import system_user
from propdesk.registry.models import Unit

from .choices import Channel, RequestKind
from .models import Category
from .services import accept_handoff, load_default_categories, receive_request, request_handoff


def demo_step(demo) -> None:
    actor = system_user()
    for project in (demo.community, demo.tower):
        load_default_categories(project=project, actor=actor)
    users = demo.users
    project = demo.community
    cats = {c.code: c for c in Category.objects.filter(project=project)}
    units = list(Unit.objects.filter(project=project, status="occupied").select_related("building")[:6])
    leak = receive_request(
        project=project,
        actor=users["frontdesk"],
        kind=RequestKind.REPAIR,
        channel=Channel.PHONE,
        content="卫生间天花板漏水，滴到地面",
        reporter_name="业主",
        unit=units[0],
        category=cats["leak"],
        preferred_time="今天下午",
    )
    request_handoff(
        request=leak, to=users["cs_supervisor"], reason="需要工程部处理", actor=users["frontdesk"]
    )
    receive_request(
        project=project,
        actor=users["butler"],
        kind=RequestKind.COMPLAINT,
        channel=Channel.WALK_IN,
        content="楼上装修噪音，周末早上八点前施工",
        reporter_name="业主",
        unit=units[1],
        category=cats["noise"],
        apologized=True,
    )
    lamp = receive_request(
        project=project,
        actor=users["security"],
        kind=RequestKind.REPAIR,
        channel=Channel.PATROL,
        content="地下车库B区照明灯不亮三盏",
        reporter_name="巡逻岗",
        location="地下车库B区",
        category=cats["electric"],
    )
    handoff = request_handoff(
        request=lamp, to=users["eng_supervisor"], reason="公共照明归工程部", actor=users["security"]
    )
    accept_handoff(handoff=handoff, actor=users["eng_supervisor"])
    receive_request(
        project=project,
        actor=users["frontdesk"],
        kind=RequestKind.INQUIRY,
        channel=Channel.PHONE,
        content="咨询车位租用手续和价格",
        reporter_name="业主",
        unit=units[2],
    )
    receive_request(
        project=project,
        actor=users["frontdesk"],
        kind=RequestKind.PRAISE,
        channel=Channel.WRITTEN,
        content="感谢维修师傅及时修好水管",
        reporter_name="业主",
        unit=units[3],
    )
