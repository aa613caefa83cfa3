"""Chinese for the lifecycle kit (core/lifecycle.py): its refusals."""

ZH = {
    "The %(noun)s is “%(from)s” and cannot become “%(to)s”.": "%(noun)s状态为“%(from)s”，不能改为“%(to)s”",
    "You may not make this change.": "您无权进行此项变更。",
    # DRF's own wording, used by core/api/authentication.py's token check.
    "Invalid token.": "认证令牌无效。",
    "User inactive or deleted.": "用户未激活或已删除。",
}
