"""A synthetic fact base of N figures, grown as a real one would grow.

    python benchmarks/synth.py --observations 100000 --out /tmp/facts-100k
    JIEXIU_DATA=/tmp/facts-100k jiexiu show gdp

Many fact-base files, one per synthetic source article (a few hundred to a few thousand
figures each), each beside the article text it quotes; indicators in files of their own
(Chinese and English names, aliases, pinyin); and the shipped fact base (its YAML and the
two articles) copied in, so `show gdp` and `search 焦化` answer there too.

Every article is written so that `jiexiu verify` passes: each sentence states one
indicator's level and its growth, the quote is that sentence, verbatim and unique in its
article, and the article holds no other number token (no Chinese numeral characters in
any name). Deterministic for a given --seed; written article by article, so memory stays
flat whatever N.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

# Names must hold no numeral character (〇零一二两三四五六七八九十百千万亿): each would be a
# number token of the article that verify wants accounted for.
PLACES = [
    ("义安", "Yi'an", "yian"),
    ("张兰", "Zhanglan", "zhanglan"),
    ("连福", "Lianfu", "lianfu"),
    ("洪山", "Hongshan", "hongshan"),
    ("龙凤", "Longfeng", "longfeng"),
    ("绵山", "Mianshan", "mianshan"),
    ("城关", "Chengguan", "chengguan"),
    ("宋古", "Songgu", "songgu"),
    ("北关", "Beiguan", "beiguan"),
    ("西关", "Xiguan", "xiguan"),
    ("东南", "Dongnan", "dongnan"),
    ("北坛", "Beitan", "beitan"),
    ("义棠", "Yitang", "yitang"),
    ("汾河", "Fenhe", "fenhe"),
    ("太岳", "Taiyue", "taiyue"),
    ("介林", "Jielin", "jielin"),
    ("后土", "Houtu", "houtu"),
    ("祆神", "Xianshen", "xianshen"),
    ("张壁", "Zhangbi", "zhangbi"),
    ("石屯", "Shitun", "shitun"),
    ("田村", "Tiancun", "tiancun"),
    ("南庄", "Nanzhuang", "nanzhuang"),
    ("宋安", "Song'an", "songan"),
    ("龙头", "Longtou", "longtou"),
    ("板峪", "Banyu", "banyu"),
    ("小靳", "Xiaojin", "xiaojin"),
    ("段屯", "Duantun", "duantun"),
    ("梁吉", "Liangji", "liangji"),
    ("湛泉", "Zhanquan", "zhanquan"),
]
PLACES = [("介休市", "Jiexiu", "jiexiu")] + [(zh + "镇", en + " town", py) for zh, en, py in PLACES]
SECTORS = [
    ("焦化", "coking", "jiaohua"),
    ("煤炭", "coal", "meitan"),
    ("钢铁", "steel", "gangtie"),
    ("旅游", "tourism", "lvyou"),
    ("农业", "agriculture", "nongye"),
    ("制造业", "manufacturing", "zhizaoye"),
    ("服务业", "services", "fuwuye"),
    ("物流", "logistics", "wuliu"),
    ("新能源", "new energy", "xinnengyuan"),
    ("氢能", "hydrogen", "qingneng"),
    ("文化", "culture", "wenhua"),
    ("商贸", "commerce", "shangmao"),
    ("建筑业", "construction", "jianzhuye"),
    ("清洁取暖", "clean heating", "qingjie qunuan"),
    ("生态环境", "environment", "shengtai huanjing"),
    ("教育", "education", "jiaoyu"),
    ("医疗卫生", "health care", "yiliao weisheng"),
    ("交通", "transport", "jiaotong"),
    ("电力", "power", "dianli"),
    ("化工", "chemicals", "huagong"),
]
METRICS = [
    ("产值", "output value", "chanzhi", "亿元"),
    ("增加值", "value added", "zengjiazhi", "亿元"),
    ("营业收入", "operating revenue", "yingye shouru", "亿元"),
    ("固定资产投资", "fixed-asset investment", "guding zichan touzi", "亿元"),
    ("税收", "tax revenue", "shuishou", "万元"),
    ("产能", "capacity", "channeng", "万吨"),
    ("产量", "output", "chanliang", "万吨"),
    ("建筑面积", "floor area", "jianzhu mianji", "万平方米"),
    ("从业人员", "employees", "congye renyuan", "万人"),
    ("接待人次", "visitors", "jiedai renci", "万人"),
]
VERBS = ["达到", "完成", "实现", "累计完成", "全年完成"]
GROWTH = ["同比增长", "比上年增长", "增长"]
PREFIX = ["全年", "", "截至年底，", "据统计，"]
_NUMERALS = set("〇零一二两三四五六七八九十百千万亿")


def _check_vocabulary() -> None:
    for word in [p[0][:-1] for p in PLACES[1:]] + [s[0] for s in SECTORS] + [m[0] for m in METRICS] + VERBS + GROWTH:
        assert not _NUMERALS & set(word), f"a numeral character in {word!r}"


def indicators(count: int) -> Iterator[dict[str, object]]:
    """``count`` distinct indicators: place x sector x metric, then numbered variants."""
    n = 0
    variant = 0
    while True:
        for place in PLACES:
            for sector in SECTORS:
                for metric in METRICS:
                    if n == count:
                        return
                    yield _indicator(place, sector, metric, variant)
                    n += 1
        variant += 1


_VARIANTS = ["", "规上", "重点", "民营", "国有", "外资", "新增", "在建"]
_VARIANTS_EN = ["", "above-scale ", "key ", "private ", "state-owned ", "foreign-funded ", "new ", "under-way "]
_VARIANTS_ID = ["", "gs", "zd", "my", "gy", "wz", "xz", "zj"]


def _indicator(place: tuple[str, str, str], sector: tuple[str, str, str], metric: tuple[str, ...], v: int) -> dict:
    vi = v % len(_VARIANTS)
    extra = f"_{v // len(_VARIANTS)}" if v >= len(_VARIANTS) else ""
    tag = _VARIANTS[vi] + ("甲乙丙丁戊己庚辛壬癸"[(v // len(_VARIANTS)) % 10] if extra else "")
    zh = f"{place[0]}{tag}{sector[0]}{metric[0]}"
    ident = "_".join(
        x for x in (place[2], _VARIANTS_ID[vi], sector[2].replace(" ", ""), metric[2].replace(" ", "")) if x
    )
    en = f"{place[1]} {_VARIANTS_EN[vi]}{sector[1]} {metric[1]}"
    return {
        "id": f"syn_{ident}{extra}",
        "name_zh": zh,
        "name_en": en + (f" ({extra[1:]})" if extra else ""),
        "aliases": [
            f"{place[0]}{tag}{sector[0]}",
            f"{sector[0]}{metric[0]}{place[0][:2]}{tag}",
            f"{place[2]} {sector[2]}",
        ],
        "topic": "industry",
        "unit": metric[3],
    }


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is one)."""
    return json.dumps(text, ensure_ascii=False)


