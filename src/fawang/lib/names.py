"""Synthetic Chinese personal names for demo data (common surnames weighted by frequency;
Tibetan-style names for Aba and Ganzi, Yi-style names for Liangshan). No real people."""

from __future__ import annotations

import itertools
import random

# The most common surnames, roughly by frequency (most frequent first).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_CUM = list(itertools.accumulate(1.0 / (i + 4) for i in range(len(_SURNAMES))))
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉力玲红燕鹏飞宇浩然思雨欣怡"
    "子轩梓涵佳琪俊杰志强春梅海燕晓东小龙德兵永福光荣家豪雪梅丹丹婷婷慧敏玉兰成林世杰国庆红梅"
)
_TIBETAN = [
    "扎西",
    "卓玛",
    "次仁",
    "格桑",
    "拉姆",
    "多吉",
    "泽仁",
    "央金",
    "尼玛",
    "达瓦",
    "索朗",
    "益西",
    "曲珍",
    "洛绒",
    "降措",
    "四郎",
    "仁青",
    "德吉",
    "贡布",
    "斯朗",
    "根秋",
    "阿旺",
    "俄色",
    "群措",
]
_YI_SURNAMES = [
    "阿牛",
    "吉克",
    "沙马",
    "阿约",
    "马海",
    "俄底",
    "曲比",
    "吉木",
    "阿苦",
    "海来",
    "勒格",
    "木乃",
    "吉伍",
    "日火",
]
_YI_GIVEN = [
    "阿呷",
    "木呷",
    "拉哈",
    "尔古",
    "石且",
    "伍各",
    "日作",
    "阿依",
    "尔布",
    "莫色",
    "小芳",
    "志强",
    "拉则",
    "史布",
]


def chinese_name(rng: random.Random, *, prefecture: str = "") -> str:
    """A plausible name; ``prefecture`` (a city code like 513300) selects local styles."""
    if prefecture in ("513200", "513300") and rng.random() < 0.55:
        first = rng.choice(_TIBETAN)
        second = rng.choice(_TIBETAN)
        return first + second if first != second else first
    if prefecture == "513400" and rng.random() < 0.5:
        return rng.choice(_YI_SURNAMES) + rng.choice(_YI_GIVEN)
    surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
    if rng.random() < 0.35:
        return surname + rng.choice(_GIVEN)
    return surname + rng.choice(_GIVEN) + rng.choice(_GIVEN)
