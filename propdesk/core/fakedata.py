"""Realistic Chinese people and companies for demo and benchmark data (deterministic with a seeded Random)."""

from __future__ import annotations

import datetime as dt
import random

from .idmaths import CREDIT_CODE_CHARS, credit_code_check_char, id_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志强海燕文博子涵浩然欣怡宇航思远雨萱梓轩一鸣晓东春梅建华丽娟国庆卫东淑珍晨曦佳怡俊杰"
# Hubei districts: Wuhan's Jiang'an, Jianghan, Qiaokou, Hanyang, Wuchang, Qingshan, Hongshan; Huangshi; Yichang; Xiangyang.
REGION_CODES = [
    "420102",
    "420103",
    "420104",
    "420105",
    "420106",
    "420107",
    "420111",
    "420202",
    "420502",
    "420602",
]
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
COMPANY_WORDS = [
    "华中",
    "楚天",
    "江城",
    "长江",
    "汉正",
    "光谷",
    "东湖",
    "晴川",
    "黄鹤",
    "荆楚",
    "鼎盛",
    "恒信",
    "博远",
    "嘉和",
]
COMPANY_KINDS = [
    "科技有限公司",
    "贸易有限公司",
    "律师事务所",
    "咨询有限公司",
    "投资管理有限公司",
    "设计有限公司",
    "会计师事务所",
]


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def id_number(rng: random.Random, *, born_from: int = 1945, born_to: int = 2002) -> str:
    start = dt.date(born_from, 1, 1).toordinal()
    birth = dt.date.fromordinal(rng.randrange(start, dt.date(born_to, 12, 31).toordinal()))
    first17 = rng.choice(REGION_CODES) + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return first17 + id_check_digit(first17)


def company_name(rng: random.Random) -> str:
    return "武汉" + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)


def credit_code(rng: random.Random) -> str:
    # 9 = registered by the market regulator, 1 = company; then region, then the organisation code.
    first17 = "91" + rng.choice(REGION_CODES) + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
    return first17 + credit_code_check_char(first17)
