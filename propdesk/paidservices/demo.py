"""Demo paid services (特约服务): the default price list, and a few orders at each stage."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from propdesk.registry.models import Unit

from . import services as special
from .choices import AgreementMethod
from .models import ServiceItem


def special_demo_step(demo) -> None:
    project, users = demo.community, demo.users
    special.load_default_service_items(project=project, actor=users.get("cashier"))
    registrar = users.get("frontdesk") or users.get("cs_supervisor")
    head = users.get("eng_supervisor") or users.get("director")
    if registrar is None or head is None:
        return
    items = {i.code: i for i in ServiceItem.objects.filter(project=project)}
    units = list(Unit.objects.filter(project=project).order_by("id")[:6])
    if len(units) < 4 or "tap_replace" not in items:
        return
    now = timezone.now()
    plans = [
        (units[0], "更换厨房水龙头两个", [("tap_replace", 2)], "completed"),
        (units[1], "卫生间坐便器堵塞，疏通", [("toilet_unblock", 1)], "agreed"),
        (units[2], "客厅安装吊灯三盏", [("lamp_install", 3)], "confirmed"),
        (units[3], "入住前室内深度保洁 90 平方米", [("deep_cleaning", 90)], "draft"),
    ]
    for n, (unit, content, lines, stage) in enumerate(plans):
        order = special.create_order(
            actor=registrar,
            unit=unit,
            content=content,
            customer_name=f"{unit}业主",
            department_kind=items[lines[0][0]].department_kind,
            items=[(items[code], qty) for code, qty in lines],
            at=now - dt.timedelta(days=3 - n % 3),
        )
        if stage == "draft":
            continue
        confirmer = head if order.department.kind == "engineering" else users.get("cleaning", head)
        special.confirm_order(order=order, actor=confirmer)
        if stage == "confirmed":
            continue
        special.record_agreement(
            order=order, actor=registrar, method=AgreementMethod.PAPER, signer_name=order.customer_name
        )
        if stage == "completed":
            special.complete_order(order=order, actor=registrar)
