"""Sectors: from the words of a text to the taxonomy."""

from __future__ import annotations

import pytest

from coopmap.reports.sectors import find_sectors
from coopmap.taxonomy import Sector


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("a light railway", Sector.TRANSPORT),
        ("a polypropylene plant", Sector.INDUSTRY),
        ("gas exploration", Sector.ENERGY),
        ("customs cooperation", Sector.TRADE),
        ("quality control", Sector.TRADE),
        ("tourism", Sector.TOURISM),
        ("finance", Sector.FINANCE),
        ("agriculture", Sector.AGRICULTURE),
        ("a nuclear power plant", Sector.ENERGY),
        ("aviation", Sector.TRANSPORT),
        ("environmental protection", Sector.ENVIRONMENT),
        ("the Internet", Sector.ICT),
        ("copper mining", Sector.MINING),
    ],
)
def test_words_name_sectors(phrase, sector):
    found = find_sectors(phrase)
    assert found
    assert found[0].sector is sector
    assert phrase[found[0].start : found[0].end] == found[0].text


def test_longest_phrase_wins():
    (mention,) = find_sectors("a light railway")
    assert mention.text == "light railway"
    kinds = [m.sector for m in find_sectors("nuclear power plant")]
    assert kinds[0] is Sector.ENERGY


def test_report_sectors():
    text = (
        "Beyond the 22.4 km light railway in Astana, the sides agreed on customs and quality "
        "control, a polypropylene plant and joint gas exploration."
    )
    assert {m.sector for m in find_sectors(text)} == {
        Sector.TRANSPORT,
        Sector.TRADE,
        Sector.INDUSTRY,
        Sector.ENERGY,
    }


@pytest.mark.parametrize(
    "text",
    ["", "The report was important for the portfolio, the roadmap and the passport office."],
)
def test_texts_without_sectors(text):
    assert find_sectors(text) == []


def test_smelting_is_industry():
    (mention,) = find_sectors("steel and smelting")[1:]
    assert mention.sector is Sector.INDUSTRY
