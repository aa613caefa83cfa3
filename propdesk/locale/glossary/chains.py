"""Chinese for issue 17 item 11: hash chains over money rows and the personal-data access log."""

ZH = {
    "hash chain link": "哈希链节点",
    "hash chain links": "哈希链节点",
    "table": "数据表",
    "sequence number": "序号",
    "row": "记录号",
    "part": "部分",
    "row hash": "记录哈希",
    "chain hash": "链哈希",
    "linked at": "入链时间",
    "Records of %(project)s were changed outside PropDesk": "%(project)s 的记录在 PropDesk 之外被改动",
    "The nightly check found %(count)s rows that no longer match their hash chain: money rows or "
    "personal-data access records were changed or deleted directly in the database. Keep the database "
    "as it is and ask your operator for the verify_chains output.": (
        "夜间校验发现 %(count)s 条记录与其哈希链不符：收费记录或个人信息查看记录在数据库中被直接修改或删除。"
        "请保持数据库现状，并向运维人员索取 verify_chains 的输出。"
    ),
}
