"""Chinese for the procedure-fidelity fixes (issue 16), in the seed procedures' own words."""

ZH = {
    "An emergency repair is worked on continuously until it is fixed: it cannot be paused.": (
        "急修项目须连续抢修至修复，不能暂停。"
    ),
}
