"""Real-looking Chinese names for the demo staff: common surnames and given names, deterministic."""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚卢钟陆汪范金"
)
GIVEN_NAMES = (
    "晓文", "建华", "志强", "丽娟", "海涛", "秀英", "明", "静", "伟", "芳", "敏", "军", "磊", "勇", "艳",
    "国栋", "雪梅", "立新", "红梅", "春燕", "建军", "永刚", "晓东", "丽萍", "鹏飞", "宏伟", "婷婷",
    "文静", "玉兰", "桂芳", "振华", "丹", "佳", "卫东", "慧敏", "小燕", "德明", "淑珍", "凯", "亚男",
)  # fmt: skip


def full_names(seed: str = "丹徒区演示人员"):
    """An endless, deterministic run of distinct names such as 陈丽萍, 周凯."""
    rnd = random.Random(seed)
    given = set()
    while True:
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN_NAMES)
        if name not in given:
            given.add(name)
            yield name
