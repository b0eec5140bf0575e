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
  去年, 过去五年, 十四五), read by :func:`jiexiu_cli.periods.parse` with the report's year
  for phrases that name none; a base of comparison (比上年末, 较去年同期) is no period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiexiu_cli.extract_rules import YEAR

_N = "0-9一二两三四五六七八九十"
#: period phrases, longest first; each is read by periods.parse (with the report's year)
PERIOD_PHRASE = (
    rf"(?:截至|截止到?|到)?\s*(?:{YEAR}\s*年)?\s*[0-9一二三四五六七八九十]{{1,2}}\s*月\s*(?:底|末|[0-9一二三四五六七八九十]{{1,3}}\s*[日号])"
    rf"|(?:{YEAR}\s*年\s*)?(?:第?[一二三四1-4]\s*季度|首季度?|[上下]半年|前[一二两三1-3]\s*(?:个)?季度"
    rf"|前[{_N}]{{1,2}}\s*(?:个)?月|[{_N}]{{1,2}}\s*[-—–~～至到]\s*[{_N}]{{1,2}}\s*月份?)"
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
    from jiexiu_cli import periods

    title = title_of(raw, text)
    date = date_of(raw, folded)
    head = (title or "") + "\n" + folded[:300]
    written = int(date[:4]) if date else None
    genre, reports = "news", None
    t = re.search(rf"({YEAR})\s*年[^\n]{{0,40}}?(?:{'|'.join(_BULLETIN)})", head)
    w = re.search(rf"({YEAR})\s*年[^\n]{{0,20}}?(?:{'|'.join(_WORK_REPORT)})", head)
    period: str | None = None
    if w and not t:
        genre, written = "work_report", int(w.group(1))
        reports = written - 1
    elif t:
        genre, reports = "bulletin", int(t.group(1))
        written = written if written and written >= reports else reports + 1
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


def phrase_period(phrase: str, doc: Document, before: str) -> str | None:
    """The canonical period a phrase names, or None (a base of comparison, or unreadable)."""
    from jiexiu_cli import periods

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


def period_before(folded: str, floor: int, pos: int, doc: Document) -> str | None:
    """The nearest period phrase in folded[floor:pos] that names the figure's period."""
    found = None
    for m in re.finditer(PERIOD_PHRASE, folded[floor:pos]):
        before = folded[max(0, floor + m.start() - 2) : floor + m.start()]
        p = phrase_period(m.group(), doc, before)
        if p is not None:
            found = p
    return found
