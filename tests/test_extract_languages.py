"""Reports in Russian and Chinese: the language found, places in their inflected forms or
without spaces, dates in each language's forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.reports import extract
from coopmap.reports.chinese.dates import find_dates as chinese_dates
from coopmap.reports.language import detect, language
from coopmap.reports.russian.dates import find_dates as russian_dates

RUSSIAN = (
    "АСТАНА, 15 декабря 2015 года. Премьер-министр Казахстана провёл переговоры в Пекине. "
    "Стороны обсудили строительство завода в Северо-Казахстанской области и логистического "
    "центра в Хоргосе. Из Китая в Алма-Ату прибыла делегация. Мир и Союз здесь не места. "
    "Заседание прошло в Чжэнчжоу, а форум пройдёт в Сиане."
)
CHINESE = (
    "新华社北京12月14日电 国务院总理14日在北京同哈萨克斯坦总理举行会谈。双方同意在阿斯塔纳"
    "建设轻轨项目，由中国铁路工程集团承建。上海合作组织成员国政府首脑理事会会议在郑州举行。"
    "世界互联网大会12月16日至18日在浙江乌镇举行。中国和哈萨克斯坦的公司将在新疆维吾尔自治区合作。"
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("China Railway Group will build a light railway in Astana.", "en"),
        (RUSSIAN, "ru"),
        ("Строительство завода в Astana Hub", "ru"),
        (CHINESE, "zh"),
        ("2015年12月14日，李克强在Beijing会见Karim Massimov。", "zh"),
        ("", "en"),
    ],
)
def test_the_language_is_found_from_the_script(text, code):
    assert detect(text) == code


def test_a_language_asked_for_is_checked():
    assert language("anything", "RU") == "ru"
    with pytest.raises(ValueError, match="unknown language 'de'"):
        language("anything", "de")


def _places(extraction):
    return [(t.name, t.place.name, t.place.country) for t in extraction.places]


def test_russian_places_are_found_in_their_inflected_forms(gazetteer):
    read = extract(RUSSIAN)
    assert read.language == "ru"
    found = {(name, country) for _, name, country in _places(read)}
    assert {
        ("Astana", "KZ"),
        ("Kazakhstan", "KZ"),
        ("Beijing", "CN"),
        ("Khorgos", "KZ"),
        ("China", "CN"),
        ("Almaty", "KZ"),
        ("Zhengzhou", "CN"),
        ("Xi\u2019an", "CN"),
    } <= found
    written = {name for name, _, _ in _places(read)}
    assert "Северо-Казахстанской области" in written
    assert not {"Мир", "Союз"} & written  # capitalised common words


def test_chinese_places_are_the_longest_names_known_and_not_inside_organisations(gazetteer):
    read = extract(CHINESE, date="2015-12-14")
    assert read.language == "zh"
    places = _places(read)
    found = {(name, country) for _, name, country in places}
    assert {
        ("Beijing", "CN"),
        ("Kazakhstan", "KZ"),
        ("Astana", "KZ"),
        ("Zhengzhou", "CN"),
        ("Zhejiang", "CN"),
        ("Wuzhen", "CN"),
        ("Xinjiang", "CN"),
    } <= found
    written = [name for name, _, _ in places]
    assert "新疆维吾尔自治区" in written  # the longest match, not 新疆
    # 中国 once: from "China and Kazakhstan", not from the contractor China Railway Group;
    # 上海 not from the Shanghai Cooperation Organisation's name
    assert written.count("中国") == 1
    assert "上海" not in written


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Соглашение подписано 14 декабря 2015 года.", [("2015-12-14", None)]),
        ("Форум прошёл 16–18 декабря.", [("2015-12-16", "2015-12-18")]),
        (
            "Контракт заключён в мае 2016 года, завод построят в 2018 году.",
            [("2016-05", None), ("2018", None)],
        ),
        (
            "Об этом стало известно в прошлом году, а вчера начали стройку.",
            [("2014", None), ("2015-12-14", None)],
        ),
        ("В понедельник делегация прибыла.", [("2015-12-14", None)]),
        ("Программа на 2016-2020 годы.", [("2016", "2020")]),
        # "Мама" is no May; "в мае" is May of the report's year
        ("Мама мыла раму в мае.", [("2015-05", None)]),
        # the report is of Tuesday 15 December 2015
        ("В минувшую пятницу стороны подписали план.", [("2015-12-11", None)]),
        ("В прошлый вторник делегация прибыла.", [("2015-12-08", None)]),
        ("Переговоры продолжатся в следующий понедельник.", [("2015-12-21", None)]),
        ("В минувшем месяце начали стройку.", [("2015-11", None)]),
    ],
)
def test_russian_dates(text, dates):
    found = russian_dates(text, report_date="2015-12-15")
    assert [(str(d.date), d.until and str(d.until)) for d in found] == dates


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("2015年12月14日，两国签署协议。", [("2015-12-14", None)]),
        ("大会12月16日至18日在乌镇举行。", [("2015-12-16", "2015-12-18")]),
        ("项目于2016年5月开工，2018年建成。", [("2016-05", None), ("2018", None)]),
        ("去年双方同意，今天正式签约。", [("2014", None), ("2015-12-15", None)]),
        ("《2016-2020年规划》", [("2016", "2020")]),
    ],
)
def test_chinese_dates(text, dates):
    found = chinese_dates(text, report_date="2015-12-15")
    assert [(str(d.date), d.until and str(d.until)) for d in found] == dates


def test_a_russian_dateline_gives_the_report_date(gazetteer):
    read = extract("АСТАНА, 15 декабря 2015 года. Вчера в Пекине прошли переговоры.")
    assert str(read.report_date) == "2015-12-15"
    assert [str(d.date) for d in read.dates] == ["2015-12-15", "2015-12-14"]


def test_the_cli_shows_the_language_and_takes_one(gazetteer, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(RUSSIAN, encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(main, ["extract", str(report)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("language: Russian\n")
    assert "Пекине" in shown.output
    as_json = runner.invoke(main, ["extract", str(report), "--json", "--lang", "en"])
    assert json.loads(as_json.output)["language"] == "en"
    wrong = runner.invoke(main, ["extract", str(report), "--lang", "de"])
    assert wrong.exit_code == 2
    assert "'de' is not one of" in wrong.output


REPORTS = Path(__file__).parent / "data" / "reports"


def _records(extraction):
    return [
        (
            c.kind.value,
            (c.event_type or c.status).value if (c.event_type or c.status) else None,
            c.start and str(c.start),
            c.title,
            tuple(t.place.name for t in c.places),
        )
        for c in extraction.records
    ]


def test_a_russian_report_proposes_its_events_and_projects(gazetteer):
    read = extract((REPORTS / "ru-lrt-talks.txt").read_text(encoding="utf-8"))
    records = _records(read)
    assert records == [
        ("event", "talks", "2015-12-14", "Переговоры — Пекин", ("Beijing",)),
        # "по итогам встречи" is the talks again; the signing takes their place and day, not
        # the place of the railway it is about
        ("event", "signing", "2015-12-14", "Подписание — Пекин", ("Beijing",)),
        (
            "event",
            "meeting",
            "2015-12-14",
            "Заседание глав правительств ШОС — Чжэнчжоу",
            ("Zhengzhou",),
        ),
        # the next sentence's start ("Строительство начнётся в 2016 году") is the railway's
        ("project", "agreed", "2016", "Легкорельсовый транспорт — Астана", ("Astana",)),
        (
            "project",
            "announced",
            None,
            "Завод по производству полипропилена — Атырауская область",
            ("Atyrau Oblisi",),
        ),
        ("project", "operating", None, "Завод по сборке автомобилей — Костанай", ("Kostanay",)),
    ]
    signing = read.records[1]
    assert [(t.value, key) for t, key in signing.links] == [("signed_at", read.records[3].key)]
    assert all(r.draft for r in read.to_records())
    assert read.to_records()[0].id.startswith("ev-peregovory-pekin-")


def test_a_chinese_report_proposes_its_events_and_projects(gazetteer):
    read = extract((REPORTS / "zh-lrt-talks.txt").read_text(encoding="utf-8"), date="2015-12-14")
    records = _records(read)
    assert records[:4] == [
        ("event", "talks", "2015-12-14", "北京会谈", ("Beijing",)),
        ("event", "signing", "2015-12-14", "北京签署", ("Beijing",)),
        # an event is titled by the phrase that names it
        (
            "event",
            "meeting",
            "2015-12-14",
            "上海合作组织成员国政府首脑理事会第十四次会议",
            ("Zhengzhou",),
        ),
        ("event", "conference", "2015-12-16", "第二届世界互联网大会", ("Wuzhen",)),
    ]
    # 人民大会堂 is a hall, not a conference; 中国铁路工程集团 is the contractor, not a railway
    projects = [r for r in records if r[0] == "project"]
    assert projects == [
        ("project", "announced", "2016", "阿斯塔纳轻轨项目", ("Astana",)),
        ("project", "operating", None, "中哈产能合作基金", ()),
    ]
    assert str(read.records[3].end) == "2015-12-18"


def test_russian_names_that_share_a_type_word_or_are_words_of_another_use(gazetteer):
    read = extract(
        "Во время визита стороны обсудили заводы в Павлодарской и Карагандинской "
        "областях стоимостью 300 млн долларов США."
    )
    written = {t.name: t.place.name for t in read.places}
    assert written["Павлодарской"] == "Pavlodar Region"
    assert written["Карагандинской областях"] == "Karaganda"
    assert "Во" not in written  # a preposition, not Vaud
    assert "США" not in written  # the currency's country


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("The loan of 350 million U.S. dollars was agreed in Astana.", ["Astana"]),
        ("The word means friendship in Russian, the port is in Kazakhstan.", ["Kazakhstan"]),
        ("Signs are in English. English teams play in Almaty.", ["England", "Almaty"]),
        ("Harbin Electric will build a 300 MW power plant in Ekibastuz.", ["Ekibastuz"]),
        ("Prices are in Kazakh tenge, in Kazakhstan.", ["Kazakhstan"]),
    ],
)
def test_english_names_used_as_currencies_languages_or_in_company_names(gazetteer, text, places):
    assert [t.place.name for t in extract(text).places] == places


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Линия протяжённостью 22,4 км с 18 станциями обойдётся в 1,9 млрд долларов США.",
            [(22.4, "km", "length"), (18, "stations", "count"), (1.9e9, "USD", "money")],
        ),
        (
            "Завод на 300 тыс. тонн за 50 млрд тенге, линия 2 787 км.",
            [(300_000, "t", "mass"), (5e10, "KZT", "money"), (2787, "km", "length")],
        ),
        (
            "全长22.4公里，设18座车站，装机300兆瓦，总投资20亿美元。",
            [
                (22.4, "km", "length"),
                (18, "stations", "count"),
                (300, "MW", "power"),
                (2e9, "USD", "money"),
            ],
        ),
    ],
)
def test_quantities_in_russian_and_chinese(text, found):
    from coopmap.reports.chinese.quantities import find_quantities as chinese
    from coopmap.reports.russian.quantities import find_quantities as russian

    finder = chinese if detect(text) == "zh" else russian
    assert [(q.value, q.unit, q.kind) for q in finder(text)] == found


def test_a_chinese_project_takes_its_size_and_cost(gazetteer):
    (project,) = extract(
        "阿斯塔纳轻轨项目全长22.4公里，设18座车站，总投资19亿美元，计划2016年开工。"
    ).records
    assert {(s.key, s.value) for s in project.specs} == {("length", 22.4), ("stations", 18)}
    assert (project.amount.value, project.amount.currency) == (1.9e9, "USD")


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "Подрядчиком выступит китайская компания China Railway International, а "
            "финансирование предоставит Государственный банк развития Китая.",
            [
                ("China Railway International", "contractor"),
                ("Государственный банк развития Китая", "funder"),
            ],
        ),
        (
            "Часть средств предоставит Банк развития Казахстана, остальное вложат ТОО "
            "«Кызылжар Агро» и Aiju Group.",
            [
                ("Банк развития Казахстана", "funder"),
                ("Кызылжар Агро", "owner"),
                ("Aiju Group", "owner"),
            ],
        ),
        ("Средства фонда пойдут на проект.", []),
        # names with no word of a bank or a company, by Natasha's model, in the nominative
        (
            "Новую подстанцию будет эксплуатировать Национальная электрическая сеть Кыргызстана.",
            [("Национальная электрическая сеть Кыргызстана", "operator")],
        ),
        (
            "Мост построен на средства, которые выделила Китайская железнодорожная "
            "корпорация, а работы ведёт ОАО «Мостострой».",
            [
                ("Китайская железнодорожная корпорация", "funder"),
                ("Мостострой", "contractor"),
            ],
        ),
        (
            "Азиатский банк развития и Евразийский банк развития финансируют второй участок.",
            [("Азиатский банк развития", "funder"), ("Евразийский банк развития", "funder")],
        ),
        (
            "阿斯塔纳轻轨项目由中国铁路工程集团承建，国家开发银行提供贷款。",
            [("中国铁路工程集团", "contractor"), ("国家开发银行", "funder")],
        ),
        (
            "中国远洋海运集团和连云港港口集团将共同投资建设霍尔果斯无水港，由华为技术有限公司运营。",
            [
                ("中国远洋海运集团", "owner"),
                ("连云港港口集团", "owner"),
                ("华为技术有限公司", "operator"),
            ],
        ),
    ],
)
def test_organisations_in_russian_and_chinese(text, roles):
    from coopmap.reports.chinese.organisations import find_actors as chinese
    from coopmap.reports.russian.organisations import find_actors as russian

    finder = chinese if detect(text) == "zh" else russian
    assert [(a.name, a.role.value if a.role else None) for a in finder(text)] == roles


def test_a_chinese_project_takes_its_contractor_and_funder(gazetteer):
    (project,) = extract("阿斯塔纳轻轨项目由中国铁路工程集团承建，国家开发银行提供贷款。").records
    assert [(o.name, o.role.value) for o in project.organisations] == [
        ("中国铁路工程集团", "contractor"),
        ("国家开发银行", "funder"),
    ]
    # the places inside the names are not the project's
    assert [t.place.name for t in project.places] == ["Astana"]


def test_russian_people_are_read_in_the_nominative_and_take_part_in_events(gazetteer):
    from coopmap.reports.russian.organisations import find_actors as russian

    text = (
        "Премьер-министр Казахстана Карим Масимов провёл переговоры в Пекине с премьером "
        "Госсовета КНР Ли Кэцяном."
    )
    people = [(a.name, a.kind) for a in russian(text) if a.kind == "person"]
    assert people == [("Карим Масимов", "person"), ("Ли Кэцян", "person")]
    (talks,) = extract(text).records
    assert [p.name for p in talks.participants] == ["Карим Масимов", "Ли Кэцян"]


def test_chinese_people_after_a_title_take_part_and_are_no_places(gazetteer):
    read = extract("国务院总理李克强在郑州同俄罗斯总理梅德韦杰夫举行会谈。")
    (talks,) = read.records
    assert [p.name for p in talks.participants] == ["李克强", "梅德韦杰夫"]
    assert [t.place.name for t in read.places] == ["Zhengzhou", "Russia"]


def test_a_russian_small_town_is_found_in_the_country_the_text_names(gazetteer):
    from coopmap.reports.russian.toponyms import find_toponyms as russian

    # written for this test: no dictionary knows "Балыкчы"; Kyrgyzstan, named, vouches for it
    text = "Новая дорога в Кыргызстане соединит Балыкчы с Нарыном."
    assert "Balykchy" in [t.place.name for t in russian(text)]
    assert russian("Про Балыкчы ничего не сказано.") == []


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("Хэйлунцзян", "Heilongjiang"),
        ("Ляньюньган", "Lianyungang"),
        ("Чжэнчжоу", "Zhengzhou"),
        ("Цзилинь", "Jilin"),
        ("Шэньчжэнь", "Shenzhen"),
        ("Лоян", "Luoyang"),
    ],
)
def test_palladius_spellings_read_back_in_pinyin(word, reading):
    from coopmap.reports.russian.palladius import pinyin

    assert reading in pinyin(word)


def test_no_pinyin_for_words_that_are_no_palladius_syllables():
    from coopmap.reports.russian.palladius import pinyin

    assert pinyin("Москва") == pinyin("Урумчи") == pinyin("Tongjiang") == []


def test_chinese_places_in_palladius_spelling_are_found(gazetteer):
    from coopmap.reports.russian.toponyms import find_toponyms as russian

    # written for this test
    text = "Мост соединил Благовещенск с городом Тунцзян в провинции Хэйлунцзян."
    assert [t.place.name for t in russian(text)] == ["Blagoveshchensk", "Tongjiang", "Heilongjiang"]


def test_a_chinese_project_is_dated_by_the_cue_nearest_its_date(gazetteer):
    # written for this test: the start is the date of 开工, not of 完工 later in the sentence
    read = extract(
        "中国路桥承建的贝尔格莱德跨河大桥于2011年10月开工建设，比计划提前完工。"
        "2014年12月18日，大桥正式通车。",
        lang="zh",
    )
    (bridge,) = _of_kind(read, "project")
    assert (str(bridge.start), str(bridge.end)) == ("2011-10", "2014-12-18")


def test_a_russian_port_named_after_its_word_is_a_place_not_a_project(gazetteer):
    # written for this test
    read = extract(
        "В порту Курык начато строительство паромного комплекса. Грузы идут через порты "
        "Актау и Курык.",
        lang="ru",
    )
    projects = [c for c in read.records if c.kind.value == "project"]
    assert [p.title for p in projects] == ["Паромный комплекс — Курык"]
    assert projects[0].places[0].place.name == "Kuryk"


def test_chinese_towns_written_without_their_type_and_firms_of_a_place(gazetteer):
    # written for this test
    read = extract("温州企业在暹粒投资建设酒店，副部长在北京会见了代表团。深水港项目仍在规划。")
    names = {t.place.name for t in read.places}
    assert {"Wenzhou", "Siem Reap", "Beijing"} <= names
    assert "Shenshuigang" not in names
    assert all(a.name != "在北京" for a in read.actors)


def test_a_ceremony_is_an_event_in_english_and_russian(gazetteer):
    # written for this test
    (en,) = [
        c
        for c in extract(
            "At a ceremony in Tashkent on 12 May 2024, the minister opened the plant."
        ).records
        if c.kind.value == "event"
    ]
    assert (en.event_type.value, en.places[0].place.name) == ("announcement", "Tashkent")
    ru = extract("В Ташкенте 12 мая 2024 года прошла церемония открытия завода.").records
    assert any(c.event_type is not None and c.event_type.value == "announcement" for c in ru)


def test_russian_money_given_with_words_between_is_a_funder(gazetteer):
    # written for this test
    read = extract("Часть средств на новое оборудование предоставил «Халык Банк».")
    assert [(a.name, a.role.value) for a in read.actors if a.role] == [("Халык Банк", "funder")]


def test_russian_parts_of_the_world_are_no_towns(gazetteer):
    # written for this test: towns called Asia and Caucasia exist, but not in this sentence
    read = extract("Поезда идут из Китая в Европу через Центральную Азию и Кавказ.")
    assert [t.place.name for t in read.places] == ["China"]


def test_a_russian_complex_takes_the_town_after_it_and_its_own_plant_is_a_part(gazetteer):
    # written for this test
    read = extract(
        "Металлургический комплекс в Караганде и новый терминал в Алматы\n\n"
        "АСТАНА, 3 марта 2024 года. Стороны подписали соглашение о строительстве "
        "промышленно-металлургического комплекса в Караганде. Комплекс будет включать "
        "собственную электростанцию."
    )
    projects = [c for c in read.records if c.kind.value == "project"]
    complexes = [c for c in projects if "комплекс" in c.title.lower()]
    assert len(complexes) == 1
    assert complexes[0].places[0].place.name == "Karagandy"
    assert not any("электростанц" in c.title.lower() for c in projects)


def test_a_russian_event_cites_its_whole_phrase(gazetteer):
    # written for this test
    read = extract("С 5 по 7 июня в Урумчи прошёл Казахстанско-китайский инвестиционный форум.")
    (forum,) = [c for c in read.records if c.kind.value == "event"]
    assert any(e.field == "title" and "инвестиционный форум" in e.text for e in forum.evidence)


def test_chinese_parties_named_by_their_role_words_and_powers_in_units(gazetteer):
    # written for this test
    read = extract(
        "阿拉木图风电站项目位于阿拉木图州。项目投资方为本公司全资子公司中国电建集团海外投资有限公司，"
        "项目总承包由中国电建集团西北勘测设计研究院有限公司承担，项目融资由国家开发银行提供，"
        "项目运营方为阿拉木图风电有限公司。装机容量为2台5万千瓦机组，年发电量约3亿千瓦时。"
    )
    roles = {(a.name, a.role.value) for a in read.actors if a.role}
    assert roles == {
        ("中国电建集团海外投资有限公司", "owner"),
        ("中国电建集团西北勘测设计研究院有限公司", "contractor"),
        ("国家开发银行", "funder"),
        ("阿拉木图风电有限公司", "operator"),
    }
    (plant,) = [c for c in read.records if c.kind.value == "project"]
    assert {(s.value, s.unit) for s in plant.specs} >= {(100, "MW"), (300000, "MWh")}


def test_a_chinese_park_a_project_stands_in_is_no_project_of_its_own(gazetteer):
    # written for this test
    read = extract("卡西姆港燃煤电站项目位于卡拉奇市卡西姆港工业园区内。")
    titles = [c.title for c in read.records if c.kind.value == "project"]
    assert any("电站" in t for t in titles)
    assert not any("工业园" in t for t in titles)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # written for this test; the report is dated 17 June 2024
        ("В Ташкенте в марте прошли переговоры.", "2024-03"),
        ("В апреле текущего года в Астане прошло заседание совета.", "2024-04"),
        ("Строительство начнётся в начале следующего года.", "2025"),
        ("Завод запустят до конца 2026 года.", "2026"),
        ("В декабре прошлого года стороны подписали соглашение.", "2023-12"),
    ],
)
def test_russian_months_of_a_relative_year_and_parts_of_a_year(text, date):
    from coopmap.dates import PartialDate
    from coopmap.reports.russian.dates import find_dates

    found = find_dates(text, report_date=PartialDate.parse("2024-06-17"))
    assert [str(d.date) for d in found] == [date]


def test_a_russian_event_of_no_date_takes_the_one_of_the_sentence_before(gazetteer):
    # written for this test
    read = extract(
        "ТАШКЕНТ. 17 июня. Завод в Джизакской области в минувшую пятницу вышел на проектную "
        "мощность. В церемонии открытия приняли участие министры.",
        date="2024-06-17",
    )
    (ceremony,) = _of_kind(read, "event")
    assert str(ceremony.start) == "2024-06-14"


def _of_kind(read, kind):
    """The records of one kind ("project", "event") an extraction proposes."""
    return [c for c in read.records if c.kind.value == kind]


def test_chinese_names_known_by_their_verb_where_money_comes_from_and_who_invests():
    # written for this test
    from coopmap.reports.chinese.organisations import find_actors as chinese_actors

    def roles(text):
        return [(a.name, a.role.value) for a in chinese_actors(text) if a.role]

    assert roles("阿拉木图地铁二期由中国铁建承建。") == [("中国铁建", "contractor")]
    assert roles("其中约八成资金来自国家开发银行的贷款，其余由哈萨克斯坦政府出资。") == [
        ("国家开发银行", "funder"),
        ("哈萨克斯坦政府", "funder"),
    ]
    assert roles("由中信建设有限公司投资建设的炼油厂于2014年建成投产。") == [
        ("中信建设有限公司", "owner"),
        ("中信建设有限公司", "funder"),
    ]
    # firms of a place name the place, not a company
    assert roles("由温州企业投资的工业园已吸引十余家企业入驻。") == []


def test_the_companies_of_a_russian_or_chinese_signing_take_part_in_it(gazetteer):
    # written for this test
    ru = extract(
        "МОСКВА, 20 декабря. ПАО «Сибур Холдинг» и китайская Sinopec в минувшую пятницу "
        "подписали в Москве соглашение о создании совместного предприятия."
    )
    (signing,) = _of_kind(ru, "event")
    assert {p.name for p in signing.participants} >= {"Sinopec"}
    zh = extract("2019年4月25日，中国路桥工程有限责任公司与肯尼亚国家公路局在内罗毕签署合作协议。")
    (signing,) = _of_kind(zh, "event")
    assert {p.name for p in signing.participants} == {
        "中国路桥工程有限责任公司",
        "肯尼亚国家公路局",
    }


def _projects_by_title(read):
    return {c.title: c for c in _of_kind(read, "project")}


def test_a_russian_bare_head_word_is_the_project_named_before(gazetteer):
    # written for this test
    read = extract(
        "ПАВЛОДАР, 4 апреля 2024 года. В Павлодарской области построят завод по выпуску "
        "ферросплавов. Завод мощностью 240 тысяч тонн в год построит компания «Bolat Steel», "
        "а кредит предоставит Банк развития Казахстана."
    )
    (plant,) = _of_kind(read, "project")
    assert {(o.name, o.role.value) for o in plant.organisations} == {
        ("Bolat Steel", "contractor"),
        ("Банк развития Казахстана", "funder"),
    }
    assert [(s.value, s.unit) for s in plant.specs] == [(240000, "t")]


def test_a_russian_project_is_at_a_place_of_its_own_clause(gazetteer):
    # written for this test
    read = extract(
        "В Шымкенте откроют новый терминал, а в Таразе построят логистический центр.\n\n"
        "АСТАНА, 1 мая 2024 года. Об этом сообщили в министерстве транспорта."
    )
    places = {c.title.split(" — ")[0]: c.places[0].place.name for c in _of_kind(read, "project")}
    assert places == {"Новый терминал": "Shymkent", "Логистический центр": "Taraz"}


def test_a_russian_phase_is_a_project_of_its_own(gazetteer):
    # written for this test
    read = extract(
        "АКТОБЕ, 2 февраля 2024 года. Вторая очередь цементного завода в Актобе будет введена "
        "в эксплуатацию в следующем году. Цементный завод в Актобе работает с 2019 года."
    )
    titles = sorted(c.title for c in _of_kind(read, "project"))
    assert titles == ["Вторая очередь цементного завода — Актобе", "Цементный завод — Актобе"]
    phase = _projects_by_title(read)["Вторая очередь цементного завода — Актобе"]
    assert (str(phase.start), phase.status.value) == ("2025", "announced")


def test_a_russian_zone_a_project_is_in_is_no_project_and_two_plants_stay_two(gazetteer):
    # written for this test
    read = extract(
        "АТЫРАУ, 5 марта 2024 года. В Атырауской области строят завод по производству "
        "полиэтилена. В индустриальной зоне Атырау запущена установка по выпуску полипропилена. "
        "Стороны также изучат возможность строительства в Атырау завода по выпуску бутадиена."
    )
    titles = [c.title for c in _of_kind(read, "project")]
    assert len(titles) == 3
    assert not any("зона" in t.lower() for t in titles)
    assert any("бутадиена" in t for t in titles)
    assert any("полиэтилена" in t for t in titles)


def test_a_russian_plant_in_a_town_is_the_plant_in_its_region(gazetteer):
    # written for this test
    read = extract(
        "В Джизаке открыли завод BYD\n\n"
        "ТАШКЕНТ, 3 июля 2024 года. Завод китайской компании BYD в Джизакской области вышел на "
        "проектную мощность."
    )
    assert len(_of_kind(read, "project")) == 1


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # the innermost quote of a nested one
        ("Оператором станет АО «НК «Қазақстан темір жолы».", ["Қазақстан темір жолы"]),
        # a fund by its own quoted name, not by its kind
        (
            "Инвестором выступит Фонд национального благосостояния «Самрук-Казына».",
            ["Самрук-Казына"],
        ),
        # a quoted name the dictionary knows as a company's, in the nominative
        ("Владельцем завода является компания «Газпрома».", ["Газпром"]),
    ],
)
def test_russian_quoted_names(text, names):
    from coopmap.reports.russian.organisations import find_actors as russian_actors

    assert [a.name for a in russian_actors(text)] == names


def test_a_russian_exhibition_word_needs_its_own_word_and_a_future_opening_is_a_plan(gazetteer):
    # written for this test
    read = extract(
        "АСТАНА, 6 мая 2024 года. Экспортно-импортный банк Китая выделит кредит на "
        "строительство ТЭЦ в Кокшетау. Станция будет введена в эксплуатацию в 2026 году."
    )
    assert _of_kind(read, "event") == []
    (plant,) = _of_kind(read, "project")
    assert plant.status.value != "operating"


def test_a_russian_line_named_by_its_ends_and_mentioned_again_by_its_head(gazetteer):
    # written for this test
    read = extract(
        "Газопровод Бейнеу – Шымкент работает пять лет\n\n"
        "АСТАНА, 2 марта 2024 года. Газопровод Бейнеу – Шымкент построило ТОО «Газопровод "
        "Бейнеу-Шымкент». Газопровод длиной 1 454 км идёт до Шымкента."
    )
    (pipeline,) = _of_kind(read, "project")
    assert pipeline.title == "Газопровод Бейнеу – Шымкент"
    assert [t.place.name for t in pipeline.line] == ["Beyneu", "Shymkent"]
    assert [(s.value, s.unit) for s in pipeline.specs] == [(1454, "km")]


def test_a_russian_ceremony_of_commissioning_and_a_gathering_are_events(gazetteer):
    # written for this test
    read = extract(
        "ТАРАЗ, 3 мая 2024 года. Вчера в Таразе состоялась церемония ввода в эксплуатацию "
        "новой подстанции. В Астане прошло торжественное собрание энергетиков."
    )
    titles = {e.text for c in _of_kind(read, "event") for e in c.evidence if e.field == "title"}
    assert "церемония ввода в эксплуатацию" in titles
    assert "торжественное собрание энергетиков" in titles


def test_a_chinese_park_is_at_the_town_in_its_name_and_its_buildings_are_no_plant(gazetteer):
    # written for this test
    read = extract(
        "新华社亚的斯亚贝巴5月3日电 由中国土木承建的德雷达瓦工业园日前竣工。德雷达瓦工业园"
        "建有标准厂房10座，园区于2017年3月开工，建设资金由埃塞政府提供。园区将带动农产品加工"
        "和物流发展。"
    )
    (park,) = _of_kind(read, "project")
    assert park.places[0].place.name == "Dire Dawa"
    assert str(park.start) == "2017-03"
    assert {(o.name, o.role.value) for o in park.organisations} >= {("埃塞政府", "funder")}


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # a role word after a comma opens its own clause; "строительство" is no role
        (
            "Заказчиком проекта выступает АО «Навоиазот», генподрядчиком — CNCEC. Стоимость "
            "строительства оплатит сам «Навоиазот».",
            [("Навоиазот", "owner"), ("CNCEC", "contractor")],
        ),
        (
            "Монтажные работы на площадке ведёт ООО «Kimyo Montaj».",
            [("Kimyo Montaj", "contractor")],
        ),
        (
            "Компания China Energy завершает строительство станции.",
            [("China Energy", "contractor")],
        ),
    ],
)
def test_russian_roles_by_their_own_clause_and_verbs(text, roles):
    # written for this test
    from coopmap.reports.russian.organisations import find_actors as russian_actors

    assert [(a.name, a.role.value) for a in russian_actors(text) if a.role] == roles


def test_russian_companies_that_took_part_are_in_the_event_before(gazetteer):
    # written for this test
    read = extract(
        "ТАРАЗ, 10 апреля 2023 года. Вчера в Таразе состоялась церемония открытия нового "
        "завода. В мероприятии приняли участие представители компании «Kazakh Steel»."
    )
    (ceremony,) = _of_kind(read, "event")
    assert "Kazakh Steel" in {p.name for p in ceremony.participants}
