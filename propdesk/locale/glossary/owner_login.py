"""Chinese for owners signing in with their mobile number (issue 17, item 13)."""

ZH = {
    "Username or mobile number": "用户名或手机号",
}
