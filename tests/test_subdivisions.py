"""Reading the ISO 3166-2 data of the iso3166-2 package (places/gazetteer/subdivisions.py)."""

from __future__ import annotations

from coopmap.places.gazetteer import subdivisions as module
from coopmap.places.gazetteer.subdivisions import local_type_variants, romanised, subdivisions


def test_local_names_are_split_into_names_and_languages():
    names = module._local_names("Tuscany (eng), Toscana (ita-tus), Ақтөбе облысы (kaz)")
    assert names == (("Tuscany", "eng"), ("Toscana", "ita"), ("Ақтөбе облысы", "kaz"))
    assert module._local_names(None) == ()


def test_former_codes_follow_chains_of_changes():
    data = {
        "KZ": {
            "KZ-15": {"history": [{"Change": "Codes changed: KZ-AKT -> KZ-15. KZ-X -> KZ-Y."}]},
            "KZ-Y": {"history": [{"Change": "KZ-OLD -> KZ-X"}]},
        }
    }
    assert module._renames(data) == {"KZ-15": ["KZ-AKT"], "KZ-Y": ["KZ-OLD", "KZ-X"]}


def test_every_subdivision_has_a_point_and_its_pycountry_spelling():
    import pycountry

    subs = {s.code: s for s in subdivisions()}
    assert set(subs) == {s.code for s in pycountry.subdivisions}
    assert all(-90 <= s.lat <= 90 and -180 <= s.lon <= 180 for s in subs.values())
    assert subs["KZ-15"].old_codes == ("KZ-AKT",)
    assert subs["KG-C"].spellings == ("Chüy",)
    assert ("Tuscany", "eng") in subs["IT-52"].local_names
    assert subs["FR-69"].parent == "FR-ARA"


def test_local_names_are_also_written_with_their_type_words():
    assert local_type_variants("浙江", "zho", "Province") == ["浙江省"]
    assert local_type_variants("الشرقية", "ara", "Governorate") == ["محافظة الشرقية"]
    assert local_type_variants("Tuscany", "eng", "Region") == []


def test_cyrillic_names_are_romanised_as_english_texts_write_them():
    assert romanised("Актюбинская область") == "Aktyubinskaya oblast"
    assert romanised("Ақтөбе облысы") == "Aqtobe oblysy"
    assert romanised("Toscana") is None
