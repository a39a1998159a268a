"""The curated Chinese place names (data/names_zh.csv): each lands on its place, and Chinese
reports find the places by them."""

from __future__ import annotations

import csv
import re

import pycountry
import pytest

from coopmap.paths import data_dir
from coopmap.reports.chinese.toponyms import find_toponyms

_HAN = re.compile("[\u4e00-\u9fff]+")


def _rows() -> list[dict[str, str]]:
    with (data_dir() / "names_zh.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_list_is_well_formed():
    rows = _rows()
    assert len(rows) >= 1000
    assert list(rows[0]) == ["name_zh", "target_name", "country"]
    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    targets: dict[tuple[str, str], str] = {}
    for row in rows:
        assert _HAN.fullmatch(row["name_zh"].replace("-", "")), row
        assert row["country"] in codes, row
        # one place per name and country: a border town's name may name both sides (霍尔果斯)
        key = (row["name_zh"], row["country"])
        assert targets.setdefault(key, row["target_name"]) == row["target_name"], row


def test_every_chinese_name_resolves_to_its_target(gazetteer):
    def where(place):
        return place and (place.name, place.lat, place.lon, place.country)

    misses = []
    for row in _rows():
        found = gazetteer.best(row["name_zh"], country=row["country"])
        target = gazetteer.best(row["target_name"], country=row["country"])
        if found is None or found.match != "alias" or where(found) != where(target):
            misses.append(f"{row['name_zh']} -> {where(found)}, not {where(target)}")
    assert not misses, "\n".join(misses)


@pytest.mark.parametrize(
    ("name", "place", "country", "precision"),
    [
        ("亚的斯亚贝巴", "Addis Ababa", "ET", "city"),
        ("信德省", "Sindh", "PK", "admin1"),
        ("楚河州", "Chuy Region", "KG", "admin1"),
        ("阿拉木图州", "Almaty Oblysy", "KZ", "admin1"),
        ("阿拉木图", "Almaty", "KZ", "city"),
        ("卡拉巴尔塔", "Kara-Balta", "KG", "city"),
        ("卡拉巴尔", "Calabar", "NG", "city"),
        ("宁夏回族自治区", "Ningxia", "CN", "admin1"),
        ("皎漂", "Kyaukpyu", "MM", "city"),
    ],
)
def test_a_chinese_name_is_its_place(gazetteer, name, place, country, precision):
    found = gazetteer.best(name)
    assert (found.name, found.country, found.precision.value) == (place, country, precision)


def _places(text: str) -> list[tuple[str, str]]:
    return [(t.name, t.place.name) for t in find_toponyms(text) if t.place is not None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "埃塞俄比亚总理在亚的斯亚贝巴会见了来自德雷达瓦和阿瓦萨的工业园代表。",
            [("亚的斯亚贝巴", "Addis Ababa"), ("德雷达瓦", "Dire Dawa"), ("阿瓦萨", "Awasa")],
        ),
        (
            "巴基斯坦信德省的燃煤电站并网后，瓜达尔港的新机场也于今年投入使用。",
            [("信德省", "Sindh"), ("瓜达尔港", "Gwadar")],
        ),
        (
            "吉尔吉斯斯坦楚河州卡拉巴尔塔的炼油厂与塔吉克斯坦丹加拉的工厂同日开工。",
            [("楚河州", "Chuy Region"), ("卡拉巴尔塔", "Kara-Balta"), ("丹加拉", "Danghara")],
        ),
        (
            "从西哈努克省到巴韦，新的物流通道缩短了运输时间。",
            [("西哈努克省", "Preah Sihanouk"), ("巴韦", "Bavet")],
        ),
        (
            "孔博查工业园位于阿姆哈拉州，提格雷州的道路项目也已恢复施工。",
            [("孔博查", "Kombolcha"), ("阿姆哈拉州", "Amhara"), ("提格雷州", "Tigray")],
        ),
        # a border town's name is the side its country says
        ("中欧班列从新疆霍尔果斯口岸出境。", [("新疆", "Xinjiang"), ("霍尔果斯", "Qarasu")]),
        ("货物在哈萨克斯坦霍尔果斯的无水港换装。", [("霍尔果斯", "Khorgos")]),
    ],
)
def test_chinese_reports_find_the_places(text, expected):
    found = _places(text)
    for pair in expected:
        assert pair in found, found
    assert not any(place == "Calabar" for _text, place in found)
