"""Chinese for issue 16 items 8 and 10: who sees which rows inside a project (楼栋管家的辖区, 维修技工
的派工单) and the owner's signature on a door-visit callback record (seed 004 回访：由业主签字)."""

ZH = {
    "work-order scope": "仅限本人派工单",
    "Sees only the requests of their own work orders (technicians).": "只能看到派给本人的派工单所属诉求（维修技工）。",
    "Only a door-visit callback is signed by the owner.": "只有上门回访由业主签字。",
    "The owner signs the record of a door-visit callback: ask them to sign on the phone.": (
        "上门回访的《回访记录》须由业主签字：请业主在手机上签名。"
    ),
    "The owner signs the callback record here": "请业主在此签字确认回访记录",
    "Ask the owner to sign.": "请业主签字",
}