def _number(rng: random.Random, low: float, high: float, places: int) -> str:
    value = rng.uniform(low, high)
    text = f"{value:.{places}f}".rstrip("0").rstrip(".") if places else str(round(value))
    return text if text not in ("0", "") else "1"


def write_indicators(out: Path, inds: list[dict[str, object]], chunk: int = 1000) -> None:
    folder = out / "indicators"
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(inds), chunk):
        with (folder / f"indicators_{start // chunk:04d}.yaml").open("w", encoding="utf-8") as fh:
            fh.write("indicators:\n")
            for ind in inds[start : start + chunk]:
                aliases = ", ".join(_q(str(a)) for a in ind["aliases"])  # type: ignore[attr-defined]
                fh.write(
                    f"  - id: {ind['id']}\n    name_zh: {_q(str(ind['name_zh']))}\n"
                    f"    name_en: {_q(str(ind['name_en']))}\n    aliases: [{aliases}]\n    topic: {ind['topic']}\n"
                )


def write_article(out: Path, k: int, figures: int, inds: list[dict[str, object]], rng: random.Random) -> int:
    """One article of about ``figures`` figures (two a sentence) and its fact-base file."""
    year = 2015 + k % 10
    stem = f"synth_{k:05d}"
    chosen = rng.sample(range(len(inds)), min(len(inds), max(1, figures // 2)))
    sentences, entries = [], []
    for i in chosen:
        ind = inds[i]
        unit = str(ind["unit"])
        level = _number(rng, 1, 999, rng.choice((0, 1, 2)))
        growth = _number(rng, 0.1, 30, 1)
        while growth == level:
            growth = _number(rng, 0.1, 30, 1)
        quote = f"{rng.choice(PREFIX)}{ind['name_zh']}{rng.choice(VERBS)}{level}{unit}，{rng.choice(GROWTH)}{growth}%"
        sentences.append(quote)
        for value, u, kind in ((level, unit, "level"), (growth, "%", "growth_rate")):
            entries.append(
                f'  - indicator: {ind["id"]}\n    period: "{year}"\n    value: "{value}"\n    unit: {_q(u)}\n'
                f"    qualifier: exact\n    kind: {kind}\n    quote: {_q(quote)}\n"
            )
    paragraphs = ["。".join(sentences[i : i + 6]) + "。" for i in range(0, len(sentences), 6)]
    text = f"# {PLACES[k % len(PLACES)][0]}经济社会发展情况综述\n\n" + "\n\n".join(paragraphs) + "\n"
    data = text.encode("utf-8")
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_bytes(data)
    with (folder / f"{stem}.yaml").open("w", encoding="utf-8") as fh:
        fh.write(
            f"sources:\n  - file: {stem}.txt\n    text: {stem}.txt\n    sha256: {hashlib.sha256(data).hexdigest()}\n"
            f"    title: {_q(PLACES[k % len(PLACES)][0] + '经济社会发展情况综述')}\n    publisher: 合成日报\n"
            f'    date: "{year + 1}-01-15"\n    covers: "{year}"\n'
            "    description: A synthetic article written by benchmarks/synth.py.\n\nfigures:\n"
        )
        fh.writelines(entries)
    return len(entries)


def copy_shipped(out: Path) -> None:
    """The shipped fact base and its articles, so show gdp and search 焦化 answer here too."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from jiexiu_cli.factbase.data_path import shipped_data

    data = shipped_data()
    shutil.copytree(data, out / "shipped" / "data", dirs_exist_ok=True)
    shutil.copytree(data.parent / "seeds", out / "shipped" / "seeds", dirs_exist_ok=True)


def synthesize(observations: int, out: Path, seed: int = 8) -> int:
    """Write about ``observations`` figures (the shipped ones not counted) under ``out``."""
    _check_vocabulary()
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    copy_shipped(out)
    inds = list(indicators(max(200, observations // 20)))
    write_indicators(out, inds)
    written, k = 0, 0
    while written < observations:
        size = min(rng.randint(300, 3000), observations - written)
        size += size % 2
        written += write_article(out, k, size, inds, rng)
        k += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", "-n", type=int, required=True, help="how many figures to write")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (JIEXIU_DATA=OUT)")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    written = synthesize(args.observations, args.out, args.seed)
    print(f"{written} figures written under {args.out} (plus the shipped fact base)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
