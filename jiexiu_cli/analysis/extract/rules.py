"""The rule data of extract: what is not a figure (with its reason) and the words that
decide a figure's kind, sign and subject. Data, not code: a curator who meets a new
kind of page chrome or a new idiom adds a line here.

Every pattern reads the *folded* visible text (``layers.py``: markup out, Traditional
characters and full-width forms folded to Simplified and ASCII), so one rule serves
億元 and 亿元, ８６ and 86, ： and :.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

YEAR = r"(?:19|20)[0-9]{2}"
NOT_AFTER_NUMBER = r"(?<![0-9.])"
_CN = "一二三四五六七八九十"
_LUNAR_MONTH = rf"(?:正|腊|冬|[{_CN}]|十[一二])月"
_LUNAR_DAY = (
    r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十)"
)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
#: words of forum page chrome followed by a number (counters, user panels, floors)
_CHROME_WORDS = (
    "查看|回复|积分|帖子|精华|金钱|威望|在线时间|签到天数|连续签到|UID|Rank|阅读权限|注册时间|"
    "最后登录|用户组|金币|跳转到|电梯直达|阅读数|浏览量|阅读量|评论数|点击数|点击量|浏览次数"
)
#: a forum user's statistics, printed in a row without colons (主题 45 帖子 1328 积分 5062)
_USER_STATS = "主题|帖子|回帖|积分|精华|金钱|威望|贡献|好友|粉丝|听众|收听|在线时间"
#: words that are page chrome only when a colon follows them (查看: 1077, 主题: 12)
_CHROME_WITH_COLON = (
    "阅读|浏览|点击|人气|主题|贡献|等级|好友|听众|收听|粉丝|关注|收藏|分享|评论|点赞|发帖|回帖|日志|相册|经验|字数"
)

_MAG = "十百千万亿"
#: nouns a threshold defines a class of (5000万元以上项目, 年主营业务收入2000万元及以上的工业法人单位)
_CLASS_NOUNS = "(?:项目|企业|法人|单位|工程|商户|个体户|纳税人|大户)"

#: (pattern, reason), tried in order; the first that covers a token decides
SPAN_RULES: tuple[tuple[str, str], ...] = (
    (r"(?:https?:)?//[^\s<>()\[\]（）]+|www\.[A-Za-z0-9.-]+[^\s<>()\[\]（）]*", "part of a web address"),
    (r"&#?[0-9A-Za-z]+;", "an HTML character reference"),
    (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", "an e-mail address"),
    (rf"[{_PROVINCES}]ICP[备证]?\s*[:：]?\s*[0-9]+号?(?:\s*-\s*[0-9]+)?", "licence number (ICP)"),
    (rf"[{_PROVINCES}]?公网安备\s*[0-9]+号?", "licence number (public security filing)"),
    (
        r"(?:许可证|备案号|证号|编号|登记号|代码|标识码|文号|书号|刊号|邮编|邮政编码|ISSN|ISBN|CN)\s*[:：]?\s*"
        r"[A-Za-z]*[0-9][0-9A-Za-z\-〔〕\[\]()（）号]*",
        "licence, registration or code number",
    ),
    (r"[\u4e00-\u9fff]{1,6}[〔\[（(][12][0-9]{3}[〕\]）)]\s*[0-9]+\s*号", "document number (文号)"),
    (r"[A-Za-z_]+=?[A-Za-z]*[0-9]{6,}", "part of an identifier"),
    (
        rf"(?:(?:{_CHROME_WORDS})\s*[:：]?|(?:{_CHROME_WITH_COLON})\s*[:：])\s*[0-9][0-9,]*(?:\s*(?:天|小时|分钟|次|个|条|篇))?",
        "forum page chrome (a counter), not the article's text",
    ),
    (r"(?:^|(?<=\s))#\s*[0-9]{1,5}(?![0-9.])|(?<![0-9.])[0-9]{1,5}\s*(?:#|楼)(?![0-9])", "forum floor number"),
    (
        rf"(?:{_CHROME_WITH_COLON}|{_CHROME_WORDS}|在看|转发|喜欢|赞)\s*[(（]\s*[0-9][0-9,.]*万?\+?\s*[)）]"
        rf"|(?:{_USER_STATS})\s+[0-9][0-9,]*(?=\s+(?:{_USER_STATS}))",
        "forum page chrome (a counter), not the article's text",
    ),
    (r"(?<![0-9.])[0-9]{3,4}\s*[×xX*]\s*[0-9]{3,4}(?![0-9.])", "a screen resolution (page chrome)"),
    (
        r"(?:阅读|在看|赞|点赞|转发|分享|收藏|评论|留言|浏览)[ \t]+[0-9][0-9.,]*万?\+?(?![0-9])",
        "page chrome (a counter), not the article's text",
    ),
    (
        r"(?:往期推荐|推荐阅读|相关阅读|相关新闻|相关文章|延伸阅读|热门推荐|猜你喜欢|往期回顾)[:：]?[ \t]*"
        r"(?:\n[ \t]*[▶►•·◆■●○→▷][^\n]*)+",
        "a list of other posts (往期推荐), not the article's text",
    ),
    (
        r"(?:发表于|发布于|发布时间|更新时间|编辑于|最后编辑于?)\s*" + YEAR + r"[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?"
        r"(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?",
        "post timestamp",
    ),
    (r"(?<![0-9.])[0-9]{1,3}\s*(?:秒|分钟|小时|天|周|个月|年)前", "post timestamp (time ago)"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}-[0-9]{{1,2}}-[0-9]{{1,2}}(?![0-9])", "date"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}/[0-9]{{1,2}}/[0-9]{{1,2}}(?![0-9])", "date"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}\.[0-9]{{1,2}}\.[0-9]{{1,2}}(?![0-9])", "date"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}年[0-9]{{1,2}}月(?:[0-9]{{1,2}}[日号])?", "date"),
    (rf"{NOT_AFTER_NUMBER}[0-9]{{1,2}}月[0-9]{{1,2}}[日号]", "date"),
    (
        rf"{NOT_AFTER_NUMBER}(?:前)?(?:[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*[-—–~～至到]\s*(?:[0-9]{{1,2}}|[{_CN}]{{1,2}})月(?:份)?",
        "months (a period, not a figure)",
    ),
    (rf"(?<=前)(?:[0-9]{{1,2}}|[{_CN}]{{1,3}})(?=个?月)", "months (a period, not a figure)"),
    (rf"{NOT_AFTER_NUMBER}(?:1[0-2]|0?[1-9])月(?:份|底|初|末|中旬|上旬|下旬)?(?!球)", "date (month)"),
    (rf"(?<![{_CN}两])(?:十[一二]?|[一二三四五六七八九])月(?:份|底|初|末|中旬|上旬|下旬)?", "date (month)"),
    (r"[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?", "date"),
    (r"(?<![0-9一二三四五六七八九十])[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号]", "date"),
    (rf"{_LUNAR_MONTH}{_LUNAR_DAY}|(?:大年)?初[{_CN}](?![0-9{_CN}])", "lunar date"),
    (r"(?:第?[一二三四1-4])季度|首季|前三季度|前[一二两三1-3]季", "a period word (一季度), not a figure"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}\s*[-—–~～至到]\s*{YEAR}(?=\s*年)", "years (a period)"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}\s*[-—–~～至到]\s*{YEAR}(?![0-9])", "years (a period)"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}(?=\s*(?:年|版|届|级|赛季))", "year (a period label)"),
    (rf"[(（]\s*{YEAR}\s*[)）]|(?<=[《“\"「]){YEAR}(?![0-9.])", "year (a label)"),
    (r"(?<![0-9.:])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[+-][0-9]{4})?(?![0-9.:])", "time"),
    (
        r"(?<![0-9.])[0-9]{1,2}时[0-9]{1,2}分(?:[0-9]{1,2}秒)?|(?<=[上下晚早中]午)[0-9]{1,2}(?:点|时)(?:半|[0-9]{1,2}分)?",
        "time",
    ),
    (r"(?<![0-9.])0[0-9]{2,3}-[0-9]{7,8}(?![0-9.])", "phone number"),
    (r"[（(]0[0-9]{2,3}[)）]\s*[0-9]{7,8}", "phone number"),
    (r"(?<![0-9.])1[3-9][0-9]{9}(?![0-9.])", "phone number"),
    (r"(?<![0-9.])(?:400|800)-?[0-9]{3}-?[0-9]{4}(?![0-9.])", "phone number"),
    (r"(?:电话|热线|手机|联系方式|传真|电 话)[:：\s]*[0-9][0-9\- ]{4,}[0-9]", "phone number"),
    (r"(?:12345|12315|12345)(?=热线|政务|便民|服务热线)", "phone number (a hotline)"),
    (r"(?<![0-9.])[0-9]{12,}(?![0-9.])", "identifier (a long string of digits)"),
    (r"(?<![0-9.])[0-9]{17}[0-9Xx](?![0-9])", "identifier (an ID number)"),
    (r"^[ \t]*#+[ \t]*[0-9]{1,3}[ \t]*$", "section number (a heading)"),
    (r"^[ \t]*(?:#+[ \t]*|\*\*|>[ \t]*)*[0-9]{1,2}[.．、](?![0-9])", "section number"),
    (r"(?:(?<=注[:：])|(?<=[。；;]))[ \t]*[0-9]{1,2}[.．、](?![0-9])", "section number (a note's number)"),
    (rf"^[ \t]*(?:#+[ \t]*|>[ \t]*)*[{_CN}]+、", "section number"),
    (rf"(?:^|(?<=[\s:：]))[(（][{_CN}]{{1,3}}[)）]", "section number"),
    (r"(?:^|(?<=[\s:：。;；]))[(（][0-9]{1,2}[)）]", "section number"),
    (rf"[(（][{_CN}]{{1,3}}[)）](?=\S)", "section number"),
    (r"[(（][0-9]{1,2}[)）](?=[\u4e00-\u9fff])", "section number"),
    (
        rf"(?:^|(?<=[\s(（:：见如]))(?:附表|附图|表|图|附件|附录)\s*(?:[0-9]{{1,3}}(?:[-.][0-9]{{1,2}})?|[{_CN}]{{1,3}})(?![0-9.%])",
        "table or figure number",
    ),
    (rf"第[0-9{_CN}]+(?:章|节|篇|部分|条|款|项(?=[,，:：、\s])|卷|册|页|期(?=[,，\s]))", "section number"),
    (
        rf"第[0-9{_CN}]+(?:届|次全国|次全体|次会议|次代表大会|次党代会|次人口普查|次全国人口普查|次经济普查|次农业普查)",
        "ordinal of an event (第25届), not a figure",
    ),
    (rf"[0-9{_CN}]+届(?:[{_CN}]+中全会)?|[{_CN}]+中全会", "name of a Party plenum or a session"),
    (rf"(?:^|(?<=[。；;！？!?\s>，,：:]))[{_CN}]+是", "enumeration marker (一是, 二是 …)"),
    (rf"(?:^|(?<=[。；;！？!?\s>：:]))(?:第|其)[{_CN}]+[,，、:：]", "enumeration marker (第一, 其一 …)"),
    (r"十[一二三四五六七八九]五", "name of a Five-Year Plan (十N五)"),
    (rf"(?<=党的)[{_CN}]+大", "name of a Party congress"),
    (r"(?<![连续第每近前这那头])五(?=年(?!级|度|制))", "the five years of a plan (a period, not a figure)"),
    (
        rf"第[{_CN}]+(?=中学|小学|幼儿园|污水处理厂|水厂|人民医院|医院|书记|议题|批次?(?:国家|全国|省级))",
        "ordinal in a proper name",
    ),
    (r"一(.)一\1", "idiom (一X一X), not a number"),
    (
        r"(?:^|(?<=[(（:：\t|\s]))[十百千万亿]+(?=(?:元|美元|吨|亩|人次|人|户|公顷|平方米|平方公里|千瓦时|瓦时|千瓦|瓦|头|只|公斤|千克|克|立方米|米|标准箱)"
        r"(?:[)）\t|\s,，]|$))",
        "a unit (万吨, 亿元), not a number",
    ),
    (
        r"(?<=过去)(?:的)?[一二三四五两]年|[一二三四五两](?=年来)|[一二两三四五六七八九十]+(?=年(?:年均|间|内|累计|共))",
        "a period (过去一年, 三年年均), not a figure",
    ),
    (r"(?<![0-9.])[2-6]G(?![A-Za-z0-9])", "a name (5G), not a number"),
    (rf"第[0-9{_CN}]+期", "an issue number (第10期), not a figure"),
    (rf"{NOT_AFTER_NUMBER}{YEAR}(?=\s*[、和至到-]\s*{YEAR}\s*年)", "year (a period label)"),
    (r"星期[一二三四五六日天]|礼拜[一二三四五六日天]", "a weekday, not a number"),
    (
        rf"(?:[0-9]+(?:\.[0-9]+)?\s*)?[{_MAG}]*元(?:及)?以[上下](?=(?:的)?[\u4e00-\u9fff]{{0,8}}?{_CLASS_NOUNS})",
        "a class threshold (亿元以上项目), not a figure",
    ),
    (r"(?<![0-9.A-Za-z])[1-5]\s*A(?:级)?(?![A-Za-z0-9])", "a grade (4A级景区), not a figure"),
    (
        r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?\s*(?:米|蒸吨|千伏|kV|KV)(?:及以下|以下|及以上|以上)?(?:的)?"
        r"(?=焦炉|燃煤锅炉|锅炉|变电站|输变电|线路|电网)",
        "a class of equipment (4.3米焦炉, 110千伏变电站), not a figure",
    ),
    (rf"(?<=每)[{_MAG}]+(?=人|户|名|平方公里|常住人口|户籍人口|个)", "the base of a rate (每千人口), not a figure"),
    (r"PM\s*2\.5|PM\s*10", "a name (PM2.5), not a number"),
    (
        r"(?<![A-Za-z0-9])(?!(?:GDP|CPI|PPI|PMI)[0-9])[A-Za-z]{1,4}\.?[0-9]+(?:\.[0-9]+)?",
        "a name or code (G5, IE9.0, LV.6), not a number",
    ),
    (r"(?:国道|省道|县道)[0-9]+线?|[0-9]+(?=国道|省道)", "a road's number (国道108线), not a figure"),
    (
        r"[\u4e00-\u9fff](?:路|街|巷|道|段|村|胡同|弄)[0-9]+(?:-[0-9]+)?号(?:院|楼)?|(?<![0-9.])[0-9]+(?:号楼|单元|室)",
        "a street address (门牌), not a figure",
    ),
    (rf"第[0-9{_CN}]+批(?:次)?", "ordinal of a batch (第一批), not a figure"),
    (r"(?<=[的之])一年(?![0-9一二三四五六七八九十])", "a phrase (不平凡的一年), not a figure"),
)

#: words that contain a numeral character but state no number
WORDS: tuple[str, ...] = (
    "一般",
    "统一",
    "唯一",
    "惟一",
    "之一",
    "第一时间",
    "第一要务",
    "第一责任",
    "第一动力",
    "第一生产力",
    "第一资源",
    "一系列",
    "进一步",
    "一流",
    "一体",
    "一份",
    "一起",
    "一直",
    "一定",
    "一切",
    "一道",
    "一样",
    "一些",
    "一度",
    "一致",
    "一线",
    "一旦",
    "一律",
    "一举",
    "一再",
    "一同",
    "一方面",
    "一站式",
    "一揽子",
    "一把手",
    "一盘棋",
    "一张蓝图",
    "一张网",
    "一网通办",
    "一件事",
    "一窗",
    "一次性",
    "一以贯之",
    "一抓到底",
    "一鼓作气",
    "一手",
    "两手",
    "一心",
    "一号文件",
    "一号工程",
    "一把",
    "一边",
    "一大批",
    "同一",
    "逐一",
    "万一",
    "一带一路",
    "万家灯火",
    "千家万户",
    "千方百计",
    "千军万马",
    "万众一心",
    "一心一意",
    "四面八方",
    "五湖四海",
    "百姓",
    "老百姓",
    "百花",
    "零售",
    "零碳",
    "零距离",
    "零容忍",
    "三产",
    "二产",
    "一产",
    "三次产业",
    "第一产业",
    "第二产业",
    "第三产业",
    "三农",
    "六稳",
    "六保",
    "两不愁",
    "三保障",
    "四个全面",
    "五位一体",
    "两个维护",
    "两个确立",
    "四个意识",
    "四个自信",
    "八项规定",
    "建党百年",
    "百年大计",
    "百年未有",
    "四舍五入",
    "学前三年",
    "九年义务教育",
    "九年一贯制",
    "十二年教育",
    "下一步",
    "上一篇",
    "下一篇",
    "上一条",
    "下一条",
    "上一个",
    "一、二、三产业",
    "二、三产业",
    "顶一个",
    "一成不变",
    "顶一下",
)

#: the quoted-slogan rule: a numeral in a short quotation (“一园四带”) names a thing
QUOTED = r"[“「『‘\"]([^”」』’\"\n]*)(?:[”」』’\"]|$)"

# ---------------------------------------------------------------- words that decide kind and sign

#: a rise: the number after it is a growth rate (%), a change in points, or a change
GROWTH_WORDS = ("增长", "增速", "增幅", "提高", "提升", "上升", "增加", "上涨", "涨幅")
#: a fall: the number after it is negative, its digits as printed (下降1.5% -> -1.5)
FALL_WORDS = ("下降", "降低", "减少", "回落", "下滑", "下跌", "净减", "缩小", "收窄", "缩减", "减小")
#: what a target is called (年度目标, 任务, 序时进度: the share of the year's target the
#: calendar says should be done by now)
_TARGETS = (
    r"(?:年度|全年|季度|月度|上半年|年初|预算|市定|省定|下达的?|既定)*"
    r"(?:预期目标|目标任务|任务|目标|计划|预期|序时进度|时序进度|进度|预算)"
)
#: a difference against the target of the same period (kind target_gap), read from the words
#: right before the number: (pattern, sign). 超任务1.6个百分点 is +1.6; 与任务相差0.85亿元,
#: 比序时进度慢8.6个百分点 and 低于年度目标4.8个百分点 are negative, their digits as printed.
TARGET_GAP: tuple[tuple[str, int], ...] = (
    (rf"超(?:过|出)?{_TARGETS}(?:了)?$", 1),
    (rf"(?:高于|快于|超出|多于|好于){_TARGETS}(?:了)?$", 1),
    (rf"(?<!不)(?:低于|慢于|少于|落后于?){_TARGETS}(?:了)?$", -1),
    (rf"比{_TARGETS}(?:快|高|多|超)(?:出)?(?:了)?$", 1),
    (rf"比{_TARGETS}(?:慢|低|少|差|落后)(?:了)?$", -1),
    (rf"与{_TARGETS}(?:相比)?(?:相差|差距为?|还差|差)(?:了)?$", -1),
    (rf"距(?:离)?{_TARGETS}(?:还)?(?:差|有)(?:了)?$", -1),
)
#: a difference against another place or an earlier period (高于全市平均水平2.1个百分点,
#: 低于全省0.6个百分点, 比全市高4.2个百分点): kind change, negative when below, as a fall.
#: 不低于/不高于 before a number are qualifiers (at least, at most), not differences.
_WHAT = r"[^0-9，,。；;、：:\n]{1,14}?"
DIFFERENCE: tuple[tuple[str, int], ...] = (
    (rf"(?<!不)(?:低于|慢于|少于|落后于?){_WHAT}(?:了)?$", -1),
    (rf"(?<!不)(?:高于|快于|多于|领先于?){_WHAT}(?:了)?$", 1),
    (rf"比{_WHAT}(?<![提降减增加放])(?:低|慢|少)(?:了)?$", -1),  # not 比上年降低 (a fall, read as one)
    (rf"比{_WHAT}(?<![提降减增加放])(?:高|快|多)(?:出)?(?:了)?$", 1),
)
#: words between a change word and the number that make it the level reached (下降到3.5%)
TO_LEVEL = ("到", "至", "为")
#: in a run of years (过去五年): the words before a level reached at its end (由42户增加到71户,
#: 提高到31.5%, 调整为7.9:55.2:36.9, 提高6.2个百分点，达到58.3%)
SPAN_END = r"(?:增加|提高|扩大|上升|下降|降低|减少|回落|回升|调整|缩小|增长|提升|跃升|跃居|降|减|升|达)(?:到|至|为)\s*$"
SHARE_WORDS = ("占比", "占", "比重", "份额", "贡献率")
RATE_WORDS = ("率",)
PERCENT_UNITS = ("%", "％", "个百分点", "百分点", "個百分點", "百分點", "‰", "千分点")
#: a change of a count or a level (新增就业5000人)
CHANGE_WORDS = ("新增", "净增", "增加", "减少", "净减", "下降", "降低")
#: words that hold 增加/增 but name a level (增加值 is value added)
NOT_CHANGE = ("增加值", "增值税", "增值", "新增长", "增长点", "增长极")
CUMULATIVE_WORDS = ("累计", "共计", "合计", "总计")

#: what a clause may say before its number without naming a subject: a clause of only
#: these (增长7.8%, 比上年下降1.5%) reaches back to the clause that names what grew
FUNCTION_WORDS = (
    "按可比价格计算",
    "按可比价计算",
    "扣除价格因素",
    "比上年末",
    "比上年同期",
    "比上年",
    "比去年同期",
    "比去年",
    "较上年末",
    "较上年同期",
    "较上年",
    "较去年同期",
    "较去年",
    "同比",
    "环比",
    "比年初",
    "较年初",
    "增长",
    "增速",
    "增幅",
    "提高",
    "提升",
    "上升",
    "上涨",
    "增加",
    "下降",
    "降低",
    "减少",
    "回落",
    "下滑",
    "下跌",
    "分别",
    "分别为",
    "为",
    "达到",
    "达",
    "实现",
    "完成",
    "了",
    "其中",
    "年均",
    "平均",
    "约",
    "超",
    "近",
    "以上",
    "个百分点",
    "百分点",
    "和",
    "与",
    "及",
    "总量",
    "增量",
    "全年",
    "任务",
    "目标",
    "计划",
    "相差",
    "虽",
    "但",
    "超过",
    "高于",
    "低于",
    "快于",
    "慢于",
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    reason: str


def rule_spans(folded: str) -> list[Span]:
    """Every stretch of the folded visible text that holds no figure, with its reason."""
    spans: list[Span] = []
    for pattern, reason in SPAN_RULES:
        spans += [Span(x.start(), x.end(), reason) for x in re.finditer(pattern, folded, re.MULTILINE)]
    words = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
    spans += [Span(x.start(), x.end(), f"a word, not a number: {x.group()}") for x in re.finditer(words, folded)]
    spans += [
        Span(x.start(), x.end(), "a word, not a number: 一批 'a batch of'") for x in re.finditer(r"(?<!第)一批", folded)
    ]
    return spans
