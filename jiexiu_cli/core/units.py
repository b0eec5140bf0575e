"""The words that follow a number in Chinese reports: units, measure words, qualifiers.

A unit is read as the longest entry of :data:`UNITS` right after a number (after its
magnitude 万/亿 and a 余/多), so 万人次 beats 万人 and 平方公里 beats 公里. The lists
are data, not rules: a curator who meets a new unit adds it here.
"""

from __future__ import annotations

#: measure words of things counted one by one (people, visits, households, schools, roads ...):
#: extract guesses kind "count" after them, and a whole number of them is exact (intervals.py)
COUNTED: tuple[str, ...] = (
    "人次",
    "人",
    "名",
    "位",
    "户",
    "剂次",
    "剂",
    "床",
    "个",
    "项",
    "套",
    "所",
    "座",
    "条",
    "处",
    "家",
    "件",
    "宗",
    "场",
    "次",
    "辆",
    "台",
    "批",
    "级",
    "头(只)",
    "头（只）",
    "头",
    "只",
    "张",
    "例",
    "羽",
    "口",
    "艘",
    "架",
    "班次",
    "户次",
    "辆次",
)

#: base units and measure words, as printed after a number (magnitudes excluded)
UNITS: tuple[str, ...] = (
    # money
    "元",
    "美元",
    # area, length, volume, weight, energy
    "平方米",
    "平米",
    "平方公里",
    "平方千米",
    "公顷",
    "亩",
    "公里",
    "千米",
    "米",
    "立方米",
    "吨",
    "吨标准煤",
    "公斤",
    "千克",
    "斤",
    "千瓦",
    "千瓦时",
    "兆瓦",
    "千伏",
    "千伏安",
    "标准箱",
    "标箱",
    # concentrations (PM2.5 38微克/立方米)
    "微克/立方米",
    "毫克/立方米",
    "微克每立方米",
    # people, visits and things counted one by one
    *COUNTED,
    # shares, multiples and other measure words
    "个百分点",
    "百分点",
    "%",
    "％",
    "‰",
    "千分点",
    "倍",
    "成",  # tenths: 近两成, 三成以上
    "间",
    "栋",
    "幢",
    "期",
    "类",
    "株",
    "棵",
    "本",
    "册",
    "部",
    "支",
    "孔",
    "眼",
    "片",
    "块",
    # time
    "个月",
    "年",
    "天",
    "小时",
    "分钟",
    "周",
    "岁",
)

#: units right after an ordinal 第N (第四代, 第一方阵); other words after 第N are not units
ORDINAL_UNITS: tuple[str, ...] = ("代", "方阵", "名", "位", "批", "届", "次", "期", "梯队")

#: word before the number -> qualifier (docs/CONTRACT.md: exact, over, at_least, about, under, at_most)
QUALIFIERS_BEFORE: dict[str, str] = {
    "超过": "over",
    "超": "over",
    "突破": "over",
    "逾": "over",
    "跨过": "over",
    "迈过": "over",
    "跨越": "over",
    "高于": "over",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "大约": "about",
    "约": "about",
    "将近": "about",
    "接近": "about",
    "近": "about",
    "不足": "under",
    "不到": "under",
    "不超过": "at_most",
}

#: word after the number and its unit -> qualifier
QUALIFIERS_AFTER: dict[str, str] = {
    "以上": "at_least",
    "规模": "at_least",
    "左右": "about",
    "以下": "at_most",
    "以内": "at_most",
}

#: word earlier in the number's sentence -> the figure is a plan's (verbs only: 目标/计划 are also nouns)
MODALS: dict[str, str] = {
    "预计": "estimate",
    "有望": "expected",
    "力争": "target",
    "争取": "target",
}

#: words of a section heading that announce plans rather than results
PLAN_HEADINGS: tuple[str, ...] = ("展望", "计划", "目标", "打算", "安排", "思路")

#: base units (after unit_scale) that measure time, counted things, money or area; a whole
#: number of a counted thing (5所, 26条) is exact (intervals.py)
DURATION_UNITS = frozenset({"年", "天", "个月", "小时", "分钟", "周"})
COUNT_UNITS = frozenset(COUNTED)


def longest_unit(text: str, pos: int, vocabulary: tuple[str, ...] = UNITS) -> str:
    """The longest unit of ``vocabulary`` that starts at ``pos`` in ``text``, or ''."""
    best = ""
    for unit in vocabulary:
        if len(unit) > len(best) and text.startswith(unit, pos):
            best = unit
    return best
