"""What an article says about itself and the time its figures speak of.

* the **title** (front matter, ``<title>``, or the first line a reader sees), the
  **date** it was published and the **publisher** of a ``来源:`` line (stopping at
  时间, 作者, 编辑, 日期 …, which pages print on the same line);
* the **year it reports on**: a statistical bulletin titled 2021年…统计公报 reports on
  2021 even when it is published on 2022年3月28日; a government work report titled
  2022年政府工作报告 is written in 2022 and reviews 2021 (过去一年) before it sets the
  targets of 2022 (今年); news reports on the year it is dated;
* the **period of a figure**: the nearest period phrase before the number in its
  paragraph (2021年, 一季度, 上半年, 1-10月, 前三季度, 年末, 截至6月底, 全年, 今年,
  去年, 过去五年, 十四五), read by :func:`jiexiu_cli.core.periods.parse` with the report's year
  for phrases that name none; a base of comparison (比上年末, 较去年同期) is no period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiexiu_cli.analysis.extract.rules import YEAR

_N = "0-9一二两三四五六七八九十"
#: period phrases, longest first; each is read by periods.parse (with the report's year)
PERIOD_PHRASE = (
    rf"(?:截至|截止到?|到)?\s*(?:{YEAR}\s*年)?\s*[0-9一二三四五六七八九十]{{1,2}}\s*月\s*(?:底|末|[0-9一二三四五六七八九十]{{1,3}}\s*[日号])"
    rf"|(?:{YEAR}\s*年\s*)?(?:第?[一二三四1-4]\s*季度|首季度?|[上下]半年|前[一二两三1-3]\s*(?:个)?季度"
    rf"|前[{_N}]{{1,2}}\s*(?:个)?月|[{_N}]{{1,2}}\s*[-—–~～至到]\s*[{_N}]{{1,2}}\s*月份?"
    rf"|(?<![{_N}\-—–~～至到])(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月份?(?![{_N}日号底末初中上下旬]))"
    rf"|{YEAR}\s*[-—–~～至到]\s*{YEAR}\s*年"
    rf"|(?:截至|截止到?|到)?\s*{YEAR}\s*年\s*(?:末|底)"
    rf"|{YEAR}\s*年(?![0-9]{{1,2}}\s*月)(?:全年|度)?"
    r"|十[一二三四五六]五(?:时期|期间)?"
    r"|过去(?:的)?[一二三四五两1-5]年|[一二三四五两]年来"
    r"|今年|去年|明年|全年|年末|年底"
)
#: what before a phrase makes it the base of a comparison, not the figure's period
_BASE = ("比", "较", "同", "于", "与", "相比", "比上", "较上")
_BULLETIN = ("统计公报", "公报", "国民经济和社会发展", "统计年鉴", "年鉴", "决算", "执行情况")
_WORK_REPORT = ("政府工作报告", "工作报告")
_DATE = rf"({YEAR})\s*[-/.年]\s*([0-9]{{1,2}})\s*[-/.月]\s*([0-9]{{1,2}})"
_PUBLISHER_STOP = r"时间|日期|作者|编辑|责任编辑|责编|记者|通讯员|发布|来源|浏览|阅读|点击|字号|打印|\d{4}"


@dataclass(frozen=True, slots=True)
class Document:
    title: str | None
    date: str | None  # YYYY-MM-DD it was published
    publisher: str | None
    genre: str  # bulletin, work_report, news
    written: int | None  # the year it was written (今年)
    reports: int | None  # the year it reports on (全年, 一季度 … take it)
    period: str | None  # the period of a figure whose text names none


def title_of(raw: str, text: str) -> str | None:
    m = re.match(r"\A---[ \t]*\r?\n(.*?)\n---", raw, re.DOTALL)
    if m:
        t = re.search(r"^title:\s*[\"']?(.*?)[\"']?\s*$", m.group(1), re.MULTILINE)
        if t and t.group(1):
            return t.group(1)
    t = re.search(r"<title[^>]*>([^<]{2,})</title>", raw[:5000], re.IGNORECASE)
    if t and t.group(1).strip():
        return re.sub(r"\s+", " ", t.group(1)).strip()[:80]
    for line in text.split("\n"):
        plain = line.strip().strip("#*>|\t —-").strip()
        if plain:
            return plain[:60]
    return None


def date_of(raw: str, folded: str) -> str | None:
    """Front matter, else the first full date of the head, else the last of the tail
    (bulletins sign off with their date)."""
    m = re.match(r"\A---[ \t]*\r?\n.*?\n---", raw, re.DOTALL)
    tail = list(re.finditer(_DATE, folded[-300:]))
    for d in [re.search(_DATE, m.group()) if m else None, re.search(_DATE, folded[:600]), tail[-1] if tail else None]:
        if d is not None:
            y, mo, da = int(d.group(1)), int(d.group(2)), int(d.group(3))
            if 1 <= mo <= 12 and 1 <= da <= 31:
                return f"{y}-{mo:02d}-{da:02d}"
    return None


def publisher_of(folded: str, text: str) -> str | None:
    m = re.search(r"(?:来源|来自|稿源|出处)\s*[:：]\s*", folded)
    if not m:
        return None
    rest = folded[m.end() : m.end() + 60]
    stop = re.search(rf"[\s,，;；|)）<>。]|{_PUBLISHER_STOP}", rest)
    end = stop.start() if stop else len(rest)
    name = text[m.end() : m.end() + end].strip()
    return name or None


def document(raw: str, text: str, folded: str) -> Document:
    from jiexiu_cli.core import periods

    title = title_of(raw, text)
    date = date_of(raw, folded)
    head = _head(title, folded)
    written = int(date[:4]) if date else None
    genre, reports = "news", None
    t = re.search(rf"({YEAR})\s*年[^\n]{{0,40}}?(?:{'|'.join(_BULLETIN)})", head)
    w = re.search(rf"({YEAR})\s*年[^\n]{{0,20}}?(?:{'|'.join(_WORK_REPORT)})", head)
    period: str | None = None
    if not t and not w and title and any(word in title for word in _WORK_REPORT):
        # 政府工作报告 / ——2023年1月9日在…人民代表大会…上: the year it is delivered in
        w = re.search(rf"({YEAR})\s*年\s*[0-9]{{1,2}}\s*月", head)
    if w and not t:
        genre, written = "work_report", int(w.group(1))
        reports = written - 1
    elif t:
        genre, reports = "bulletin", int(t.group(1))
        written = written if written and written >= reports else reports + 1
    elif title and written is not None:
        # news whose title names an earlier year (山西柳溪縣2022年經濟穩中有進, published in 2023)
        y = re.search(rf"({YEAR})\s*年(?!\s*[0-9一二三四五六七八九十]{{1,2}}\s*月)", fold_title(title))
        if y and int(y.group(1)) < written:
            reports = int(y.group(1))
    if reports is None:
        reports = written
    if reports is None:
        y = re.search(rf"({YEAR})\s*年", folded[:2000])
        reports = int(y.group(1)) if y else None
    if genre == "news" and reports is not None:
        for m in re.finditer(PERIOD_PHRASE, (title or "") + "\n" + folded[:400]):
            if m.group() in ("全年", "今年", "去年", "明年") or re.fullmatch(rf"{YEAR}\s*年", m.group()):
                continue
            try:
                period = str(periods.parse(m.group().strip(), year_hint=reports))
                break
            except periods.PeriodError:
                continue
    if period is None and reports is not None:
        period = str(reports)
    if period is None:
        plan = re.search(r"十([一二三四五六])五", folded[:600])
        if plan:
            period = str(periods.parse(plan.group()))
    return Document(title, date, publisher_of(folded, text), genre, written, reports, period)


def fold_title(title: str) -> str:
    from jiexiu_cli.core.hanzi import fold

    return fold(title)


def _head(title: str | None, folded: str) -> str:
    """What names a document's genre: its title and the short lines of its head (a
    bulletin's or a report's title lines), never a sentence of its body (a meeting report
    that mentions 2022年国民经济和社会发展计划执行情况 is not a bulletin)."""
    lines = [line.strip() for line in folded[:1000].split("\n") if line.strip()][:6]
    return "\n".join([title or ""] + [line for line in lines if len(line) <= 60])


def phrase_period(phrase: str, doc: Document, before: str) -> str | None:
    """The canonical period a phrase names, or None (a base of comparison, or unreadable)."""
    from jiexiu_cli.core import periods

    if before.endswith(_BASE):
        return None
    phrase = re.sub(r"\s+", "", phrase)
    if phrase in ("今年", "去年", "明年"):
        if doc.written is None:
            return None
        return str(doc.written + {"今年": 0, "去年": -1, "明年": 1}[phrase])
    m = re.fullmatch(r"过去(?:的)?([一二三四五两1-5])年|([一二三四五两])年来", phrase)
    if m:
        if doc.written is None:
            return None
        g = m.group(1) or m.group(2)
        n = int(g) if g.isdigit() else {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}[g]
        return str(doc.written - 1) if n == 1 else f"{doc.written - n}-{doc.written - 1}"
    if phrase in ("全年",) and doc.reports is not None:
        return str(doc.reports)
    if phrase in ("年末", "年底") and doc.reports is not None:
        return f"{doc.reports}-12-31"
    try:
        return str(periods.parse(phrase, year_hint=doc.reports))
    except periods.PeriodError:
        return None


#: a period phrase that qualifies the one number after it (由2017年的132.6亿元增加到2022年的
#: 205.3亿元): it is that number's period and no other's
_ATTRIBUTIVE = r"\s*的\s*[-0-9一二两三四五六七八九十]"
#: a date that says when the reporter learnt the figures, not what they are of
_REPORTING_DATE = r"[^。；;\n]{0,6}?(?:记者|获悉|了解到|消息|发布|通报)"
_SENTENCE_END = "。；;！？!?\n"


def period_before(folded: str, floor: int, pos: int, doc: Document) -> str | None:
    """The nearest period phrase in folded[floor:pos] that names the figure's period: not a
    base of comparison (比上年), not a phrase that qualifies another number (2017年的), not
    a reporter's dateline (7月25日，记者从…获悉), and a single month (6月份) only within
    its own sentence."""
    found = None
    for m in re.finditer(PERIOD_PHRASE, folded[floor:pos]):
        start, end = floor + m.start(), floor + m.end()
        before = folded[max(0, start - 2) : start]
        if re.match(_ATTRIBUTIVE, folded[end:]):
            continue  # 2017年的132.6亿元: that number's (see attributive_period), no other's
        phrase = m.group()
        if re.search(r"[日号]$", phrase) and re.match(_REPORTING_DATE, folded[end:]):
            continue
        one_month = re.search(r"月份?$", phrase) and not re.search(r"[-—–~～至到]|前", phrase)
        if one_month and any(c in _SENTENCE_END for c in folded[end:pos]):
            continue
        p = phrase_period(phrase, doc, before)
        if p is not None and re.match(r"[”」\"']?\s*以来", folded[end:pos]):
            p = _since(p, doc)
        if p is not None:
            found = p
    return found


def respective_period(folded: str, floor: int, pos: int, doc: Document) -> str | None:
    """十月、十一月当月增速分别为9.1%和10.4%: after 分别, the k-th number of the list takes
    the k-th period of a list of periods before it; None when the sentence has no such lists."""
    head = folded[floor:pos]
    at = head.rfind("分别")
    if at < 0:
        return None
    k = len(re.findall(r"[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十]+", head[at + 2 :]))
    run: list[re.Match[str]] = []
    for m in re.finditer(PERIOD_PHRASE, head[:at]):
        if run and not re.fullmatch(r"\s*[、和与及]\s*", head[run[-1].end() : m.start()]):
            run = []
        run.append(m)
    if len(run) < 2 or k >= len(run):
        return None
    m = run[k]
    return phrase_period(m.group(), doc, head[max(0, m.start() - 2) : m.start()])


def _since(period: str, doc: Document) -> str:
    """「十四五」以来 in a text reporting on 2023: 2021-2023 (from the start to the year
    reported on); a period that starts in that year is kept."""
    from jiexiu_cli.core import periods

    first = periods.parse(period).start[0]
    if doc.reports is None or doc.reports <= first:
        return period
    return str(periods.years(first, doc.reports))


#: what an attributive phrase before a number may be besides a period phrase: the same
#: period a year earlier (上年的, 上年同期的), the year's first day (年初的)
_RELATIVE = r"(?:上年同期|去年同期|上年末|去年末|上年底|上年|去年|年初)"


def attributive_period(folded: str, floor: int, pos: int, doc: Document, context: str | None) -> str | None:
    """The period of a phrase + 的 right before the number at ``pos`` (2017年的68微克,
    上年同期的24.3%, 年初的46个, 8月末的39个), or None. ``context`` is the period the
    number would have otherwise (上年同期 is that period a year earlier)."""
    from jiexiu_cli.core import periods

    head = folded[floor:pos]
    m = re.search(rf"({_RELATIVE}|{PERIOD_PHRASE})\s*的\s*$", head)
    if m is None:
        return None
    phrase = re.sub(r"\s+", "", m.group(1))
    if re.fullmatch(_RELATIVE, phrase):
        if context is None:
            return None
        try:
            p = periods.parse(context)
        except periods.PeriodError:
            return None
        y = p.start[0]
        if phrase == "年初":
            return str(periods.point(y, 1, 1))
        if phrase.endswith(("末", "底")):
            return str(periods.point(y - 1, 12, 31))
        return str(p.shifted(-1))
    before = folded[max(0, floor + m.start(1) - 3) : floor + m.start(1)]
    if before.endswith(("是", "为", "相当于")):
        return None  # 是2020年的四倍: the year of the base, not of the multiple
    return phrase_period(phrase, doc, before)
